"""Post bodies: CommonMark with GitHub tables, rendered by cmark-gfm (C), links made site-relative.

cmark-gfm renders a 1,000-word post in a fraction of a millisecond where Python-Markdown takes
about ten, which is what lets a 10,000-post site build in seconds. Its HTML is regular, so the
few changes we make afterwards (links, heading ids, lazy images) are safe with plain patterns.
"""
from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from .model import Post, Settings
from .problems import Problems
from .text import html_to_text, make_slug, relative_url

# Raw HTML in a body is let through by cmark and then sanitised (sanitise_html): what
# Markdown itself produces, and the few tags editors paste (figure, sub, sup...), stay;
# scripts, styles, frames, forms and event handlers go.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES

# The allow-list: everything cmark-gfm writes (tables with align, footnotes, task lists,
# code with its language) plus plain formatting tags. Attributes not listed are dropped.
_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "dfn", "kbd", "samp",
    "var", "time", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "figure", "figcaption", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot",
    "tr", "th", "td", "section", "div", "span", "details", "summary", "input",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "aria-label"},
    "a": {"href", "class"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "pre": {"lang"}, "code": {"class"}, "sup": {"class"}, "section": {"class"},
    "div": {"class"}, "span": {"class"}, "abbr": {"title"}, "time": {"datetime"},
    "input": {"checked", "disabled"},
    "details": {"open"},
}


def _cleaner(attributes: dict[str, set[str]]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS, attributes=attributes,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template",
                            "noscript", "textarea", "select", "svg", "math"},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        generic_attribute_prefixes={"data-footnote"}, link_rel=None,
        url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)


_SANITISER = _cleaner(_ALLOWED_ATTRIBUTES)
# Standalone pages come from MkDocs' Markdown, which Material styles by class names.
_PAGE_SANITISER = _cleaner({**_ALLOWED_ATTRIBUTES, "*": _ALLOWED_ATTRIBUTES["*"] | {"class"}})

# Links that would run code or carry a whole file: never in a post.
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
UNSAFE_LINK_FIX = ("chỉ dùng liên kết https://..., mailto:... hoặc đường dẫn tới bài, ảnh, tệp "
                   "trong thư mục content/ (ảnh: đặt tệp ảnh cạnh bài rồi ghi "
                   "![Mô tả](images/ten-anh.jpg))")
_ANY_URL_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_IMG = re.compile(r"<img ")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BROKEN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\s[^)]*\)")


# GitHub's extensions, less its tag filter: sanitise_html removes <script>, <style> and the
# like together with their content, where the tag filter left their text on the page.
_EXTENSIONS = ["table", "autolink", "strikethrough", "tasklist"]


def render_markdown(text: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(
        text, options=_OPTIONS | Options.CMARK_OPT_GITHUB_PRE_LANG, extensions=_EXTENSIONS)


def sanitise_page_html(html: str) -> str:
    """A standalone page's HTML (MkDocs renders it) under the posts' allow-list, classes kept."""
    return _PAGE_SANITISER.clean(html) if "<" in html else html


def sanitise_html(html: str) -> str:
    """Keep what Markdown produces; drop scripts, styles, frames and event handlers."""
    return _SANITISER.clean(html)


def unsafe_link(link: str) -> str | None:
    """The scheme ('javascript:') of a link that must not be in a page, else None. Browsers
    ignore case, entities and blanks inside the scheme, so this does too."""
    value = link
    if "&" in value:
        value = html_lib.unescape(value)
    value = _INVISIBLE.sub("", value[:40]).lower()
    return next((scheme for scheme in _UNSAFE_SCHEMES if value.startswith(scheme)), None)


def _unsafe_message(link: str, scheme: str) -> str:
    shown = link if len(link) <= 60 else link[:57] + "..."
    return f"liên kết {shown} dùng {scheme}, không được phép trong bài (có thể chạy mã độc)"


def page_url_of(content_path: str) -> str:
    """Where MkDocs puts a standalone page: 'gioi-thieu.md' → 'gioi-thieu/'."""
    path = PurePosixPath(content_path)
    if path.stem in ("index", "README"):
        parent = path.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{path.with_suffix('').as_posix()}/"


class LinkResolver:
    """Turns links written in a post (relative to its file) into links between built pages."""

    def __init__(self, settings: Settings, post_urls: dict[str, str], left_out: dict[str, str]):
        self.settings = settings
        self.content_root = settings.content_dir.resolve()
        self.post_urls = post_urls  # content path → url, of the posts on the site
        self.left_out = left_out  # content path → status, of drafts and scheduled posts

    @classmethod
    def for_posts(cls, settings: Settings, shown: list[Post], left_out: list[Post]) -> LinkResolver:
        return cls(settings, {post.content_path: post.url for post in shown},
                   {post.content_path: post.status for post in left_out})

    def resolve(self, link: str, post: Post) -> tuple[str | None, str | None]:
        """(new link, problem). Links that leave the content folder are kept as written."""
        scheme = unsafe_link(link) if link else None
        if scheme:
            return None, _unsafe_message(link, scheme)
        if not link or link.startswith(("#", "//")) or _SCHEME.match(link):
            return link, None
        path, sep, fragment = link.partition("#")
        path = unquote(path.split("?", 1)[0])
        anchor = sep + fragment
        post_dir = posixpath.dirname(post.content_path)
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            if not target.endswith((".md", ".markdown")) and \
                    not (self.content_root / target).exists():
                # A site path such as /khoi-thi-dua/ rather than a file: keep it, made relative.
                # (A missing /posts/x.md is a broken link to a post, reported below.)
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
            state = "bản nháp" if self.left_out[target] == "draft" else "hẹn giờ đăng, chưa tới ngày"
            return None, f"liên kết {link} trỏ tới bài chưa đăng ({state})"
        if target.startswith("posts/") or not (self.content_root / target).is_file():
            return None, f"liên kết {link} trỏ tới bài không tồn tại ({target})"
        return relative_url(page_url_of(target), post.url) + anchor, None


@dataclass
class RenderedBody:
    html: str
    first_paragraph: str  # plain text: the summary when the front matter has none
    has_local_links: bool  # links to other posts, pages or files, to be resolved later


def render_body(body: str, file: str, body_line: int, problems: Problems) -> RenderedBody:
    """A post's Markdown as HTML, links still as written.

    This is the costly part, done once per version of a post's file and cached; links between
    posts are resolved afterwards by resolve_links, since they depend on the other posts.
    """
    html = render_markdown(body)
    if ":" in html:
        for match in _ANY_URL_ATTR.finditer(html):
            link = next(group for group in match.groups() if group is not None)
            scheme = unsafe_link(link)
            if scheme:
                problems.error(file, _unsafe_message(link, scheme), UNSAFE_LINK_FIX,
                               line=_line_in(body, body_line, link), field="nội dung")
    if "<" in body:  # only a '<' in the Markdown can bring raw HTML (or an autolink)
        html = sanitise_html(html)
    if "<h" in html:
        html = _add_heading_ids(html)
    if "<img " in html:
        html = _IMG.sub('<img loading="lazy" decoding="async" ', html)
    if "![" in html:
        for match in _BROKEN_IMAGE.finditer(html):
            problems.error(file, f"ảnh không hiển thị được: {match.group(0)}",
                           "đường dẫn ảnh có dấu cách: đổi tên tệp ảnh không có dấu cách, hoặc "
                           "đặt đường dẫn trong dấu <>, ví dụ ![Mô tả](<images/anh 1.jpg>)",
                           line=_line_in(body, body_line, match.group(0)[:20]), field="nội dung")
    return RenderedBody(html, first_paragraph(html),
                        any(_is_local(m.group(2)) for m in _URL_ATTR.finditer(html)))


def resolve_links(post: Post, links: LinkResolver, problems: Problems) -> None:
    """Point links to other posts, pages and files at where they are on the built site;
    broken links become problems with their line."""
    if not post.has_local_links:
        return

    def rewrite(match: re.Match) -> str:
        attribute, link = match.group(1), _unescape_attr(match.group(2))
        new_link, problem = links.resolve(link, post)
        if problem:
            fix = UNSAFE_LINK_FIX if unsafe_link(link) else \
                "sửa đường dẫn cho đúng tên tệp (tính từ thư mục chứa bài viết) hoặc bỏ liên kết"
            problems.error(post.file, problem, fix, line=_line_of(post, link, links.settings),
                           field="nội dung")
            return match.group(0)
        return f'{attribute}="{_escape_attr(new_link)}"'

    post.body_html = _URL_ATTR.sub(rewrite, post.body_html)


def _is_local(link: str) -> bool:
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


def _line_of(post: Post, needle: str, settings: Settings) -> int:
    """The line of a post's file where `needle` is written (posts keep no Markdown in memory)."""
    text = (settings.root / post.file).read_text(encoding="utf-8")
    body = text.split("\n", post.body_line - 1)[-1]
    return _line_in(body, post.body_line, needle)


def _line_in(body: str, body_line: int, needle: str) -> int:
    for offset, line in enumerate(body.split("\n")):
        if needle in line or unquote(needle) in line:
            return body_line + offset
    return body_line


def _unescape_attr(value: str) -> str:
    return value.replace("&quot;", '"').replace("&amp;", "&")


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


class PostLinks:
    """Standalone pages are ordinary MkDocs pages; their Markdown links to post files
    (`[tin](posts/2024-01-22-x.md)`) are pointed at the posts' pages before MkDocs reads them."""

    _LINK = re.compile(r"(\]\()(<?)([^)\s>]+?\.md)((?:#[^)\s>]*)?>?\))")

    def __init__(self, site) -> None:
        self.urls = {post.content_path: post.url for post in site.posts}

    def rewrite_markdown(self, markdown: str, src_uri: str, page_url: str) -> str:
        folder = posixpath.dirname(src_uri)

        def point(match: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(folder, unquote(match.group(3))))
            url = self.urls.get(target)
            if url is None:
                return match.group(0)
            return match.group(1) + match.group(2) + relative_url(url, page_url) + match.group(4)

        return self._LINK.sub(point, markdown)

    def used(self, content_dir) -> list[tuple[str, str]]:
        """(post file, its URL) for every post a standalone page links to."""
        found = []
        for path in sorted(content_dir.rglob("*.md")):
            src_uri = path.relative_to(content_dir).as_posix()
            if src_uri.startswith("posts/"):
                continue
            folder = posixpath.dirname(src_uri)
            for match in self._LINK.finditer(path.read_text(encoding="utf-8")):
                target = posixpath.normpath(posixpath.join(folder, unquote(match.group(3))))
                if target in self.urls:
                    found.append((target, self.urls[target]))
        return found
