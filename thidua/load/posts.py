"""Posts: content/posts/**.md → Post records.

A post file is read, split and its body rendered once per version of the file, on every core,
and kept in the cache (PostFile); its front matter is validated on every build (model/post.py
holds the rules), since what it may name (blocs, units) lives in other files.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..config.settings import Settings
from ..core.cache import BuildCache, digest
from ..core.problems import Problems
from ..core.text import count_words
from ..core.yamlsource import split_front_matter
from ..markdown.dialect import dialect_of
from ..markdown.render import RenderedBody, render_body
from ..model.base import Source
from ..model.post import Post, PostMeta, make_post
from .errors import validate_record
from .files import BROKEN, POST_SUFFIXES, decode, files_under, parse_files, read_yaml_file



@dataclass
class PostFile:
    """A post file as read and rendered: what is worked out once per version of the file,
    on every core, and kept in the cache. Validation happens afterwards, on every build."""

    content_path: str
    digest: str
    raw: Any  # the front matter's YAML, with lines
    front_digest: str  # of the front matter's text: what quick rebuilds compare
    body_line: int
    body: RenderedBody
    words: str  # of the body, for the search index (core.text.count_words)


def read_posts(settings: Settings, problems: Problems, cache: BuildCache) -> list[Post]:
    """Every post under content/posts/, drafts and scheduled ones included."""
    folder = settings.content_dir / "posts"
    if os.path.lexists(folder) and not folder.is_dir():
        problems.error(settings.rel(folder), "phải là thư mục chứa các bài viết, không phải một tệp",
                       "đổi tên tệp này rồi tạo thư mục content/posts/ cho các bài viết")
        return []
    paths = files_under(folder, POST_SUFFIXES)
    dialect = dialect_of(settings)
    if not dialect.check(settings, problems):  # made here once, before the workers fork
        return []
    files = parse_files(paths, read_post_file, "posts", settings, problems, cache,
                        variant=dialect.fingerprint)
    posts = (post_from_file(f, settings, problems) for _, f in files)
    return [post for post in posts if post is not None]


def read_post_file(settings: Settings, item: tuple) -> tuple[PostFile | None, Problems]:
    """Read and render one post file: what is done once per version of the file."""
    _, path, data, key = item
    problems = Problems()
    rel = settings.rel(path)
    text = decode(data, rel, problems)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        _no_front_matter(text, rel, problems)
        return None, problems
    front, body, body_line = parts
    raw = read_yaml_file(path, settings, problems, line_offset=1, text=front)
    if raw is BROKEN:
        return None, problems
    # The body's own problems (an unsafe link) are reported with the front matter's and the
    # links' (checked later): the post is kept, the build stops on any of them.
    rendered = render_body(body, rel, body_line, problems, dialect_of(settings))
    content_path = path.relative_to(settings.content_dir).as_posix()
    return PostFile(content_path, key, {} if raw is None else raw, digest(front.encode()),
                    body_line, rendered, count_words(rendered.html)), problems


def _no_front_matter(text: str, rel: str, problems: Problems) -> None:
    """A post without its front matter, or whose front matter is never closed."""
    if text.split("\n", 1)[0].rstrip() == "---":
        problems.error(rel, "phần thông tin đầu bài mở bằng dòng --- nhưng không có dòng --- "
                       "đóng lại", "thêm một dòng chỉ có --- ngay sau trường cuối cùng (trước "
                       "nội dung bài)", line=1)
        return
    problems.error(rel, "thiếu phần thông tin đầu bài (front matter)",
                   "mở đầu tệp bằng một dòng ---, tiếp theo là các trường title: và date:, "
                   "rồi đóng lại bằng một dòng ---", line=1)


def post_from_file(post_file: PostFile, settings: Settings, problems: Problems) -> Post | None:
    """Validate a post's front matter and place it on the site."""
    rel = settings.rel(settings.content_dir / post_file.content_path)
    raw = post_file.raw
    source = Source(rel, raw)
    if not isinstance(raw, dict):
        problems.error(rel, "phần thông tin đầu bài phải là các dòng dạng \"tên: giá trị\"",
                       "viết mỗi trường trên một dòng, ví dụ title: ... rồi date: 2024-01-22",
                       line=2)
        return None
    meta = validate_record(PostMeta, source, problems)
    if meta is None:
        return None
    body = post_file.body
    return make_post(meta, source, post_file.content_path, settings, problems,
                     body_line=post_file.body_line, body_html=body.html,
                     summary=(meta.summary or "").strip() or body.lead,
                     has_local_links=body.has_local_links, digest=post_file.digest,
                     front_digest=post_file.front_digest, body_words=post_file.words)
