"""What a page's HTML shows of the files of content/, made after its links are resolved: a
step of its own on rendered HTML (whatever renders the Markdown), for post bodies and
standalone pages alike.

- A picture (`<img src>` of a picture of content/) becomes the pipeline's <picture>: WebP
  first, srcset and sizes, width and height, lazy. Its original is never published, so a link
  to it (`[![…](a.jpg)](a.jpg)`) leads to its widest variant.
- A local video (`![Lễ ký giao ước](videos/le-ky.mp4)`, or a <video>) becomes
  <video controls preload="none">, its poster the picture of the same name beside it
  (le-ky.jpg) when there is one: nothing of the video loads before the reader plays it.
- A link to an attachment (PDF, Word, Excel, PowerPoint, OpenDocument, ZIP) gets its type and
  size, the Vietnamese way: "Kế hoạch thi đua 2026 (PDF, 1,2 MB)".
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from .. import urls
from ..core.dates import vi_size
from ..pictures.html import picture_html
from ..pictures.picture import Picture
from .tags import attributes

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff",
                    ".heic", ".heif", ".avif")
ATTACHMENT_TYPES = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".xls": "XLS",
                    ".xlsx": "XLSX", ".ppt": "PPT", ".pptx": "PPTX", ".odt": "ODT",
                    ".ods": "ODS", ".odp": "ODP", ".zip": "ZIP"}
VIDEO_SUFFIXES = (".mp4", ".webm", ".m4v", ".mov")
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
               ".webm": "video/webm"}
# Pictures in a post's or a page's text column: the full width on phones, the column's
# (about 46rem of 20px) beside the side column on wide screens.
BODY_SIZES = "(min-width: 76.25em) 920px, (min-width: 60em) 70vw, 100vw"

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_VIDEO = re.compile(r"<video\b[^>]*>", re.I)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.I | re.S)


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


def body_pictures(html: str, page_url: str, content_dir: Path) -> list[BodyPicture]:
    """The pictures of content/ a page's HTML shows, and the posters of its videos."""
    found = []
    for tag in _IMG.findall(html) if "<img" in html else ():
        values = attributes(tag)
        path = site_path(values.get("src", ""), page_url)
        if path is not None and is_picture(path):
            found.append(BodyPicture(path, values.get("src", ""), values.get("alt", "")))
        elif path is not None and path.lower().endswith(VIDEO_SUFFIXES):
            poster = poster_of(path, content_dir)
            if poster:
                found.append(BodyPicture(poster, poster.rsplit("/", 1)[-1], "poster"))
    return found


def poster_of(video: str, content_dir: Path) -> str | None:
    """The picture beside a video with its name (le-ky.mp4 → le-ky.jpg), if there is one."""
    stem = posixpath.splitext(video)[0]
    return next((stem + suffix for suffix in (".jpg", ".jpeg", ".png", ".webp")
                 if (content_dir / (stem + suffix)).is_file()), None)


def present_media(html: str, page_url: str, pictures: dict[str, Picture], content_dir: Path,
                  sizes: str = BODY_SIZES) -> str:
    """The page's HTML with its pictures as <picture> and its attachments labelled."""
    url: Callable[[str], str] = lambda target: urls.relative(target, page_url)  # noqa: E731

    def picture(match: re.Match) -> str:
        values = attributes(match.group(0))
        path = site_path(values.get("src", ""), page_url)
        if path and path.lower().endswith(VIDEO_SUFFIXES):
            return video(path, values.get("alt", ""))
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

    def video(path: str, title: str) -> str:
        poster = pictures.get(poster_of(path, content_dir) or "")
        poster_attribute = ""
        if poster is not None and poster.ok:
            poster_attribute = f' poster="{url(poster.site_path(poster.at_least(800)))}"'
        kind = VIDEO_TYPES[posixpath.splitext(path)[1].lower()]
        label = f' aria-label="{_escaped(title)}"' if title else ""
        return (f'<video controls preload="none"{poster_attribute}{label}>'
                f'<source src="{url(path)}" type="{kind}">'
                f'<a href="{url(path)}">Tải video{": " + _escaped(title) if title else ""}</a>'
                '</video>')

    if "<img" in html:
        html = _IMG.sub(picture, html)
    if "<iframe" in html:  # an allowed host's frame (load/pictures.py refused the others)
        html = html.replace("<iframe ", '<iframe loading="lazy" ')
    if "<video" in html:
        html = _VIDEO.sub(lambda match: match.group(0) if "preload=" in match.group(0) else
                          match.group(0).replace("<video", '<video controls preload="none"', 1),
                          html)
    if "<a" in html:
        html = _LINK.sub(link, html)
    return html


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")
