"""The validated model: what posts and data files mean once they have been read and checked.

Records are pydantic models. Each field's `description` is the hint shown to an editor who got
it wrong ("what to write instead"), so the rule and its explanation stay side by side.
Data flows one way: files → these records → pages and feeds.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator,
                      StringConstraints, model_validator)

from .dates import DATE_FIX, PostDate, parse_plain_date, parse_post_date
from .text import ID_PATTERN


class FieldError(ValueError):
    """A rule that spans fields, reported against the field the editor has to change."""

    def __init__(self, field_name: str, message: str, culprits: tuple[str, ...] = ()):
        self.field_name = field_name
        self.culprits = culprits or (field_name,)  # fields to set aside to check the rest
        super().__init__(message)


def _one_or_many(value: Any) -> Any:
    """Editors often write `blocs: khoi-a` for a single item; treat it as a one-item list.
    An empty line (`units:`) is an empty list."""
    if value is None:
        return []
    return [value] if isinstance(value, (str, int)) else value


ID_FIX = "chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ khoi-tham-muu-tong-hop"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]
IdList = Annotated[list[Id], BeforeValidator(_one_or_many)]
TextList = Annotated[list[Text], BeforeValidator(_one_or_many)]
PostDateField = Annotated[PostDate, PlainValidator(parse_post_date)]
PlainDate = Annotated[date, PlainValidator(parse_plain_date)]
WebAddress = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


class Record(BaseModel):
    """Base of every record read from a file: unknown fields are kept so they can be reported."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True,
                              str_strip_whitespace=True)
    # Where the record was written, and whether it was read with wrong fields set aside (its
    # errors were reported: it may feed the cross-reference checks but never a page). Plain
    # slots, set by the reader: pydantic's private attributes cost three times the validation.
    __slots__ = ("_thidua_source", "_thidua_salvaged")

    @property
    def source(self) -> Source:
        return self._thidua_source

    @property
    def has_source(self) -> bool:
        return hasattr(self, "_thidua_source")

    @property
    def salvaged(self) -> bool:
        return getattr(self, "_thidua_salvaged", False)

    def mark(self, source: Source) -> None:
        object.__setattr__(self, "_thidua_source", source)

    def mark_salvaged(self) -> None:
        object.__setattr__(self, "_thidua_salvaged", True)

    def source_of(self, item: Record, *path: str | int) -> Source:
        """The source of a record inside this one, at `path` (e.g. "terms", 2): records
        inside others get one only when they had to be read on their own."""
        return item.source if item.has_source else self.source.child(*path)


@dataclass(frozen=True)
class Source:
    """Where a record was written: its file, the file's raw YAML (with line numbers) and the
    record's place in it, e.g. ("blocs", 2) for the third bloc of data/blocs.yml."""

    file: str
    raw: Any
    prefix: tuple = ()

    def child(self, *steps: str | int) -> Source:
        return Source(self.file, self.raw, self.prefix + steps)

    def node(self) -> Any:
        """The raw YAML of the record itself."""
        node = self.raw
        for step in self.prefix:
            node = node[step]
        return node

    def line(self, *path: str | int) -> int | None:
        """Line of the value at `path` (keys and list indexes), or of its nearest parent."""
        node, line = self.raw, getattr(self.raw, "line", None)
        for step in self.prefix + path:
            if isinstance(node, dict) and step in node:
                line, node = getattr(node, "line_of", lambda _: line)(step), node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                line, node = getattr(node, "line_of", lambda _: line)(step), node[step]
            else:
                break
        return line

    def label(self, *path: str | int) -> str:
        """'blocs[2].terms[0].leader': the field as the editor finds it in the file."""
        label = ""
        for step in self.prefix + path:
            label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else str(step))
        return label


# ---- posts ---------------------------------------------------------------------------------

class PostMeta(Record):
    """Front matter of a post (SPEC §4)."""

    # Stand-ins for required fields found wrong, so the rest of the post is still checked.
    STAND_INS: ClassVar[dict] = {"title": "?", "date": "2000-01-01"}

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                     Field(description="viết tiêu đề bài bằng chữ, tối đa 300 ký tự, ví dụ "
                                       "title: \"Khối thi đua Tham mưu – Tổng hợp tổng kết năm 2023\"")]
    date: Annotated[PostDateField, Field(description=DATE_FIX)]
    slug: Annotated[Id | None, Field(description="slug chỉ gồm chữ thường không dấu, chữ số và "
                                                   "dấu gạch ngang, ví dụ tong-ket-nam-2023; "
                                                   "hoặc bỏ trường này để tạo tự động từ tiêu đề")] = None
    summary: Annotated[str | None, Field(description="một đoạn tóm tắt bằng chữ")] = None
    category: Annotated[Id, Field(description="mã chuyên mục có trong data/categories.yml, "
                                              "ví dụ tin-hoat-dong")] = "tin-hoat-dong"
    blocs: Annotated[IdList, Field(description="danh sách mã khối có trong data/blocs.yml, "
                                               "ví dụ blocs: [khoi-tham-muu-tong-hop]")] = []
    units: Annotated[IdList, Field(description="danh sách mã đơn vị có trong data/units.yml, "
                                               "ví dụ units: [so-tai-chinh]")] = []
    tags: Annotated[TextList, Field(description="danh sách từ khóa, ví dụ tags: [thi đua, khen thưởng]")] = []
    author: Annotated[str | None, Field(description="tên tác giả, ví dụ author: \"Tin, ảnh: Lam Hồng\"")] = None
    image: Annotated[str | None, Field(description="đường dẫn ảnh tính từ tệp bài viết, ví dụ "
                                                   "images/hoi-nghi.jpg, hoặc từ thư mục content/, "
                                                   "ví dụ /posts/images/hoi-nghi.jpg")] = None
    image_alt: Annotated[str | None, Field(description="mô tả ngắn nội dung ảnh cho người khiếm thị, "
                                                       "ví dụ image_alt: \"Quang cảnh hội nghị\"")] = None
    image_caption: Annotated[str | None, Field(description="chú thích in dưới ảnh")] = None
    featured: Annotated[bool, Field(description="viết featured: true hoặc featured: false")] = False
    draft: Annotated[bool, Field(description="viết draft: true hoặc draft: false")] = False
    updated: Annotated[PostDateField | None, Field(description=DATE_FIX)] = None

    @model_validator(mode="after")
    def _image_needs_alt(self) -> PostMeta:
        if self.image and not (self.image_alt or "").strip():
            raise FieldError("image_alt", "có ảnh (image) nhưng thiếu mô tả ảnh image_alt",
                             culprits=("image", "image_alt"))
        return self


@dataclass(eq=False)
class Post:
    """A post as the site shows it: validated front matter plus its place on the site."""

    source: Source
    content_path: str  # relative to the content folder: 'posts/2024-01-22-x.md'
    meta: PostMeta
    body_line: int  # line of the file where the body starts
    slug: str
    url: str  # 'tin-tuc/2024/slug/'
    status: Literal["published", "draft", "scheduled"]
    image_path: str | None = None  # the lead image, relative to the content folder
    body_html: str = ""
    summary: str = ""  # plain text: front matter `summary` or the first paragraph
    has_local_links: bool = False  # links to other posts, pages or files, to be resolved
    digest: str = ""  # of the file's bytes: what the page fingerprints of its pages build on
    body_words: str | None = None  # for the search index (search.body_words)
    _listing: str = ""  # see listing

    @property
    def file(self) -> str:
        return self.source.file

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> PostDate:
        return self.meta.date

    @property
    def year(self) -> int:
        return self.meta.date.day.year

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def salvaged(self) -> bool:
        """Its front matter had errors: it is checked further but has no reliable URL."""
        return self.meta.salvaged

    @property
    def listing(self) -> str:
        """A digest of what pages listing the post show of it (cards, related news, archives):
        their fingerprints count this, computed once."""
        if not self._listing:
            self._listing = hashlib.blake2b(repr((
                self.url, self.title, self.date.moment.isoformat(), self.date.has_time,
                self.summary, self.image_path, self.status)).encode(), digest_size=12).hexdigest()
        return self._listing

    @property
    def page_digest(self) -> str:
        """What its own page and feed entries show of it: the file, and, when the body links
        to other posts, where those links now lead (another post's URL may change under it)."""
        if not self.has_local_links:
            return self.digest
        return hashlib.blake2b(f"{self.digest}\0{self.body_html}".encode(),
                               digest_size=12).hexdigest()

    def __repr__(self) -> str:
        return f"Post({self.url!r})"


# ---- data files (SPEC §5) ------------------------------------------------------------------

class Unit(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên đầy đủ của đơn vị, ví dụ name: Sở Tài chính")]
    short_name: Annotated[str | None, Field(description="tên viết tắt, ví dụ short_name: STC")] = None
    kind: Annotated[str | None, Field(description="loại đơn vị, ví dụ kind: Sở, ngành")] = None
    website: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu bằng "
                                                            "https://")] = None


class Term(Record):
    year: Annotated[int, Field(ge=1945, le=2100, description="năm của nhiệm kỳ, ví dụ year: 2024")]
    members: Annotated[IdList, Field(min_length=1, description="danh sách mã đơn vị thành viên, "
                                                               "ví dụ members: [so-tai-chinh, so-noi-vu]")]
    leader: Annotated[Id, Field(description="mã đơn vị Khối trưởng (phải là thành viên năm đó)")]
    deputy: Annotated[Id | None, Field(description="mã đơn vị Khối phó (phải là thành viên năm đó)")] = None
    agreement_date: Annotated[PlainDate | None, Field(description="ngày ký giao ước, "
                                                                  "ví dụ 2024-01-22")] = None


class Bloc(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên khối/cụm, ví dụ name: Khối thi đua các cơ quan Đảng")]
    kind: Annotated[Literal["khoi", "cum"], Field(description="kind: khoi (khối thi đua) hoặc "
                                                              "kind: cum (cụm thi đua)")] = "khoi"
    description: Annotated[str | None, Field(description="một vài câu giới thiệu khối")] = None
    terms: Annotated[list[Term], BeforeValidator(lambda value: [] if value is None else value),
                     Field(description="danh sách nhiệm kỳ theo năm: "
                                                   "- year: 2024, members: [...], leader: ..., deputy: ...")] = []

    def term(self, year: int) -> Term | None:
        return next((term for term in self.terms if term.year == year), None)

    def latest_term(self, year: int) -> Term | None:
        """The term of `year`, or the newest one before it."""
        earlier = [term for term in self.terms if term.year <= year]
        return max(earlier, key=lambda term: term.year) if earlier else None


class Category(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên chuyên mục, ví dụ name: Tin hoạt động")]
    description: Annotated[str | None, Field(description="một câu giới thiệu chuyên mục")] = None


Recipient = Literal["tap-the", "ca-nhan"]


class Title(Record):
    id: Annotated[Id, Field(description=ID_FIX)]
    name: Annotated[Text, Field(description="tên danh hiệu hoặc hình thức, ví dụ "
                                            "name: Cờ thi đua của Chính phủ")]
    kind: Annotated[Literal["danh-hieu", "hinh-thuc"],
                    Field(description="kind: danh-hieu (danh hiệu thi đua) hoặc "
                                      "kind: hinh-thuc (hình thức khen thưởng)")]
    recipients: Annotated[list[Recipient], BeforeValidator(_one_or_many),
                          Field(min_length=1, description="recipients: [tap-the], [ca-nhan] "
                                                          "hoặc [tap-the, ca-nhan]")]
    issuer: Annotated[Text, Field(description="cấp quyết định, ví dụ issuer: Thủ tướng Chính phủ")]
    aliases: Annotated[IdList, Field(description="các mã khác cũng chỉ danh hiệu này, ví dụ "
                                                 "aliases: [co-thi-dua-cua-chinh-phu]")] = []


PERSON_FIELDS = ("name", "position", "unit")


class Person(Record):
    """Only name, position and unit of a person may be published (personal data guard)."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, Field(description="họ và tên, ví dụ name: Nguyễn Thị Hằng")]
    position: Annotated[str | None, Field(description="chức vụ, ví dụ position: Trưởng phòng")] = None
    unit: Annotated[Id | None, Field(description="mã đơn vị công tác có trong data/units.yml")] = None


class Award(Record):
    title: Annotated[Id, Field(description="mã danh hiệu/hình thức có trong data/titles.yml, "
                                           "ví dụ title: bang-khen-chu-tich-ubnd-tinh")]
    unit: Annotated[Id | None, Field(description="mã đơn vị (tập thể) có trong data/units.yml")] = None
    person: Annotated[Person | None, Field(description="cá nhân: person: {name: ..., position: ..., "
                                                       "unit: ...}")] = None

    @model_validator(mode="after")
    def _one_recipient(self) -> Award:
        if (self.unit is None) == (self.person is None):
            raise FieldError("unit", "mỗi mục khen thưởng ghi đúng một người nhận: "
                                     "unit (tập thể) hoặc person (cá nhân)",
                             culprits=("unit", "person"))
        return self

    @property
    def recipient_kind(self) -> Recipient:
        return "tap-the" if self.unit else "ca-nhan"


def _period_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) else value


class Decision(Record):
    STAND_INS: ClassVar[dict] = {"number": "?", "date": "2000-01-01", "issuer": "?",
                                 "status": "quyet-dinh", "period": "?"}
    number: Annotated[Text, Field(description="số quyết định, ví dụ number: \"163/QĐ-UBND\"")]
    date: Annotated[PlainDate, Field(description="ngày ký, ví dụ date: 2024-01-22")]
    issuer: Annotated[Text, Field(description="người/cơ quan ký, ví dụ issuer: Chủ tịch UBND tỉnh")]
    status: Annotated[Literal["de-nghi", "quyet-dinh"],
                      Field(description="status: quyet-dinh (đã quyết định khen thưởng) hoặc "
                                        "status: de-nghi (mới là đề nghị)")]
    period: Annotated[Text, BeforeValidator(_period_text),
                      Field(description="thời kỳ khen thưởng, ví dụ period: \"2023\", "
                                        "\"2015-2020\" hoặc \"6 tháng đầu năm 2020\"")]
    reason: Annotated[str | None, Field(description="lý do khen thưởng")] = None
    bloc: Annotated[Id | None, Field(description="mã khối có trong data/blocs.yml")] = None
    source_url: Annotated[WebAddress | None, Field(description="địa chỉ web đầy đủ bắt đầu bằng "
                                                               "https://")] = None
    awards: Annotated[list[Award], Field(min_length=1, description="danh sách khen thưởng: "
                                                                  "- title: ..., unit: ... hoặc person: {...}")]

    @property
    def is_proposal(self) -> bool:
        return self.status == "de-nghi"

    @property
    def year(self) -> int:
        """The year the decision was signed: /khen-thuong/YYYY/ lists it."""
        return self.date.year

    @property
    def period_year(self) -> int:
        """The emulation year it rewards: the last year named in the period ("2015-2020" →
        2020, "6 tháng đầu năm 2020" → 2020), else the year it was signed."""
        years = re.findall(r"(?<!\d)(\d{4})(?!\d)", self.period)
        return int(years[-1]) if years else self.date.year


@dataclass
class SiteData:
    units: dict[str, Unit] = field(default_factory=dict)
    blocs: dict[str, Bloc] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    # Data files that could not be read: references into them are not reported again.
    broken: set[str] = field(default_factory=set)
    # Where each list lives as the editor knows it ("units" → "data/units.yml"), for messages.
    files: dict[str, str] = field(default_factory=dict)
    digest: str = ""  # of every data file: the pages built from data change with it

    def find_title(self, ident: str) -> Title | None:
        """A title by its id or one of its aliases ('co-thi-dua-cua-chinh-phu')."""
        title = self.titles.get(ident)
        if title is None:
            title = next((t for t in self.titles.values() if ident in t.aliases), None)
        return title


@dataclass(frozen=True)
class Settings:
    """What the generator needs to know about a site; filled from mkdocs.yml by the glue."""

    root: Path  # the folder of mkdocs.yml; paths in messages are relative to it
    content_dir: Path
    data_dir: Path
    site_name: str
    config_file: str = "mkdocs.yml"  # as the editor knows it, for messages
    site_url: str | None = None
    preview: bool = False  # `serve`: drafts and scheduled posts are shown, marked
    today: date | None = None  # publishing day in Asia/Ho_Chi_Minh (None: today)
    per_page: int = 20
    extra: dict = field(default_factory=dict)
    template_dirs: tuple[Path, ...] = ()

    def rel(self, path: Path | str) -> str:
        """A path as the editor sees it, relative to the site folder (string work: this runs
        for every file of every build)."""
        text, root = os.fspath(path), os.fspath(self.root) + os.sep
        return (text[len(root):] if text.startswith(root) else text).replace(os.sep, "/")


@dataclass
class Site:
    settings: Settings
    data: SiteData
    posts: list[Post]  # shown in this build, newest first
    left_out: list[Post] = field(default_factory=list)  # drafts and scheduled posts not shown
