"""Post bodies: the site's one Markdown dialect (dialect.py), rendered once per version of a
post's file and configuration, on every core, and cached by load/.

Python-Markdown with the extensions of mkdocs.yml renders a post as MkDocs renders a standalone
page; cmark-gfm renders, in a fraction of the time, the posts written only with what both
render alike (fast.py). What the sanitiser removes is told to the editor; videos become
facades (embeds.py). Links are left as written: links.py points them at built pages once
every post is known. `<!-- more -->` ends the summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..core.problems import Problems
from ..core.text import html_to_text
from .. import urls
from .dialect import Dialect
from .embeds import embed_videos
from .fast import render_fast
from .sanitise import (REMOVED_FIX, UNSAFE_LINK_FIX, removed, sanitise_html, unsafe_link,
                       unsafe_message)

MORE = "<!-- more -->"  # as Material's blog writes it: what comes before is the summary

_ANY_URL_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BROKEN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\s[^)]*\)")


def render_markdown(text: str, dialect: Dialect) -> tuple[str, bool]:
    """The dialect's HTML of `text`, and whether it must be sanitised as standalone pages are
    (sanitise.py): the fast path's holds no HTML, attribute nor extension's markup."""
    if dialect.fast:
        html = render_fast(text, dialect)
        if html is not None:
            return html, False
    return _python_markdown(text, dialect), True


def _python_markdown(text: str, dialect: Dialect) -> str:
    converter = dialect.markdown()
    try:
        return converter.reset().convert(text)
    finally:
        converter.reset()


@dataclass
class RenderedBody:
    html: str
    lead: str  # plain text: the summary when the front matter has none
    has_local_links: bool  # links to other posts, pages or files, to be resolved later


def render_body(body: str, file: str, body_line: int, problems: Problems,
                dialect: Dialect) -> RenderedBody:
    """A post's Markdown as HTML, links still as written.

    This is the costly part, done once per version of a post's file and cached; links between
    posts are resolved afterwards (links.py), since they depend on the other posts.
    """
    html, unsafe = render_markdown(body, dialect)
    summary = None
    if MORE in html:  # the summary is taken before sanitising, which removes comments
        before = _FOOTNOTE_REF.sub("", html.partition(MORE)[0])
        summary = html_to_text(sanitise_html(before))
    if ":" in html:
        for match in _ANY_URL_ATTR.finditer(html):
            link = next(group for group in match.groups() if group is not None)
            scheme = unsafe_link(link)
            if scheme:
                problems.error(file, unsafe_message(link, scheme), UNSAFE_LINK_FIX,
                               line=line_in(body, body_line, link), field="nội dung")
    if unsafe:
        clean = sanitise_html(html)
        for what, written in removed(html, clean):
            problems.warn(file, f"đã bỏ {what} khỏi bài (không được phép trên trang)",
                          REMOVED_FIX, line=line_in(body, body_line, written), field="nội dung")
        html = clean
    if "youtu" in html or "vimeo" in html:
        html = embed_videos(html)
    if "![" in html:
        for match in _BROKEN_IMAGE.finditer(html):
            problems.error(file, f"ảnh không hiển thị được: {match.group(0)}",
                           "đường dẫn ảnh có dấu cách: đổi tên tệp ảnh không có dấu cách, hoặc "
                           "đặt đường dẫn trong dấu <>, ví dụ ![Mô tả](<images/anh 1.jpg>)",
                           line=line_in(body, body_line, match.group(0)[:20]), field="nội dung")
    return RenderedBody(html, summary or first_paragraph(html),
                        any(is_local(m.group(2)) for m in urls.URL_ATTRIBUTE.finditer(html)))


def is_local(link: str) -> bool:
    """A link to a file or page of the site, written relative to the post."""
    return bool(link) and not link.startswith(("#", "//")) and not _SCHEME.match(link)


def first_paragraph(html: str) -> str:
    for match in _PARAGRAPH.finditer(html):
        text = html_to_text(match.group(1))
        if text:
            return text
    return ""


def line_in(body: str, body_line: int, needle: str) -> int:
    """The line of the file where `needle` is written in a body starting at `body_line`."""
    for offset, line in enumerate(body.split("\n")):
        if needle in line or unquote(needle) in line:
            return body_line + offset
    return body_line
