"""Post bodies: CommonMark with GitHub tables, rendered by cmark-gfm (C), links made site-relative.

cmark-gfm renders a 1,000-word post in a fraction of a millisecond where Python-Markdown takes
about ten, which is what lets a 10,000-post site build in seconds. Its HTML is regular, so the
few changes we make afterwards (links, heading ids, lazy images) are safe with plain patterns.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

import cmarkgfm
from cmarkgfm.cmark import Options

from .model import Post, Settings
from .problems import Problems
from .text import html_to_text, make_slug, relative_url

# Editors are trusted office staff: raw HTML passes, but GFM's tag filter still disarms
# <script>, <iframe>, <style> and the like.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES

_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_IMG = re.compile(r"<img ")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BROKEN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\s[^)]*\)")


def render_markdown(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS)


def page_url_of(content_path: str) -> str:
    """Where MkDocs puts a standalone page: 'gioi-thieu.md' → 'gioi-thieu/'."""
    path = PurePosixPath(content_path)
    if path.stem in ("index", "README"):
        parent = path.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{path.with_suffix('').as_posix()}/"


class LinkResolver:
    """Turns links written in a post (relative to its file) into links between built pages."""

    def __init__(self, settings: Settings, shown: list[Post], left_out: list[Post]):
        self.settings = settings
        self.content_root = settings.content_dir.resolve()
        self.post_urls = {post.content_path: post.url for post in shown}
        self.left_out = {post.content_path: post for post in left_out}

    def resolve(self, link: str, post: Post) -> tuple[str | None, str | None]:
        """(new link, problem). Links that leave the content folder are kept as written."""
        if not link or link.startswith(("#", "//")) or _SCHEME.match(link):
            return link, None
        path, sep, fragment = link.partition("#")
        path = unquote(path.split("?", 1)[0])
        anchor = sep + fragment
        post_dir = posixpath.dirname(post.content_path)
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            if not (self.content_root / target).exists():
                # A site path such as /khoi-thi-dua/ rather than a file: keep it, made relative.
                return relative_url(path.lstrip("/"), post.url) + anchor, None
        else:
            target = posixpath.normpath(posixpath.join(post_dir, path))
        if target.startswith("../") or target == "..":
            return None, f"liên kết {link} trỏ ra ngoài thư mục content/"
        if target.endswith((".md", ".markdown")):
            return self._page_link(target, link, post, anchor)
        if not (self.content_root / target).is_file():
            return None, f"liên kết {link} trỏ tới tệp không tồn tại ({target})"
        return relative_url(target, post.url) + anchor, None

    def _page_link(self, target: str, link: str, post: Post, anchor: str):
        if target in self.post_urls:
            return relative_url(self.post_urls[target], post.url) + anchor, None
        if target in self.left_out:
            hidden = self.left_out[target]
            state = "bản nháp" if hidden.status == "draft" else "hẹn giờ đăng, chưa tới ngày"
            return None, f"liên kết {link} trỏ tới bài chưa đăng ({state})"
        if target.startswith("posts/") or not (self.content_root / target).is_file():
            return None, f"liên kết {link} trỏ tới bài không tồn tại ({target})"
        return relative_url(page_url_of(target), post.url) + anchor, None


def render_post(post: Post, links: LinkResolver, problems: Problems) -> None:
    """Fill post.body_html and post.summary; broken links become problems with their line."""
    html = render_markdown(post.body)

    def rewrite(match: re.Match) -> str:
        attribute, link = match.group(1), _unescape_attr(match.group(2))
        new_link, problem = links.resolve(link, post)
        if problem:
            problems.error(post.file, problem,
                           "sửa đường dẫn cho đúng tên tệp (tính từ thư mục chứa bài viết) "
                           "hoặc bỏ liên kết", line=_line_of(post, link), field="nội dung")
            return match.group(0)
        return f'{attribute}="{_escape_attr(new_link)}"'

    html = _URL_ATTR.sub(rewrite, html)
    html = _add_heading_ids(html)
    html = _IMG.sub('<img loading="lazy" decoding="async" ', html)
    for match in _BROKEN_IMAGE.finditer(html):
        problems.error(post.file, f"ảnh không hiển thị được: {match.group(0)}",
                       "đường dẫn ảnh có dấu cách: đổi tên tệp ảnh không có dấu cách, hoặc "
                       "đặt đường dẫn trong dấu <>, ví dụ ![Mô tả](<images/anh 1.jpg>)",
                       line=_line_of(post, match.group(0)[:20]), field="nội dung")
    post.body_html = html
    post.summary = (post.meta.summary or "").strip() or first_paragraph(html)


def first_paragraph(html: str) -> str:
    for match in _PARAGRAPH.finditer(html):
        text = html_to_text(match.group(1))
        if text:
            return text
    return ""


def _add_heading_ids(html: str) -> str:
    used: set[str] = set()

    def add_id(match: re.Match) -> str:
        level, inner = match.groups()
        base = make_slug(html_to_text(inner)) or f"muc-{len(used) + 1}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _HEADING.sub(add_id, html)


def _line_of(post: Post, needle: str) -> int:
    for offset, line in enumerate(post.body.split("\n")):
        if needle in line or unquote(needle) in line:
            return post.body_line + offset
    return post.body_line


def _unescape_attr(value: str) -> str:
    return value.replace("&quot;", '"').replace("&amp;", "&")


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")
