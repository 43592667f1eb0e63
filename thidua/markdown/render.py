"""Post bodies: CommonMark with GitHub tables, rendered by cmark-gfm (C).

cmark-gfm renders a 1,000-word post in a fraction of a millisecond where Python-Markdown takes
about ten, which is what lets a 10,000-post site build in seconds. Its HTML is regular, so the
few changes made afterwards (heading ids, video facades) are safe with plain patterns. Links are
left as written: links.py points them at built pages once every post is known.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import unquote

import cmarkgfm
from cmarkgfm.cmark import Options

from ..core.problems import Problems
from ..core.text import html_to_text, make_slug
from .. import urls
from .embeds import embed_videos
from .tags import MAX_DEPTH, too_deep
from .sanitise import (REMOVED_FIX, UNSAFE_LINK_FIX, removed, sanitise_html, unsafe_link,
                       unsafe_message)

# Raw HTML is let through by cmark and then sanitised (sanitise.py).
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
# GitHub's extensions, less its tag filter: sanitise_html removes <script>, <style> and the
# like together with their content, where the tag filter left their text on the page.
_EXTENSIONS = ["table", "autolink", "strikethrough", "tasklist"]

_ANY_URL_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BROKEN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\s[^)]*\)")


def render_markdown(text: str, sourcepos: bool = False) -> str:
    """`sourcepos`: each block's element says its lines (data-sourcepos="3:1-5:4")."""
    options = _OPTIONS | Options.CMARK_OPT_GITHUB_PRE_LANG
    return cmarkgfm.markdown_to_html_with_extensions(
        text, options=options | Options.CMARK_OPT_SOURCEPOS if sourcepos else options,
        extensions=_EXTENSIONS)


@dataclass
class RenderedBody:
    html: str
    first_paragraph: str  # plain text: the summary when the front matter has none
    has_local_links: bool  # links to other posts, pages or files, to be resolved later


def render_body(body: str, file: str, body_line: int, problems: Problems) -> RenderedBody:
    """A post's Markdown as HTML, links still as written.

    This is the costly part, done once per version of a post's file and cached; links between
    posts are resolved afterwards (links.py), since they depend on the other posts.
    """
    html = render_markdown(body)
    if not nested_within_bounds(body, file, body_line, problems, html):
        return RenderedBody("", "", False)  # nothing more is done with HTML parsers choke on
    if ":" in html or "&" in html:  # a scheme may be written with entities (javascript&#58;)
        for match in _ANY_URL_ATTR.finditer(html):
            link = next(group for group in match.groups() if group is not None)
            scheme = unsafe_link(link)
            if scheme:
                problems.error(file, unsafe_message(link, scheme), UNSAFE_LINK_FIX,
                               line=line_in(body, body_line, link), field="nội dung")
    if "<" in body:  # only a '<' in the Markdown can bring raw HTML (or an autolink)
        clean = sanitise_html(html)
        for what, written in removed(html, clean):
            problems.warn(file, f"đã bỏ {what} khỏi bài (không được phép trên trang)",
                          REMOVED_FIX, line=line_in(body, body_line, written), field="nội dung")
        html = clean
    if "youtu" in html or "vimeo" in html:
        html = embed_videos(html)
    if "<h" in html:
        html = _add_heading_ids(html)
    if "![" in html:
        for match in _BROKEN_IMAGE.finditer(html):
            problems.error(file, f"ảnh không hiển thị được: {match.group(0)}",
                           "đường dẫn ảnh có dấu cách: đổi tên tệp ảnh không có dấu cách, hoặc "
                           "đặt đường dẫn trong dấu <>, ví dụ ![Mô tả](<images/anh 1.jpg>)",
                           line=line_in(body, body_line, match.group(0)[:20]), field="nội dung")
    return RenderedBody(html, first_paragraph(html),
                        any(is_local(m.group(2)) for m in urls.URL_ATTRIBUTE.finditer(html)))


def nested_within_bounds(body: str, file: str, body_line: int, problems: Problems,
                         html: str | None = None) -> bool:
    """Whether a body (Markdown and its raw HTML; `html`, when rendered already) nests no
    deeper than tags.MAX_DEPTH; past it, an error at the line where it does."""
    html = render_markdown(body) if html is None else html
    deep = too_deep(html) if html.count("<") > MAX_DEPTH else None  # (fewer tags: not so deep)
    if deep is None:
        return True
    tag = deep.group(2).lower()
    problems.error(file, f"nội dung lồng nhau quá sâu (hơn {MAX_DEPTH} mức thẻ <{tag}>, "
                   "trích dẫn > hoặc danh sách trong nhau)", "viết nội dung phẳng hơn: trích dẫn, "
                   "danh sách, thẻ HTML chỉ lồng vào nhau vài mức",
                   line=line_in(body, body_line, f"<{tag}") if f"<{tag}" in body else
                   _line_of_block(body, body_line), field="nội dung")
    return False


def _line_of_block(body: str, body_line: int) -> int:
    """The line of the Markdown block (quote, list item) that nests too deep."""
    html = render_markdown(body, sourcepos=True)
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


def _add_heading_ids(html: str) -> str:
    used: set[str] = set()

    def add_id(match: re.Match) -> str:
        level, inner = match.groups()
        text = html_to_text(inner) if "<" in inner or "&" in inner else inner
        base = make_slug(text) or f"muc-{len(used) + 1}"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _HEADING.sub(add_id, html)


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
