"""Videos from YouTube and Vimeo as facades: nothing is asked of the video's site until the
reader plays the video (thidua.js puts the player's iframe in place then).

What editors write, after rendering and sanitising:
- an address alone on a line: `https://youtu.be/ID` → <p>https://…</p> (or a link, with
  pymdownx.magiclink), or a link alone on its line, whose text is the title when it is not
  the address itself (`[Lễ ký giao ước](https://youtu.be/ID)`);
- a picture linked to the video: `[![Lễ ký giao ước](images/anh.jpg)](https://youtu.be/ID)`,
  the picture being the poster and its description the title;
- YouTube's own "share → embed" code: <iframe src="https://www.youtube.com/embed/ID" title=…>.
Frames from other hosts are left for the load stage, which knows mkdocs.yml's
`extra.embeds.allowed_hosts` and refuses the others (check_frames).
"""
from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

from markupsafe import escape

from .tags import attributes

YOUTUBE = re.compile(r"^https?://(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#]*&)?v="
                     r"|embed/|shorts/|live/)|youtu\.be/)([\w-]{11})")
VIMEO = re.compile(r"^https?://(?:www\.)?(?:vimeo\.com/|player\.vimeo\.com/video/)(\d+)")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")

_LINE_LINK = re.compile(r"<p>\s*<a\b([^>]*)>(.*?)</a>\s*</p>", re.S)
# An address alone on a line stays text unless an extension makes it a link (magiclink)
_LINE_ADDRESS = re.compile(r"<p>\s*(https?://[^\s<\"]+)\s*</p>")
_IFRAME = re.compile(r"<iframe\b[^>]*>.*?</iframe>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


def video_of(link: str) -> tuple[str, str, str] | None:
    """(site name, address to watch it, the player's address) of a YouTube or Vimeo video."""
    found = YOUTUBE.match(link)
    if found:
        ident = found.group(1)
        return ("YouTube", f"https://www.youtube.com/watch?v={ident}",
                f"https://www.youtube-nocookie.com/embed/{ident}?autoplay=1")
    found = VIMEO.match(link)
    if found:
        ident = found.group(1)
        return ("Vimeo", f"https://vimeo.com/{ident}",
                f"https://player.vimeo.com/video/{ident}?autoplay=1&dnt=1")
    return None


def facade(link: str, title: str, poster: str = "") -> str | None:
    """The facade of the video at `link`, or None when it is no YouTube or Vimeo video."""
    video = video_of(link)
    if video is None:
        return None
    site, watch, player = video
    title = title.strip() or f"Video trên {site}"
    return (f'<figure class="thidua-video"><a class="thidua-video__facade" href="{watch}" '
            f'data-thidua-video="{escape(player)}" data-thidua-video-title="{escape(title)}">'
            f'{poster}<span class="thidua-video__title">{escape(title)}</span>'
            '<span class="thidua-video__play"></span><span class="thidua-visually-hidden"> – '
            f'phát video</span></a><figcaption>Video: {escape(title)} ({site}; chỉ tải từ {site} '
            'khi bấm phát)</figcaption></figure>')


def embed_videos(html: str) -> str:
    """The body with its YouTube and Vimeo videos as facades."""

    def line(match: re.Match) -> str:
        href = attributes(f"<a{match.group(1)}>").get("href", "")
        inner = match.group(2)
        picture = _IMG.search(inner)
        if picture:  # a poster the editor chose; the picture step makes it a <picture>
            title = attributes(picture.group(0)).get("alt", "")
            made = facade(href, title, picture.group(0))
        else:
            text = re.sub(r"<[^>]+>", "", inner).strip()
            made = facade(href, "" if text == href or "://" in text else text)
        return made or match.group(0)

    def frame(match: re.Match) -> str:
        values = attributes(match.group(0))
        return facade(values.get("src", ""), values.get("title", "")) or match.group(0)

    if "<iframe" in html:
        html = _IFRAME.sub(frame, html)
    if "<a" in html:
        html = _LINE_LINK.sub(line, html)
    if "<p>http" in html:
        html = _LINE_ADDRESS.sub(lambda match: facade(html_lib.unescape(match.group(1)), "")
                                 or match.group(0), html)
    return html


def frame_hosts(html: str) -> list[tuple[str, str]]:
    """(host, src) of each frame left in a body: those that are no video facade."""
    found = []
    for match in _IFRAME.finditer(html) if "<iframe" in html else ():
        src = attributes(match.group(0)).get("src", "")
        found.append((urlsplit(src).hostname or src, src))
    return found
