"""Vietnamese-aware slugs and small text helpers."""
from __future__ import annotations

import html
import posixpath
import re

from slugify import slugify

# A path component must stay well under the 255-byte file-name limit; real titles run to ~200.
SLUG_MAX_LENGTH = 200
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def make_slug(text: str) -> str:
    """'Đơn vị Văn phòng Tỉnh ủy' → 'don-vi-van-phong-tinh-uy' (đ→d, diacritics dropped)."""
    return slugify(text, max_length=SLUG_MAX_LENGTH, word_boundary=True, save_order=True)


def is_id(value: str) -> bool:
    return bool(_ID.match(value))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and add an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return f"{cut}…"


def relative_url(target: str, page_url: str) -> str:
    """Link from the page at `page_url` to `target`, both site paths without a leading slash
    ('tin-tuc/2024/slug/', 'assets/logo.png', '' for the home page)."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    link = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        link = link.rstrip("/") + "/"
    return link
