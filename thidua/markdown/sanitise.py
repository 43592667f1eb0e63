"""Raw HTML in Markdown is let through by the renderer, then sanitised here: what Markdown
itself produces, and the few tags editors paste (figure, sub, sup...), stay; scripts, styles,
forms, event handlers and links that run code go, and what went is told to the editor
(removed()). Frames and videos stay for embeds.py, which makes them facades or refuses them."""
from __future__ import annotations

import html as html_lib
import re
from collections import Counter

import nh3

from .tags import OPEN_TAG, attributes

# The allow-list: everything cmark-gfm writes (tables with align, footnotes, task lists,
# code with its language) plus plain formatting tags. Attributes not listed are dropped.
_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "dfn", "kbd", "samp",
    "var", "time", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "figure", "figcaption", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot",
    "tr", "th", "td", "section", "div", "span", "details", "summary", "input",
    "iframe", "video", "source",  # embeds.py decides what becomes of them
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
    "iframe": {"src", "width", "height", "allow", "allowfullscreen"},
    "video": {"src", "poster", "width", "height"}, "source": {"src", "type"},
}
# Attributes of embeds that say nothing an editor must hear about when they go.
_QUIET = {"frameborder", "referrerpolicy", "allow", "allowfullscreen", "loading", "controls",
          "preload", "playsinline"}


def _cleaner(attributes: dict[str, set[str]]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS, attributes=attributes,
        clean_content_tags={"script", "style", "object", "embed", "template",
                            "noscript", "textarea", "select", "svg", "math"},
        tag_attribute_values={"input": {"type": {"checkbox"}}},
        generic_attribute_prefixes={"data-footnote"}, link_rel=None,
        url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)


_SANITISER = _cleaner(_ALLOWED_ATTRIBUTES)
# Standalone pages come from MkDocs' Markdown, which Material styles by class names.
_PAGE_SANITISER = _cleaner({**_ALLOWED_ATTRIBUTES, "*": _ALLOWED_ATTRIBUTES["*"] | {"class"}})


def sanitise_html(html: str) -> str:
    """Keep what Markdown produces; drop scripts, styles, frames and event handlers."""
    return _SANITISER.clean(html)


def removed(before: str, after: str) -> list[tuple[str, str]]:
    """What the sanitiser took out of `before`: (what, how it is written) for each tag
    ('thẻ <script>', '<script') and attribute ('thuộc tính style của thẻ <p>', 'style=')."""
    tags_before, attributes_before = _inventory(before)
    tags_after, attributes_after = _inventory(after)
    found = [(f"thẻ <{tag}>", f"<{tag}") for tag in sorted(tags_before - tags_after)]
    found += [(f"thuộc tính {name} của thẻ <{tag}>", f"{name}=")
              for tag, name in sorted(attributes_before - attributes_after)
              if tag in tags_after and name not in _QUIET]
    return found


def _inventory(html: str) -> tuple[Counter, Counter]:
    tags, names = Counter(), Counter()
    for match in OPEN_TAG.finditer(html):
        tag = match.group(1).lower()
        tags[tag] += 1
        for name in attributes(match.group(0)):
            names[(tag, name)] += 1
    return tags, names


REMOVED_FIX = ("bỏ phần này khỏi bài: trang chỉ giữ những gì Markdown viết được (chữ, đề mục, "
               "danh sách, bảng, liên kết, ảnh); màu và cỡ chữ do giao diện quyết định; video "
               "YouTube/Vimeo: dán địa chỉ video trên một dòng riêng")


def sanitise_page_html(html: str) -> str:
    """A standalone page's HTML (MkDocs renders it) under the posts' allow-list, classes kept."""
    return _PAGE_SANITISER.clean(html) if "<" in html else html


# Links that would run code or carry a whole file: never in a post.
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
UNSAFE_LINK_FIX = ("chỉ dùng liên kết https://..., mailto:... hoặc đường dẫn tới bài, ảnh, tệp "
                   "trong thư mục content/ (ảnh: đặt tệp ảnh cạnh bài rồi ghi "
                   "![Mô tả](images/ten-anh.jpg))")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_link(link: str) -> str | None:
    """The scheme ('javascript:') of a link that must not be in a page, else None. Browsers
    ignore case, entities and blanks inside the scheme, so this does too."""
    value = link
    if "&" in value:
        value = html_lib.unescape(value)
    value = _INVISIBLE.sub("", value[:40]).lower()
    return next((scheme for scheme in _UNSAFE_SCHEMES if value.startswith(scheme)), None)


def unsafe_message(link: str, scheme: str) -> str:
    shown = link if len(link) <= 60 else link[:57] + "..."
    return f"liên kết {shown} dùng {scheme}, không được phép trong bài (có thể chạy mã độc)"
