"""Frames: the theme's page around a generated page, rendered once for many pages.

The theme's frame (header, navigation, footer) is the same for every page at the same folder
depth in the same section, except for a few values: the title, the description, the canonical
URL, some head links and the body. So the engine renders a frame once per (depth, section)
with marks in those places (FRAME_MARKS); every page is then its body poured into the frame.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import escape

from ..plan.pages import PagePlan
from ..plan.sharing import Sharing
from .linkcheck import find_references

_INDENT = re.compile(r"\n\s+")
FRAME_MARKS = ("TITLE", "DESCRIPTION", "CANONICAL", "HEAD", "CONTENT", "PAGE_ID", "BUILD_DATE")


_MARK = "@@THIDUA-"


def mark(name: str) -> str:
    """The placeholder a frame carries where a page's own value goes."""
    return f"{_MARK}{name}@@"


@dataclass(frozen=True)
class Frame:
    parts: tuple[str, ...]  # the frame's text between marks
    marks: tuple[str, ...]  # the mark after each part but the last
    # The frame's href and src values, found once for all its pages: those the same on every
    # page, and those holding a mark (the canonical URL), completed per page.
    references: tuple[str, ...] = ()
    marked_references: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, *, compact: bool = True) -> Frame:
        """Split the engine's page at its marks. With `compact`, indentation and blank lines
        go: every generated page carries the frame, which has no <pre> whose spaces would
        matter. (A standalone page may have code blocks: it is parsed as it is.)"""
        parts, marks = [_INDENT.sub("\n", text) if compact else text], []
        references = find_references(parts[0])
        fixed = tuple(r for r in references if _MARK not in r)
        marked = tuple(r for r in references if _MARK in r)
        while True:
            last = parts[-1]
            found = [(last.find(mark(name)), name) for name in FRAME_MARKS if mark(name) in last]
            if not found:
                return cls(tuple(parts), tuple(marks), fixed, marked)
            position, name = min(found)
            parts[-1:] = [last[:position], last[position + len(mark(name)):]]
            marks.append(name)

    def fill(self, values: dict[str, str]) -> str:
        pieces = [self.parts[0]]
        for name, part in zip(self.marks, self.parts[1:]):
            pieces += [values[name], part]
        return "".join(pieces)


def page_references(frame: Frame, values: dict[str, str]) -> list[str]:
    """The href and src values of frame.fill(values), without searching the whole page: the
    frame's, found once, and those of the page's own values."""
    references = list(frame.references)
    for reference in frame.marked_references:
        for name in frame.marks:
            reference = reference.replace(mark(name), values[name])
        references.append(reference)
    for value in values.values():
        if "<" in value:  # the other values are escaped text
            references += find_references(value)
    return references


def frame_key(plan: PagePlan) -> tuple[int, str]:
    """Pages at the same folder depth in the same section share a frame."""
    return (plan.url.count("/"), plan.section)


def head_links(plan: PagePlan, url: Callable[[str], str], share: Sharing) -> str:
    """A page's own <head> content (its feeds, what it shares), as HTML."""
    feeds = "".join(f'<link rel="alternate" type="application/rss+xml" '
                    f'title="{html.escape(title)}" href="{html.escape(url(path))}">'
                    for title, path in plan.feeds)
    return feeds + sharing_html(share)


def sharing_html(share: Sharing) -> str:
    """Open Graph, Twitter card and schema.org data of a page (plan/sharing.py) as HTML. What
    is the same on every page (og:site_name, og:locale, twitter:card) is in the frame
    (main.html)."""
    picture = share.picture
    properties = [
        ("og:type", share.kind), ("og:title", share.title),
        ("og:description", share.description), ("og:url", share.url),
        ("og:image", picture.url), ("og:image:type", picture.mime),
        ("og:image:width", str(picture.width)), ("og:image:height", str(picture.height)),
        ("og:image:alt", picture.alt)]
    if share.kind == "article":
        properties += [("article:published_time", share.published),
                       ("article:modified_time", share.modified)]
        if share.section:
            properties.append(("article:section", share.section))
        properties += [("article:tag", tag) for tag in share.tags]
    names = [("twitter:title", share.title), ("twitter:description", share.description),
             ("twitter:image", picture.url), ("twitter:image:alt", picture.alt)]
    lines = [f'<meta property="{key}" content="{escape(value)}">' for key, value in properties]
    lines += [f'<meta name="{key}" content="{escape(value)}">' for key, value in names]
    # JSON in a <script>: "<" written as \u003c, so that no value can close the element.
    lines += ['<script type="application/ld+json">'
              + json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
              + "</script>" for data in share.structured]
    return "\n" + "\n".join(lines)
