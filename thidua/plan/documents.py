"""The documents library (SPEC §11): /van-ban/ (newest first, paginated, with filters),
/van-ban/loai/TYPE/, /van-ban/ID/; the status of each document as of the build date; the
files it publishes beside the pages and the small index the browser filters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..core.dates import short_date, vi_size
from ..core.text import fold
from ..model.campaigns import Campaign
from ..model.consultations import Consultation
from ..model.decisions import Decision
from ..model.documents import (STATUS_NAMES, Document, DocumentFile, DocumentType,
                               document_status, replaced_by)
from ..model.site import Site
from .pages import HOME_CRUMB, PagePlan, paginate

CRUMBS = HOME_CRUMB + [("Văn bản", urls.DOCUMENTS)]


@dataclass(frozen=True)
class DocumentView:
    """A document as the pages show it on the build date."""

    document: Document
    type: DocumentType
    status: str  # a key of STATUS_NAMES
    file: DocumentFile | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def url(self) -> str:
        return urls.document(self.document.id)

    @property
    def file_url(self) -> str | None:
        return urls.document_file(self.document.id, self.file.name) if self.file else None


@dataclass
class Library:
    """Every document with its status, and what cites each one, built once per build."""

    views: dict[str, DocumentView] = field(default_factory=dict)
    newest_first: list[DocumentView] = field(default_factory=list)
    replaced_by: dict[str, list[Document]] = field(default_factory=dict)
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    campaigns: dict[str, list[Campaign]] = field(default_factory=dict)  # launched by it, or its own
    consultations: dict[str, list[Consultation]] = field(default_factory=dict)
    by_campaign: dict[str, list[DocumentView]] = field(default_factory=dict)

    @classmethod
    def build(cls, site: Site) -> Library:
        data, today = site.data, site.settings.today
        library = cls(replaced_by=replaced_by(data.documents))
        for ident, document in data.documents.items():
            library.views[ident] = DocumentView(
                document, data.document_types[document.type],
                document_status(document, today, library.replaced_by.get(ident, [])),
                data.document_files.get(ident))
        library.newest_first = sorted(library.views.values(), key=_newest_first)
        for view in library.newest_first:
            if view.document.campaign:
                library.by_campaign.setdefault(view.document.campaign, []).append(view)
        for decision in sorted(data.decisions, key=lambda d: (-d.date.toordinal(), d.number)):
            if decision.document:
                library.decisions.setdefault(decision.document, []).append(decision)
        for campaign in data.campaigns.values():
            if campaign.document:
                library.campaigns.setdefault(campaign.document, []).append(campaign)
        for consultation in data.consultations.values():
            if consultation.document:
                library.consultations.setdefault(consultation.document, []).append(consultation)
        return library

    def statuses(self, views) -> tuple:
        """What of a list of documents follows from the build date (PagePlan.as_of)."""
        return tuple((view.document.id, view.status) for view in views)


def _newest_first(view: DocumentView) -> tuple:
    return (-view.document.signed.toordinal(), view.document.number or "", view.document.id)


def plan_documents(site: Site, library: Library) -> list[PagePlan]:
    views = library.newest_first
    types = [(kind, sum(1 for v in views if v.type.id == kind.id))
             for kind in site.data.document_types.values()]
    types = [(kind, count) for kind, count in types if count]
    filters = {"types": types,
               "years": sorted({v.document.year for v in views}, reverse=True),
               "issuers": sorted({v.document.issuer for v in views}, key=fold)}
    plans = _list_pages(views, urls.DOCUMENTS, "Văn bản", HOME_CRUMB, site, library,
                        "Thư viện văn bản về thi đua, khen thưởng: luật, nghị định, thông tư, "
                        "quyết định, kế hoạch, hướng dẫn, biểu mẫu.",
                        {"filters": filters, "current_type": None})
    for kind, _ in types:
        of_kind = [view for view in views if view.type.id == kind.id]
        plans += _list_pages(of_kind, urls.document_type(kind.id), kind.name, CRUMBS, site,
                             library, kind.description or f"Các văn bản loại {kind.name}.",
                             {"filters": filters, "current_type": kind})
    for view in views:
        plans.append(_document_page(view, library))
    return plans


def _list_pages(views: list[DocumentView], base: str, title: str, crumbs: list, site: Site,
                library: Library, description: str, extra: dict) -> list[PagePlan]:
    plans = []
    for pager, items in paginate(views, base, site.settings.per_page):
        plans.append(PagePlan(
            url=pager.url, template="thidua/documents.html",
            title=title if pager.number == 1 else f"{title} – Trang {pager.number}",
            section=urls.DOCUMENTS, description=description,
            crumbs=crumbs + ([(title, base)] if pager.number > 1 else []),
            data={"documents": items, "pager": pager, **extra},
            feeds=[("Văn bản mới (RSS)", urls.DOCUMENTS_FEED)],
            as_of=library.statuses(items)))
    return plans


def _document_page(view: DocumentView, library: Library) -> PagePlan:
    document = view.document
    replaces = [library.views[i] for i in document.replaces if i in library.views]
    replacing = [library.views[d.id] for d in library.replaced_by.get(document.id, [])]
    return PagePlan(
        url=view.url, template="thidua/document.html",
        title=f"{view.type.name} {document.number}" if document.number else document.title,
        section=urls.DOCUMENTS, description=document.title,
        crumbs=CRUMBS + [(view.type.name, urls.document_type(view.type.id))],
        data={"view": view, "replaces": replaces, "replaced_by": replacing,
              "decisions": library.decisions.get(document.id, []),
              "campaigns": library.campaigns.get(document.id, []),
              "consultations": library.consultations.get(document.id, [])},
        feeds=[("Văn bản mới (RSS)", urls.DOCUMENTS_FEED)],
        as_of=library.statuses([view, *replaces, *replacing]))


# ---- what the library publishes besides its pages -------------------------------------------

def document_files(library: Library) -> dict[str, Path]:
    """Each document's file at its address beside the document's page → the file on disk."""
    return {view.file_url: view.file.path for view in library.newest_first if view.file}


def filter_index(library: Library) -> dict:
    """What the library's filter reads in the browser (urls.DOCUMENTS_INDEX): for each
    document, newest first, the fields it filters on and shows, and its words, folded."""
    rows, types = [], {}
    for view in library.newest_first:
        document = view.document
        types[view.type.id] = view.type.name
        words = fold(" ".join([document.number or "", document.title, document.issuer,
                               view.type.name, *document.topics]))
        download = [view.file_url, f"{view.file.kind}, {vi_size(view.file.size)}"] \
            if view.file else ["", ""]
        rows.append([view.url, document.number or "", document.title, view.type.id,
                     document.year, document.issuer, view.status, short_date(document.signed),
                     document.signed.isoformat(), " ".join(words.split()), *download])
    return {"fields": ["url", "number", "title", "type", "year", "issuer", "status", "signed",
                       "date", "words", "file", "file_info"],
            "types": types, "statuses": STATUS_NAMES, "documents": rows}
