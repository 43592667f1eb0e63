"""A post (SPEC §4): every rule about one, in one place.

- PostMeta: the front matter's fields, their types and the rules that span fields (a picture
  needs its description, a correction is not dated before the post);
- make_post: what follows from them (slug, address, status, the lead picture's file);
- check_references / check_unique_urls: what other files must hold for it (its category,
  blocs and units exist; no two posts at one address).
Rules about the body's Markdown (its links, its raw HTML) are the body's: markdown/.
"""
from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, model_validator

from .. import urls
from ..config.settings import Settings
from ..core.dates import DATE_FIX, PostDate
from ..core.files import LINKED_FILE_FIX, is_real_file
from ..core.problems import Problems
from ..core.text import make_slug
from ..pictures.picture import Picture
from .base import (FieldError, Id, IdList, KnownIds, PostDateField, Record, Source, Text,
                   one_or_many, unknown_reference)


Status = Literal["published", "draft", "scheduled"]
# The sentences `build.py new` writes for the editor to replace (scaffold.py): a post that
# still holds one is reported (load/posts.py), lest it be published as it is.
PLACEHOLDERS = ("Đoạn mở đầu: tóm tắt sự kiện trong hai, ba câu (ai, làm gì, khi nào, ở đâu).",
                "Viết nội dung bài ở đây.")

TITLE_MAX_LENGTH = 300
MAX_TAGS = 30
SUMMARY_MAX_LENGTH = 1000  # lists show 260 characters of it; the post page all of it


def tag_id(word: str) -> str:
    """A tag's id, the last part of its page's address (/the/ID/): its slug, as for titles, so
    that "Giao ước thi đua" and "giao ước thi đua" are one tag."""
    return make_slug(word)


def _tag_with_letters(word: str) -> str:
    if not tag_id(word):
        raise ValueError(f"từ khóa {word!r} không có chữ hay số nào để làm địa chỉ trang từ khóa")
    return word


Tags = Annotated[list[Annotated[Text, AfterValidator(_tag_with_letters)]],
                 BeforeValidator(one_or_many)]


class PostMeta(Record):
    """Front matter of a post (SPEC §4)."""

    # Stand-ins for required fields found wrong, so the rest of the post is still checked.
    STAND_INS: ClassVar[dict] = {"title": "?", "date": "2000-01-01"}

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=TITLE_MAX_LENGTH),
                     Field(description="viết tiêu đề bài bằng chữ, tối đa 300 ký tự, ví dụ "
                                       "title: \"Khối thi đua Tham mưu – Tổng hợp tổng kết năm 2023\"")]
    date: Annotated[PostDateField, Field(description=DATE_FIX)]
    slug: Annotated[Id | None, Field(description="slug chỉ gồm chữ thường không dấu, chữ số và "
                                                   "dấu gạch ngang, ví dụ tong-ket-nam-2023; "
                                                   "hoặc bỏ trường này để tạo tự động từ tiêu đề")] = None
    summary: Annotated[str | None, Field(max_length=SUMMARY_MAX_LENGTH, description=(
        "một đoạn tóm tắt ngắn (vài câu); nội dung dài đặt trong thân bài"))] = None
    category: Annotated[Id, Field(description="mã chuyên mục có trong data/categories.yml, "
                                              "ví dụ tin-hoat-dong")] = "tin-hoat-dong"
    blocs: Annotated[IdList, Field(description="danh sách mã khối có trong data/blocs.yml, "
                                               "ví dụ blocs: [khoi-tham-muu-tong-hop]")] = []
    units: Annotated[IdList, Field(description="danh sách mã đơn vị có trong data/units.yml, "
                                               "ví dụ units: [so-tai-chinh]")] = []
    # Each tag is a page of the site: a list of hundreds is a paste gone wrong, not keywords.
    tags: Annotated[Tags, Field(max_length=MAX_TAGS, description=(
        "danh sách từ khóa bằng chữ, ví dụ tags: [thi đua, khen thưởng]"))] = []
    campaigns: Annotated[IdList, Field(description="danh sách mã phong trào thi đua có trong "
                                                   "data/campaigns.yml, ví dụ "
                                                   "campaigns: [van-hoa-cong-so]")] = []
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

    @model_validator(mode="after")
    def _updated_after_date(self) -> PostMeta:
        if self.updated and _earlier(self.updated, self.date):
            raise FieldError("updated", "ngày sửa (updated) sớm hơn ngày đăng (date)",
                             fix="ghi ngày sửa bằng hoặc sau ngày đăng, hoặc bỏ trường updated")
        return self


def _earlier(updated: PostDate, posted: PostDate) -> bool:
    """Whether a correction is dated before the post; a date written without a time means
    the whole day, so days are compared when either has no time."""
    if updated.has_time and posted.has_time:
        return updated.moment < posted.moment
    return updated.day < posted.day


@dataclass(eq=False)
class Post:
    """A post as the site shows it: validated front matter plus its place on the site."""

    source: Source
    content_path: str  # relative to the content folder: 'posts/2024-01-22-x.md'
    meta: PostMeta
    body_line: int  # line of the file where the body starts
    slug: str
    url: str  # 'tin-tuc/2024/slug/' (urls.post)
    status: Status
    image_path: str | None = None  # the lead image, relative to the content folder
    picture: Picture | None = None  # the lead image as published (load/pictures.py)
    pictures_shown: tuple[str, ...] = ()  # content paths of its lead and body pictures
    body_html: str = ""
    summary: str = ""  # plain text: front matter `summary` or the first paragraph
    has_local_links: bool = False  # links to other posts, pages or files, to be resolved
    digest: str = ""  # of the file's bytes and the Markdown dialect: what its pages build on
    front_digest: str = ""  # of its front matter's text (never of the parsed YAML)
    body_words: str | None = None  # for the search index (core.text.count_words)
    _listing: str = ""  # see listing
    # Its body as rendered, before its links were pointed at pages (markdown/links.py), and
    # where each link led then: a post kept between builds is resolved again from these.
    unresolved_body: str = field(default="", repr=False)
    links: dict[str, str | None] = field(default_factory=dict, repr=False)
    # The body its media were presented in (load/pictures.py), the result, and what else
    # the result was made from: a post kept between builds has its media presented again from
    # the first, not from the second, unless all three are as they were.
    presented: tuple[str, str, tuple] | None = field(default=None, repr=False)

    @property
    def body_before_media(self) -> str:
        if self.presented is not None and self.body_html is self.presented[1]:
            return self.presented[0]
        return self.body_html

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
                self.summary, self.image_path, self.picture and self.picture.key,
                self.status)).encode(), digest_size=12).hexdigest()
        return self._listing

    @property
    def page_digest(self) -> str:
        """What its own page and feed entries show of it: the file, and, when the body links
        to other posts, where those links now lead (another post's URL may change under it)."""
        if not self.has_local_links and self.picture is None:
            return self.digest
        key = self.picture.key if self.picture else ""
        return hashlib.blake2b(f"{self.digest}\0{key}\0{self.body_html}".encode(),
                               digest_size=12).hexdigest()

    def __repr__(self) -> str:
        return f"Post({self.url!r})"


def post_status(meta: PostMeta, today: date) -> Status:
    if meta.draft:
        return "draft"
    return "scheduled" if meta.date.day > today else "published"


def newest_first(post: Post) -> tuple:
    return (-post.date.moment.timestamp(), post.url)


def make_post(meta: PostMeta, source: Source, content_path: str, settings: Settings,
              problems: Problems, **body) -> Post | None:
    """The post that valid front matter describes, placed on the site (`body`: what the
    rendered body gives, see load/posts.py); None when it cannot have an address."""
    slug = meta.slug or make_slug(meta.title)
    if not slug and not meta.salvaged:
        problems.error(source.file, "tiêu đề không có chữ nào để tạo đường dẫn (slug)",
                       "thêm trường slug: viết chữ thường không dấu, ví dụ slug: tong-ket-nam-2023",
                       line=source.line("title"), field="title")
        return None
    if slug == urls.PAGE_SEGMENT and not meta.salvaged:
        field = "slug" if meta.slug else "title"
        problems.error(source.file, f"địa chỉ /{urls.post(meta.date.day.year, slug)} là chỗ của "
                       "các trang danh sách tin (trang 2, 3…)", "đặt một slug khác, ví dụ "
                       f"slug: {slug}-{meta.date.day.isoformat()}", line=source.line(field),
                       field=field)
        return None
    if meta.updated and meta.updated.day > max(settings.today, meta.date.day):
        # A correction cannot be dated ahead: it would become the feeds' "updated" date.
        problems.error(source.file, f"ngày sửa (updated) {meta.updated.day.isoformat()} chưa tới "
                       f"(hôm nay là {settings.today.isoformat()})",
                       "ghi ngày đã sửa bài (không sau hôm nay), hoặc bỏ trường updated",
                       line=source.line("updated"), field="updated")
    post = Post(source=source, content_path=content_path, meta=meta, slug=slug,
                url=urls.post(meta.date.day.year, slug),
                status=post_status(meta, settings.today), **body)
    if meta.image:
        post.image_path = _lead_picture(meta.image, settings.content_dir / content_path,
                                        settings, problems, source)
    return post


def _lead_picture(value: str, post_path: Path, settings: Settings, problems: Problems,
                  source: Source) -> str | None:
    """The `image` field: a path written relative to the post (or `/…` from content/) must
    name a file of content/; returned relative to content/."""
    line, field = source.line("image"), "image"
    if "://" in value:
        problems.error(source.file, f"{field} phải là tệp ảnh trong thư mục content/, không phải "
                       f"địa chỉ web ({value})", "tải ảnh về, đặt cạnh bài viết (ví dụ "
                       "content/posts/images/) rồi ghi image: images/ten-anh.jpg",
                       line=line, field=field)
        return None
    content_root = str(settings.content_dir)
    base = content_root if value.startswith("/") else os.path.dirname(post_path)
    target = os.path.normpath(os.path.join(base, value.lstrip("/")))
    relative = os.path.relpath(target, content_root)
    if relative.startswith(".."):
        problems.error(source.file, f"{field} trỏ ra ngoài thư mục content/ ({value})",
                       "đặt ảnh trong thư mục content/, ví dụ content/posts/images/", line=line,
                       field=field)
        return None
    if not os.path.isfile(target):
        problems.error(source.file, f"không tìm thấy tệp ảnh {value}",
                       f"kiểm tra tên tệp (phân biệt chữ hoa/thường); ảnh phải nằm ở "
                       f"{settings.rel(Path(target))}", line=line, field=field)
        return None
    if not is_real_file(target):
        problems.error(source.file, f"ảnh {value} là liên kết tượng trưng (symlink), hoặc nằm "
                       "trong thư mục liên kết: trang web không đăng tệp như vậy",
                       f"{LINKED_FILE_FIX}: {settings.rel(Path(target))}", line=line, field=field)
        return None
    return relative.replace(os.sep, "/")


def check_references(posts: list[Post], data: KnownIds, problems: Problems) -> None:
    """A post's category, blocs, units and campaigns must be in their data files."""
    for post in posts:
        source = post.source
        if post.meta.category not in data.categories:
            unknown_reference(problems, source, ("category",), post.meta.category,
                              "categories", data)
        for kind in ("blocs", "units", "campaigns"):
            known = getattr(data, kind)
            for index, ident in enumerate(getattr(post.meta, kind)):
                if ident not in known:
                    unknown_reference(problems, source, (kind, index), ident, kind, data)


def check_unique_urls(posts: list[Post], problems: Problems) -> None:
    """Two posts must not resolve to the same /tin-tuc/YYYY/SLUG/."""
    by_url: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if not post.salvaged:
            by_url[post.url].append(post)
    for url, same in by_url.items():
        if len(same) < 2:
            continue
        files = ", ".join(post.file for post in same)
        for post in same:
            named = "slug" if post.meta.slug else "title"
            problems.error(post.file, f"{len(same)} bài cùng ra một địa chỉ /{url} ({files})",
                           "đặt cho một trong các bài một slug khác, ví dụ "
                           f"slug: {post.slug}-2", line=post.source.line(named), field=named)
