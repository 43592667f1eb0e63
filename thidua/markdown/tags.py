"""Opening tags of rendered HTML and their attributes, whatever renders the Markdown (cmark
writes `<img src="a" alt="b" />`, Python-Markdown `<img alt="b" src="a" />`)."""
from __future__ import annotations

import html as html_lib
import re

OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^>]*)?)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def attributes(tag: str) -> dict[str, str]:
    """The attributes of an opening tag ('<img src="a" alt="b">'), names lower-case, values
    unescaped; the first of a repeated name."""
    match = OPEN_TAG.match(tag)
    inside = match.group(2) if match else ""
    found: dict[str, str] = {}
    for item in _ATTRIBUTE.finditer(inside.rstrip("/")):
        value = next((group for group in item.groups()[1:] if group is not None), "")
        found.setdefault(item.group(1).lower(), html_lib.unescape(value))
    return found


# Past this many elements one inside another an HTML parser's work grows with the square of
# the depth (a minute for 100,000 nested <div> or quotes); no article nests more than a few.
MAX_DEPTH = 256
_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def too_deep(html: str) -> re.Match | None:
    """The opening tag (group 2: its name) that nests past MAX_DEPTH elements, or None."""
    depth = 0
    for match in _ANY_TAG.finditer(html):
        closing, tag, self_closing = match.groups()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and tag.lower() not in _VOID:
            depth += 1
            if depth > MAX_DEPTH:
                return match
    return None
