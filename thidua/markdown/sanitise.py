"""Every page's Markdown HTML goes through one allow-list here, posts' and standalone pages'
alike: what Markdown and the configured extensions produce, and the few tags editors paste
(figure, sub, sup...), stay; scripts, styles, forms, event handlers and links that run code go,
and what went is told to the editor (removed()). Frames and videos stay for embeds.py, which
makes them facades or refuses them."""
from __future__ import annotations

import html as html_lib
import re
from collections import Counter

import nh3

from .tags import OPEN_TAG, attributes

# The allow-list. Attributes not listed are dropped.
_ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q", "dfn", "kbd", "samp",
    "var", "time", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "figure", "figcaption", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot",
    "tr", "th", "td", "section", "div", "span", "details", "summary", "input",
    "iframe", "video", "source",  # embeds.py decides what becomes of them
    # What Material's extensions write: tabs' labels (pymdownx.tabbed), icons as inline SVG
    # (pymdownx.emoji with Material's to_svg), task lists' custom boxes (pymdownx.tasklist).
    "label", "svg", "path", "g", "circle", "rect", "ellipse", "line", "polyline", "polygon",
}
_SVG_ATTRIBUTES = {"viewBox", "xmlns", "d", "fill", "fill-rule", "clip-rule", "stroke",
                   "stroke-width", "stroke-linecap", "stroke-linejoin", "cx", "cy", "r", "rx",
                   "ry", "x", "y", "x1", "x2", "y1", "y2", "points", "transform", "opacity",
                   "width", "height", "aria-hidden", "focusable"}
_ALLOWED_ATTRIBUTES = {
    # class: Material styles extensions' markup by it; style: attr_list's, filtered below.
    "*": {"id", "title", "lang", "aria-label", "aria-hidden", "class", "style"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "pre": {"lang"}, "abbr": {"title"}, "time": {"datetime"},
    "input": {"checked", "disabled", "name"}, "label": {"for"},
    "details": {"open"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen"},
    "video": {"src", "poster", "width", "height"}, "source": {"src", "type"},
    **{tag: _SVG_ATTRIBUTES for tag in ("svg", "path", "g", "circle", "rect", "ellipse", "line",
                                        "polyline", "polygon")},
}
# Style properties that size or align a block (attr_list's `{ style="max-width: 20rem" }`,
# the tables extension's alignment); none places it over the page, loads a URL or changes
# colours and type, which the theme decides (and the reader's high-contrast mode).
_STYLE_PROPERTIES = {
    "text-align", "vertical-align", "width", "height", "max-width", "max-height", "min-width",
    "min-height", "float", "clear", "margin", "margin-top", "margin-right", "margin-bottom",
    "margin-left", "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "white-space", "list-style-type",
}
# data-* attributes: pymdownx.tabbed's data-tabs, footnotes', lightboxes' (glightbox reads
# data-title, data-description... as HTML: a value with markup is dropped).
_DATA_PREFIX = "data-"
# Attributes of embeds that say nothing an editor must hear about when they go.
_QUIET = {"frameborder", "referrerpolicy", "allow", "allowfullscreen", "loading", "controls",
          "preload", "playsinline"}


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name.startswith(_DATA_PREFIX) and ("<" in value or "javascript:" in value.lower()):
        return None
    if name == "style":  # a property not allowed: the whole style goes, which removed() tells
        properties = {part.split(":", 1)[0].strip().lower()
                      for part in value.split(";") if part.strip()}
        return value if properties <= _STYLE_PROPERTIES else None
    return value


_SANITISER = nh3.Cleaner(
    tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
    clean_content_tags={"script", "style", "object", "embed", "template", "noscript",
                        "textarea", "select", "math"},
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
    generic_attribute_prefixes={_DATA_PREFIX}, attribute_filter=_attribute, link_rel=None,
    url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True,
    filter_style_properties=_STYLE_PROPERTIES)


def sanitise_html(html: str) -> str:
    """Keep what Markdown and its extensions produce; drop scripts, styles, event handlers
    and links that run code."""
    return _SANITISER.clean(html) if "<" in html else html


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
