"""What site search should find besides posts (SPEC §15): documents (by their number, "98/2023",
and the words of their title), consultations and campaigns, as plain entries.

The hook for the site-wide search: outputs/search.py indexes posts only so far; the search that
covers every kind (issue 16) takes these entries as they are — kind label, address, title, date,
summary and the words to index, folded as core.text folds them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import urls
from ..core.dates import short_date
from ..core.text import words_of
from ..model.site import Site
from .consultations import consultation_views
from .documents import Library


@dataclass(frozen=True)
class SearchEntry:
    kind: str  # how results label it: "Văn bản", "Lấy ý kiến", "Phong trào"
    url: str  # site path of its page
    title: str
    date: date
    summary: str
    words: tuple[str, ...]  # folded words to index, the title's first


def portal_entries(site: Site) -> list[SearchEntry]:
    entries = []
    for view in Library.build(site).newest_first:
        document = view.document
        title = f"{view.type.name} {document.number}: {document.title}" if document.number \
            else document.title
        entries.append(SearchEntry(
            "Văn bản", view.url, title, document.signed,
            f"{document.issuer}, {short_date(document.signed)}. {view.status_name}.",
            _words(title, document.issuer, *document.topics)))
    for view in consultation_views(site):
        consultation = view.consultation
        entries.append(SearchEntry(
            "Lấy ý kiến", view.url, consultation.title, consultation.opens,
            f"Từ {short_date(consultation.opens)} đến hết {short_date(consultation.closes)}.",
            _words(consultation.title, consultation.description or "", consultation.issuer)))
    for campaign in site.data.campaigns.values():
        entries.append(SearchEntry(
            "Phong trào", urls.campaign(campaign.id), campaign.name, campaign.launched, campaign.description or campaign.period,
            _words(campaign.name, campaign.description or "", campaign.issuer)))
    return entries


def _words(*texts: str) -> tuple[str, ...]:
    return tuple(word for text in texts for word in words_of(text))
