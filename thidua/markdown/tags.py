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
