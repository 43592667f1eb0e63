"""The feeds of the site (SPEC §8), planned like pages: the site's RSS and Atom, one RSS per
bloc and per category, each with its newest posts; the RSS of new documents and of
consultations (SPEC §6), whose items are planned here as plain data. outputs/feeds.py writes
them."""
from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .. import urls
from ..core.dates import day_start, short_date
from ..model.indexes import Lineage
from ..model.post import Post
from ..model.site import Site
from .consultations import consultation_views
from .documents import Library

FEED_SIZE = 50


@dataclass(frozen=True)
class FeedItem:
    """An entry of a feed that is not a post (a document, a consultation)."""

    url: str  # site path of its page
    title: str
    summary: str
    published: datetime
    categories: tuple[tuple[str, str, str], ...] = ()  # (term, label, site path of the scheme)
    enclosure: tuple[str, int, str] | None = None  # (site path, length, MIME type)


@dataclass(frozen=True)
class Feed:
    path: str  # where it is written, relative to the site: 'khoi-thi-dua/x/rss.xml'
    kind: str  # 'rss' or 'atom'
    title: str
    description: str
    page: str  # the HTML page the feed follows: 'khoi-thi-dua/x/'
    posts: tuple[Post, ...]  # newest first, at most FEED_SIZE
    units: Mapping[str, str]  # how entries name the units their posts are about (unit_names)
    items: tuple[FeedItem, ...] = ()  # a feed of documents or consultations has these instead


def plan_feeds(site: Site) -> list[Feed]:
    """Every feed of the site; drafts and scheduled posts are never in `site.posts` of a build."""
    name = site.settings.site_name
    newest = tuple(site.posts[:FEED_SIZE])
    units = unit_names(site)
    feeds = [
        Feed(urls.SITE_RSS, "rss", name, f"Tin mới nhất của {name}", urls.HOME, newest, units),
        Feed(urls.SITE_ATOM, "atom", name, f"Tin mới nhất của {name}", urls.HOME, newest, units),
    ]
    by_bloc: dict[str, list[Post]] = {ident: [] for ident in site.data.blocs}
    by_category: dict[str, list[Post]] = {ident: [] for ident in site.data.categories}
    for post in site.posts:
        for ident in post.meta.blocs:
            by_bloc[ident].append(post)
        by_category[post.meta.category].append(post)
    for ident, posts in by_bloc.items():
        bloc = site.data.blocs[ident]
        feeds.append(Feed(urls.bloc_feed(ident), "rss", f"{bloc.name} – {name}",
                          f"Tin tức của {bloc.name}", urls.bloc(ident), tuple(posts[:FEED_SIZE]),
                          units))
    for ident, posts in by_category.items():
        category = site.data.categories[ident]
        feeds.append(Feed(urls.category_feed(ident), "rss", f"{category.name} – {name}",
                          category.description or f"Chuyên mục {category.name}",
                          urls.category(ident), tuple(posts[:FEED_SIZE]), units))
    feeds.append(Feed(urls.DOCUMENTS_FEED, "rss", f"Văn bản mới – {name}",
                      f"Văn bản mới về thi đua, khen thưởng của {name}", urls.DOCUMENTS, (),
                      {}, tuple(_document_items(site))))
    feeds.append(Feed(urls.CONSULTATIONS_FEED, "rss", f"Lấy ý kiến nhân dân – {name}",
                      "Các đợt lấy ý kiến nhân dân đối với đề nghị khen thưởng", urls.CONSULTATIONS,
                      (), {}, tuple(_consultation_items(site))))
    return feeds


def unit_names(site: Site) -> dict[str, str]:
    """Each unit as a feed entry names it: by the name the post knew, with who carries on its
    work today when it has ended ("Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)")."""
    fates = Lineage.build(site.data.units, site.settings.today).fates
    return {ident: f"{unit.name} ({fates[ident].now_text()})" if ident in fates else unit.name
            for ident, unit in site.data.units.items()}


def _document_items(site: Site) -> list[FeedItem]:
    library = Library.build(site)
    items = []
    for view in library.newest_first[:FEED_SIZE]:
        document = view.document
        summary = f"{document.issuer} ban hành ngày {short_date(document.signed)}"
        if document.starts != document.signed:
            summary += f", có hiệu lực từ ngày {short_date(document.starts)}"
        categories = [(view.type.id, view.type.name, urls.DOCUMENTS)]
        campaign = site.data.campaigns.get(document.campaign or "")
        if campaign:
            categories.append((campaign.id, campaign.name, urls.CAMPAIGNS))
        enclosure = None
        if view.file:
            mime = mimetypes.guess_type(view.file.name)[0] or "application/octet-stream"
            enclosure = (view.file_url, view.file.size, mime)
        title = f"{view.type.name} {document.number}: {document.title}" if document.number \
            else document.title
        items.append(FeedItem(view.url, title, f"{summary}. {document.title}",
                              day_start(document.signed), tuple(categories), enclosure))
    return items


def _consultation_items(site: Site) -> list[FeedItem]:
    """Consultations that have opened, the latest first: the daily build adds one on the day
    it opens."""
    opened = [view for view in consultation_views(site) if view.state.phase != "sap-mo"]
    opened.sort(key=lambda view: (-view.consultation.opens.toordinal(), view.consultation.id))
    items = []
    for view in opened[:FEED_SIZE]:
        consultation = view.consultation
        collectives, people = len(view.candidates(True)), len(view.candidates(False))
        who = " và ".join(part for part in (f"{collectives} tập thể" if collectives else "",
                                             f"{people} cá nhân" if people else "") if part)
        summary = (f"{consultation.issuer} lấy ý kiến từ ngày {short_date(consultation.opens)} "
                   f"đến hết ngày {short_date(consultation.closes)} đối với {who} được đề nghị "
                   f"khen thưởng. Ý kiến gửi về {consultation.contact.office}.")
        items.append(FeedItem(view.url, consultation.title, summary, day_start(consultation.opens)))
    return items
