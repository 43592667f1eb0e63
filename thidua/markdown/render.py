"""Post bodies: the site's one Markdown dialect (dialect.py), rendered once per version of a
post's file and configuration, on every core, and cached by load/.

Python-Markdown with the extensions of mkdocs.yml renders a post as MkDocs renders a standalone
page; cmark-gfm renders, in a fraction of the time, the posts written only with what both
render alike (fast.py). What the sanitiser removes is told to the editor; videos become
facades (embeds.py). Links are left as written: links.py points them at built pages once
every post is known. `<!-- more -->` ends the summary.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..core.problems import Problems
from ..core.text import html_to_text
from .. import urls
from .dialect import Dialect
from .embeds import embed_videos
from .fast import cmark_html, fast_path_allowed, render_fast
from .tags import MAX_DEPTH, too_deep
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
    if fast_path_allowed(dialect):
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
    try:
        html, unsafe = render_markdown(body, dialect)
    except RecursionError:  # Python-Markdown recurses once per level of quotes or lists
        html, unsafe = None, True
    if html is None or not nested_within_bounds(body, file, body_line, problems, html):
        if html is None and nested_within_bounds(body, file, body_line, problems):
            _too_deep(file, body_line, problems, "trích dẫn > hoặc danh sách", body_line)
        return RenderedBody("", "", False)  # nothing more is done with HTML parsers choke on
    summary = None
    if MORE in html:  # the summary is taken before sanitising, which removes comments
        before = _FOOTNOTE_REF.sub("", html.partition(MORE)[0])
        summary = html_to_text(sanitise_html(before))
    if ":" in html or "&" in html:  # a scheme may be written with entities (javascript&#58;)
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


def nested_within_bounds(body: str, file: str, body_line: int, problems: Problems,
                         html: str | None = None) -> bool:
    """Whether a body (Markdown and its raw HTML; `html`, when rendered already) nests no
    deeper than tags.MAX_DEPTH; past it, an error at the line where it does."""
    html = cmark_html(body) if html is None else html
    deep = too_deep(html) if html.count("<") > MAX_DEPTH else None  # (fewer tags: not so deep)
    if deep is None:
        return True
    tag = deep.group(2).lower()
    _too_deep(file, body_line, problems, f"thẻ <{tag}>, trích dẫn > hoặc danh sách",
              line_in(body, body_line, f"<{tag}") if f"<{tag}" in body else
              _line_of_block(body, body_line))
    return False


def _too_deep(file: str, body_line: int, problems: Problems, what: str, line: int) -> None:
    problems.error(file, f"nội dung lồng nhau quá sâu (hơn {MAX_DEPTH} mức {what} trong nhau)",
                   "viết nội dung phẳng hơn: trích dẫn, danh sách, thẻ HTML chỉ lồng vào nhau "
                   "vài mức", line=line, field="nội dung")


def _line_of_block(body: str, body_line: int) -> int:
    """The line of the Markdown block (quote, list item) that nests too deep."""
    html = cmark_html(body, sourcepos=True)
    deep = too_deep(html)
    found = _SOURCEPOS.findall(html, 0, deep.end() if deep else len(html))
    return body_line + int(found[-1]) - 1 if found else body_line


_SOURCEPOS = re.compile(r'data-sourcepos="(\d+):')


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
    return BodyLines(body, body_line).find(needle)


class BodyLines:
    """Finds where links (as the HTML has them) are written in a post's body: as written, or
    written with entities (&#106;avascript:) or %-escapes, which the HTML has decoded. Links
    are looked for in the order of the page, so each search starts where the last one ended:
    a post with thousands of broken links is searched once, not once per link."""

    def __init__(self, body: str, body_line: int) -> None:
        self.lines = body.split("\n")
        self.first = body_line
        self.last = 0  # index of the line the last link was found on

    def find(self, needle: str) -> int:
        wanted = {needle, unquote(needle), html_lib.unescape(needle)} - {""}
        count = len(self.lines)
        for decoded in (False, True):
            for step in range(count):
                index = (self.last + step) % count
                line = self.lines[index]
                if decoded:
                    if "&" not in line and "%" not in line:
                        continue
                    line = html_lib.unescape(line)
                    line = line + "\n" + unquote(line)
                if any(form in line for form in wanted):
                    self.last = index
                    return self.first + index
        return self.first
