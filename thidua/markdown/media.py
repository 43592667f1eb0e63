"""What a page's HTML shows of the files of content/, made after its links are resolved: a
step of its own on rendered HTML (whatever renders the Markdown), for post bodies and
standalone pages alike.

- A picture (`<img src>` of a picture of content/) becomes the pipeline's <picture>: WebP
  first, srcset and sizes, width and height, lazy. Its original is never published, so a link
  to it (`[![…](a.jpg)](a.jpg)`) leads to its widest variant.
- A link to an attachment (PDF, Word, Excel, PowerPoint, OpenDocument, ZIP) gets its type and
  size, the Vietnamese way: "Kế hoạch thi đua 2026 (PDF, 1,2 MB)".
"""
from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from .. import urls
from ..core.dates import vi_size
from ..pictures import Picture, picture_html

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff",
                    ".heic", ".heif", ".avif")
ATTACHMENT_TYPES = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".xls": "XLS",
                    ".xlsx": "XLSX", ".ppt": "PPT", ".pptx": "PPTX", ".odt": "ODT",
                    ".ods": "ODS", ".odp": "ODP", ".zip": "ZIP"}
# Pictures in a post's or a page's text column: the full width on phones, the column's
# (about 46rem of 20px) beside the side column on wide screens.
BODY_SIZES = "(min-width: 76.25em) 920px, (min-width: 60em) 70vw, 100vw"

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def attributes(tag: str) -> dict[str, str]:
    """The attributes of an opening tag ('<img src="a" alt="b">'), values unescaped."""
    inside = tag[tag.find(" ") + 1:].rstrip(">").rstrip("/") if " " in tag else ""
    found = {}
    for match in _ATTRIBUTE.finditer(inside):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found.setdefault(match.group(1).lower(), html_lib.unescape(value))
    return found


def site_path(link: str, page_url: str) -> str | None:
    """The site path a page's relative link leads to ('../../posts/images/a.jpg' from
    'tin-tuc/2024/x/' → 'posts/images/a.jpg'); None for links elsewhere."""
    if not link or link.startswith(("#", "//", "/")) or ":" in link.split("/", 1)[0]:
        return None
    path = unquote(link.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(page_url, path))
    return None if target.startswith("..") else target


def is_picture(path: str) -> bool:
    return path.lower().endswith(PICTURE_SUFFIXES)


@dataclass
class BodyPicture:
    path: str  # the picture's site path, which is its content path
    written: str  # the link as it is in the HTML
    alt: str


def body_pictures(html: str, page_url: str) -> list[BodyPicture]:
    """The pictures of content/ a page's HTML shows."""
    found = []
    for tag in _IMG.findall(html) if "<img" in html else ():
        values = attributes(tag)
        path = site_path(values.get("src", ""), page_url)
        if path is not None and is_picture(path):
            found.append(BodyPicture(path, values.get("src", ""), values.get("alt", "")))
    return found


def present_media(html: str, page_url: str, pictures: dict[str, Picture], content_dir: Path,
                  sizes: str = BODY_SIZES) -> str:
    """The page's HTML with its pictures as <picture> and its attachments labelled."""
    url: Callable[[str], str] = lambda target: urls.relative(target, page_url)  # noqa: E731

    def picture(match: re.Match) -> str:
        values = attributes(match.group(0))
        path = site_path(values.get("src", ""), page_url)
        shown = pictures.get(path) if path else None
        if shown is None or not shown.ok:
            return match.group(0)  # not a picture of content/, or reported already
        given = (values["width"], values["height"]) if "width" in values and "height" in values \
            else None
        return picture_html(shown, url, values.get("alt", ""), sizes,
                            css_class=values.get("class", ""), size=given)

    def link(match: re.Match) -> str:
        values = attributes(f"<a{match.group(1)}>")
        path = site_path(values.get("href", ""), page_url)
        if path is None:
            return match.group(0)
        if path in pictures and pictures[path].ok:  # the original is not published: its widest
            widest = pictures[path].at_least(10**6)
            return match.group(0).replace(f'href="{_escaped(values["href"])}"',
                                          f'href="{url(pictures[path].site_path(widest))}"', 1)
        kind = ATTACHMENT_TYPES.get(posixpath.splitext(path)[1].lower())
        if kind is None:
            return match.group(0)
        try:
            size = (content_dir / path).stat().st_size
        except OSError:
            return match.group(0)  # a missing attachment is a broken link, reported as such
        return (f'{match.group(0)} <span class="thidua-attachment__meta">({kind}, '
                f'{vi_size(size)})</span>')

    if "<img" in html:
        html = _IMG.sub(picture, html)
    if "<a" in html:
        html = _LINK.sub(link, html)
    return html


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")
