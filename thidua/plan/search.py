"""What search finds (SPEC §15), planned as plain data: every kind of thing a reader may look
for, with what it is called on the results page, and its entries: where each leads, what it
shows, the words it is found by. outputs/search.py writes them into the index.

Posts are the kind "Tin tức": the index takes their words from their bodies (outputs/search.py)
and splits them by year. Every other kind is a list of SearchEntry made from the data files.

To add a kind: write a function site, records → entries, and add it to DATA_KINDS with its
id and label, in the order the results page lists kinds. That is all: the index and the
browser's search (thidua-search.js) take any kind the manifest names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import urls
from ..core.dates import short_date, vi_number
from ..model.campaigns import CAMPAIGN_STATES, campaign_state
from ..model.indexes import AwardRecord, Records
from ..model.site import Site
from ..model.succession import Fate
from .consultations import GROUPS as CONSULTATION_GROUPS, consultation_views
from .documents import Library


@dataclass(frozen=True)
class SearchKind:
    id: str  # 'don-vi'
    label: str  # what the results page calls a group of them: 'Đơn vị'


@dataclass(frozen=True)
class SearchEntry:
    url: str  # site path, with an anchor where the thing is part of a page
    title: str  # the link's text; its words weigh most
    detail: str = ""  # one line under it: what it is, when, where
    summary: str = ""  # a few lines more, shortened on the results page
    words: str = ""  # more text it is found by, not shown (a unit's short name…)


POSTS = SearchKind("tin-tuc", "Tin tức")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ended(fate: Fate | None) -> str:
    """'Đã hợp nhất vào Sở Tài chính từ 01/03/2025', for a unit or bloc that no longer exists."""
    return _sentence(fate.text()) if fate is not None else ""


def unit_entries(site: Site, records: Records) -> list[SearchEntry]:
    year = site.settings.today.year
    entries = []
    for unit in sorted(site.data.units.values(), key=lambda u: u.name):
        blocs = [role.bloc.name for role in records.roles.get(unit.id, []) if role.year == year]
        detail = " · ".join(filter(None, [unit.kind, *blocs,
                                          _ended(records.units.fates.get(unit.id))]))
        awards = sum(1 for r in records.by_unit.get(unit.id, []) if not r.is_proposal)
        summary = f"{vi_number(awards)} lượt khen thưởng tập thể và cá nhân." if awards else ""
        entries.append(SearchEntry(urls.unit(unit.id), unit.name, detail, summary,
                                   unit.short_name or ""))
    return entries


def bloc_entries(site: Site, records: Records) -> list[SearchEntry]:
    year = site.settings.today.year
    entries = []
    for bloc in sorted(site.data.blocs.values(), key=lambda b: b.name):
        term = bloc.latest_term(year)
        detail = "Cụm thi đua" if bloc.kind == "cum" else "Khối thi đua"
        if term is not None:
            leader = site.data.units.get(term.leader)
            detail += (f" · {len(term.members)} đơn vị năm {term.year}"
                       + (f", {bloc.role_name('leader')}: {leader.name}" if leader else ""))
        if bloc.id in records.blocs.fates:
            detail += f" · {_ended(records.blocs.fates[bloc.id])}"
        entries.append(SearchEntry(urls.bloc(bloc.id), bloc.name, detail, bloc.description or ""))
    return entries


def title_entries(site: Site, records: Records) -> list[SearchEntry]:
    """The titles and forms of commendation that have a page (some award names them)."""
    used = {record.title.id for record in records.all_awards}
    return [SearchEntry(urls.award_title(title.id), title.name,
                        ("Danh hiệu thi đua" if title.kind == "danh-hieu"
                         else "Hình thức khen thưởng") + f" · {title.issuer}")
            for title in site.data.titles.values() if title.id in used]


def decision_entries(site: Site, records: Records) -> list[SearchEntry]:
    """Decisions and proposals, found by their number as written ("298/QĐ-UBND")."""
    entries = []
    for decision in records.decisions:
        kind = "Tờ trình đề nghị khen thưởng" if decision.is_proposal else "Quyết định khen thưởng"
        bloc = site.data.blocs.get(decision.bloc) if decision.bloc else None
        detail = (f"{kind} ngày {short_date(decision.date)} của {decision.issuer} · thời kỳ "
                  f"{decision.period} · {vi_number(len(decision.awards))} lượt"
                  + (f" · {bloc.name}" if bloc else ""))
        entries.append(SearchEntry(urls.decision(decision),
                                   f"{'Đề nghị' if decision.is_proposal else 'Quyết định'} số "
                                   f"{decision.number}", detail, decision.reason or ""))
    return entries


def award_entries(site: Site, records: Records) -> list[SearchEntry]:
    """Who received (or was proposed for) what, and when: collectives and people."""
    return [_award_entry(record, site) for record in records.all_awards]


def _award_entry(record: AwardRecord, site: Site) -> SearchEntry:
    """A collective is found by the name it had when awarded and leads to its own page (kept
    when it has ended), with who carries on its work today; a person leads to the awards of
    the title on the year's page."""
    decision, units = record.decision, site.data.units
    now = record.fate.now_text() if record.fate is not None else ""
    if record.is_collective:
        unit = units.get(record.award.unit)
        name, about = (unit.name if unit else record.award.unit), _sentence(now)
        address = urls.unit_awards(record.award.unit, decision.is_proposal)
    else:
        person = record.person
        unit = units.get(person.unit) if person.unit else None
        name, about = person.name, person.position or ""
        if unit is not None and unit.name not in about:  # "Trưởng phòng …, Sở Tài chính"
            about = f"{about}, {unit.name}" if about else unit.name
        if now:
            about += f" ({now})"
        address = urls.awards_of_title_in_year(decision.year, record.title.id,
                                               decision.is_proposal)
    detail = " · ".join(filter(None, [
        record.title.name + (" (đề nghị)" if decision.is_proposal else ""),
        decision.period, about]))
    return SearchEntry(address, name, detail, words=decision.period)


def document_entries(site: Site, records: Records) -> list[SearchEntry]:
    """The documents library, newest first, found by the number as written ("98/2023",
    "298/QĐ-UBND") and the words of the title, the issuer and the topics."""
    entries = []
    for view in Library.build(site).newest_first:
        document = view.document
        title = (f"{view.type.name} {document.number}: {document.title}" if document.number
                 else document.title)
        detail = " · ".join([view.type.name, document.issuer,
                             f"ngày ký {short_date(document.signed)}", view.status_name])
        entries.append(SearchEntry(view.url, title, detail,
                                   words=" ".join([*document.topics, document.signer or ""])))
    return entries


PHASE_NAMES = dict(CONSULTATION_GROUPS)  # 'dang-mo' → 'Đang lấy ý kiến', as the list heads it


def consultation_entries(site: Site, records: Records) -> list[SearchEntry]:
    """Consultations on proposed awards, newest first, with the names they propose. Only the
    phase is shown, not the days left: the index changes on the days a consultation opens and
    closes, not every day."""
    entries = []
    for view in sorted(consultation_views(site), key=lambda v: v.consultation.opens,
                       reverse=True):
        consultation = view.consultation
        detail = " · ".join([
            PHASE_NAMES[view.state.phase], consultation.issuer,
            f"từ {short_date(consultation.opens)} đến hết {short_date(consultation.closes)}"])
        names = [site.data.units[award.unit].name if award.unit else award.person.name
                 for award in consultation.candidates]
        entries.append(SearchEntry(view.url, consultation.title, detail,
                                   consultation.description or "", " ".join(names)))
    return entries


def campaign_entries(site: Site, records: Records) -> list[SearchEntry]:
    today = site.settings.today
    return [SearchEntry(urls.campaign(campaign.id), campaign.name,
                        " · ".join([CAMPAIGN_STATES[campaign_state(campaign, today)],
                                    f"giai đoạn {campaign.period}",
                                    f"{campaign.issuer} phát động ngày "
                                    f"{short_date(campaign.launched)}"]),
                        campaign.description or "")
            for campaign in sorted(site.data.campaigns.values(),
                                   key=lambda c: c.launched, reverse=True)]


# The kinds besides posts, in the order the results page lists them (posts come last: a name
# that matches a unit, a bloc or a person is more likely what the reader wants than the news
# mentioning it).
DATA_KINDS: list[tuple[SearchKind, Callable[[Site, Records], list[SearchEntry]]]] = [
    (SearchKind("don-vi", "Đơn vị"), unit_entries),
    (SearchKind("khoi-thi-dua", "Khối thi đua"), bloc_entries),
    (SearchKind("van-ban", "Văn bản"), document_entries),
    (SearchKind("lay-y-kien", "Lấy ý kiến"), consultation_entries),
    (SearchKind("phong-trao", "Phong trào thi đua"), campaign_entries),
    (SearchKind("danh-hieu", "Danh hiệu thi đua, hình thức khen thưởng"), title_entries),
    (SearchKind("quyet-dinh", "Quyết định khen thưởng"), decision_entries),
    (SearchKind("khen-thuong", "Khen thưởng"), award_entries),
]


def data_entries(site: Site) -> list[tuple[SearchKind, list[SearchEntry]]]:
    """Every kind besides posts with its entries (a kind with none is left out)."""
    records = Records.build(site.data, site.settings.today)
    found = [(kind, entries(site, records)) for kind, entries in DATA_KINDS]
    return [(kind, entries) for kind, entries in found if entries]
