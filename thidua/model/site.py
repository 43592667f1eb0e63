"""The whole model: the data files together (SiteData), the posts a build shows (Site), and
the checks that run once everything is read."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..config.settings import Settings
from ..core.problems import Problems
from ..pictures.picture import Picture
from ..pictures.store import PictureStore
from . import post as post_rules
from .blocs import Bloc, check_blocs
from .base import NOUNS
from .campaigns import Campaign, check_campaigns
from .categories import Category
from .consultations import Consultation, check_consultations
from .decisions import Decision, check_decisions
from .documents import Document, DocumentFile, DocumentType, check_documents
from .post import Post
from .titles import Title
from .units import Unit, check_units
from .workdays import WorkingCalendar


@dataclass
class SiteData:
    units: dict[str, Unit] = field(default_factory=dict)
    blocs: dict[str, Bloc] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    decision_ids: dict[str, list[Decision]] = field(default_factory=dict)  # by file name
    document_types: dict[str, DocumentType] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    document_files: dict[str, DocumentFile] = field(default_factory=dict)  # by document id
    consultations: dict[str, Consultation] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)  # with days-off.yml
    # Data files that could not be read: references into them are not reported again.
    broken: set[str] = field(default_factory=set)
    # Data files missing ("missing") or listing nothing ("empty"), with the key of their list;
    # the references into them, "file:line", reported once, on the file (report_empty_files).
    empty: dict[str, tuple[str, str]] = field(default_factory=dict)
    unfilled: dict[str, list[str]] = field(default_factory=dict)
    # Where each list lives as the editor knows it ("units" → "data/units.yml"), for messages.
    files: dict[str, str] = field(default_factory=dict)
    digest: str = ""  # of every data file: the pages built from data change with it

    def find_title(self, ident: str) -> Title | None:
        """A title by its id or one of its aliases ('co-thi-dua-cua-chinh-phu')."""
        title = self.titles.get(ident)
        if title is None:
            title = next((t for t in self.titles.values() if ident in t.aliases), None)
        return title

    def ended_by(self, day: date) -> tuple[str, ...]:
        """The units and blocs that no longer exist on `day`: what pages say of them changes
        on the day they end, with no file changed."""
        return tuple(record.id for records in (self.units, self.blocs)
                     for record in records.values() if record.ended and record.ended <= day)


@dataclass
class Site:
    settings: Settings
    data: SiteData
    posts: list[Post]  # shown in this build, newest first
    left_out: list[Post] = field(default_factory=list)  # drafts and scheduled posts not shown
    # Every picture the posts show, by content path, and the cache their files are in.
    pictures: dict[str, Picture] = field(default_factory=dict)
    picture_store: PictureStore | None = None


def check_site(posts: list[Post], data: SiteData, problems: Problems) -> None:
    """The rules that need more than one file (each kind's own module holds them)."""
    post_rules.check_references(posts, data, problems)
    post_rules.check_unique_urls(posts, problems)
    check_units(data, problems)
    check_blocs(data, problems)
    check_decisions(data, problems)
    check_documents(data, problems)
    check_consultations(data, data.calendar, problems)
    check_campaigns(data, problems)
    report_empty_files(data, problems)


def report_empty_files(data: SiteData, problems: Problems) -> None:
    """One error for a data file (or folder) that is missing or lists nothing while other files
    name its records, instead of one for every name."""
    for kind, places in sorted(data.unfilled.items()):
        where, noun = data.files.get(kind, f"data/{kind}.yml"), NOUNS[kind]
        state, key = data.empty[kind]
        examples = ", ".join(places[:3]) + (", …" if len(places) > 3 else "")
        if where.endswith("/"):  # a folder of one record a file
            what = (f"không có thư mục {where}" if state == "missing" else
                    f"thư mục {where} chưa có tệp {noun} nào")
            fix = f"thêm mỗi {noun} một tệp .yml vào {where} (xem README, phần Dữ liệu)"
        else:
            what = (f"không có tệp {where}" if state == "missing" else
                    f"tệp {where} trống, chưa có {noun} nào")
            fix = (f"liệt kê các {noun} trong {where}: dòng {key}: rồi mỗi mục một dòng "
                   "- id: …, name: … (xem README, phần Dữ liệu)")
        problems.error(where, f"{what}, nhưng có {len(places)} chỗ nhắc tới mã {noun} "
                       f"({examples})", fix, field=key or None)
