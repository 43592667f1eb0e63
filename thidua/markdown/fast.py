"""The fast path: cmark-gfm (C, ~0.3 ms a post) for a post whose text is written only with
what it and Python-Markdown (~7 ms) render alike, giving the HTML Python-Markdown would give.

Most posts of a portal are paragraphs, `##` headings, simple lists, pipe tables, links,
pictures and bold text. For those the two renderers agree once cmark-gfm's output gets what the
dialect's `toc` adds (heading ids from its slugify, made unique its way, and its permalinks)
and Python-Markdown's attribute order on pictures. Anything else (raw HTML, code, indentation,
emphasis with `_`, escapes, entities, any syntax of a configured extension...) sends the post
to Python-Markdown. The test suite renders texts both ways and compares them
(tests/test_markdown_dialect.py); a construct found to differ goes to the slow path here.
"""
from __future__ import annotations

import html as html_lib
import re
from typing import Callable

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown.extensions.toc import slugify as toc_slugify, strip_tags, unique

from .dialect import Dialect

_OPTIONS = Options.CMARK_OPT_DEFAULT
_EXTENSIONS = ["table"]

_BLOCKS = re.compile(r"(?m)^ *///")  # pymdownx.blocks: /// admonition | Tiêu đề
# Extensions whose syntax never shows in a text that passes the checks below, or shows
# through the characters listed (any of them in the text: Python-Markdown renders it).
INERT_EXTENSIONS = {
    "toc": None, "tables": None, "fenced_code": None, "admonition": None, "attr_list": None,
    "footnotes": None, "md_in_html": None, "def_list": None, "abbr": None,
    "pymdownx.details": None, "pymdownx.superfences": None, "pymdownx.tabbed": None,
    "pymdownx.highlight": None, "pymdownx.inlinehilite": None, "pymdownx.snippets": None,
    "pymdownx.tasklist": None, "pymdownx.mark": None, "pymdownx.caret": None,
    "pymdownx.tilde": None, "pymdownx.keys": None, "pymdownx.critic": None,
    "pymdownx.blocks.admonition": _BLOCKS, "pymdownx.blocks.details": _BLOCKS,
    "pymdownx.blocks.tab": _BLOCKS, "pymdownx.arithmatex": re.compile(r"\$"),
    "pymdownx.emoji": re.compile(r":[\w+-]+:"),
    "pymdownx.smartsymbols": re.compile(r"\(c\)|\(r\)|\(tm\)|c/o|\+/-|-->|<--|=/=|\d+(?:st|nd|rd|th)\b|\d/\d", re.I),
    "pymdownx.magiclink": re.compile(r"://|www\.|@|#\d"),
    "pymdownx.betterem": None, "pymdownx.saneheaders": None, "sane_lists": None,
    "smarty": re.compile(r"[\"']|--|\.\.\."),
}
# toc options the fast path reproduces.
_TOC_OPTIONS = {"slugify", "separator", "permalink", "permalink_title", "permalink_class",
                "title", "toc_depth", "title_class", "toc_class", "marker"}

# Characters and forms that only the slow path renders right, whatever is configured.
_NEVER_CHARACTERS = re.compile(r"[<>\\`&{}~^=_$\t\r]")
_NEVER_STRINGS = ("[^", "***", "!!!", "???", "++")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([!#-'*-;=?-~]+\)")  # ASCII target, no spaces or ()<>"
_STRONG = re.compile(r"(?<![*\w])\*\*(?=\S)([^*\n]*?)(?<=\S)\*\*(?![*\w])")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]*?)(?<=[^\s*])\*(?![*\w])")
_BULLET = re.compile(r"([-*+]) \S")
_NUMBERED = re.compile(r"(\d{1,9})\. \S")
_HEADING = re.compile(r"#{1,6} \S")
_TABLE_RULE = re.compile(r"\|(?: *-+ *\|)+ *")
_RULE_LIKE = re.compile(r"[-*_ ]+|=+ *")


def fast_path_allowed(dialect: Dialect) -> bool:
    """Whether the configuration lets some posts take the fast path at all."""
    configs = dialect.written
    toc = configs.get("toc") or {}
    return all(_short(name) in INERT_EXTENSIONS for name in dialect.names) and \
        set(toc) <= _TOC_OPTIONS and not toc.get("anchorlink") and \
        int(toc.get("baselevel", 1)) == 1


def _short(name: str) -> str:
    return name[len("markdown.extensions."):] if name.startswith("markdown.extensions.") else name


def render_fast(text: str, dialect: Dialect) -> str | None:
    """The HTML Python-Markdown would make of `text`, or None when the text needs it."""
    if not _plain(text) or any(pattern is not None and pattern.search(text)
                               for pattern in _triggers(dialect)):
        return None
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS,
                                                     extensions=_EXTENSIONS)
    if "&quot;" in html:
        html = re.sub(r">[^<]*<", lambda m: m.group(0).replace("&quot;", '"'), html)
    if "<img " in html:
        html = re.sub(r'<img src="([^"]*)" alt="([^"]*)" />', r'<img alt="\2" src="\1" />', html)
    if "<h" in html:
        html = _heading_ids(html, dialect)
    return html.rstrip("\n")


def cmark_html(text: str, sourcepos: bool = False) -> str:
    """cmark-gfm's own HTML of `text`, raw HTML kept: what the nesting check of bodies and
    standalone pages measures (render.nested_within_bounds) before a slower renderer sees the
    text. `sourcepos`: each block's element says its lines (data-sourcepos="3:1-5:4")."""
    options = _OPTIONS | Options.CMARK_OPT_UNSAFE
    return cmarkgfm.markdown_to_html_with_extensions(
        text, options=options | Options.CMARK_OPT_SOURCEPOS if sourcepos else options,
        extensions=_EXTENSIONS)


def _triggers(dialect: Dialect) -> list:
    return [INERT_EXTENSIONS.get(_short(name)) for name in dialect.names]


def _plain(text: str) -> bool:
    """The text is paragraphs, headings, simple lists and pipe tables, separated by blank
    lines, with links, pictures and bold or italic words inside."""
    if _NEVER_CHARACTERS.search(text) or any(part in text for part in _NEVER_STRINGS):
        return False
    if "[" in text or "]" in text or "(" in text and "](" in text:
        stripped = _LINK.sub(r"\1", text)
        if "[" in stripped or "]" in stripped or "](" in stripped:
            return False
    if "*" in text:
        stripped = _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", re.sub(r"(?m)^\* ", "", text)))
        if "*" in stripped:
            return False
    block, marker = "", ""  # the kind of block the line is in, and its list marker
    previous = ""  # the kind of the block before the last blank line
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            if line:  # blanks on an empty line: Python-Markdown keeps them in some places
                return False
            block, previous = "", block or previous
            continue
        kind, new_marker = _kind(line)
        if kind is None:
            return False
        if line[-1] == " " and not _line_break(kind, line, lines, number):
            return False  # kept by Python-Markdown, dropped by cmark-gfm
        if block == "":
            # a numbered list starting elsewhere than 1; a list right after a list, which
            # Python-Markdown makes one list of loose items
            if new_marker == "n" or kind == previous == "item":
                return False
            block, marker = kind, new_marker
        elif kind != block or block == "heading" or \
                kind == "item" and new_marker.strip("n1") != marker.strip("n1"):
            return False
    return _tables_regular(text) if "|" in text else True


def _line_break(kind: str, line: str, lines: list[str], number: int) -> bool:
    """Blanks ending a line are the same in both only as a line break: two or more, in a
    paragraph, before another of its lines."""
    following = lines[number + 1] if number + 1 < len(lines) else ""
    return kind == "paragraph" and line.endswith("  ") and bool(following.strip()) and \
        _kind(following)[0] == "paragraph"


def _kind(line: str) -> tuple[str | None, str]:
    """('heading' | 'item' | 'table' | 'paragraph', list marker), or None for a line the
    fast path does not take."""
    first = line[0]
    if first.isalpha():  # most lines: a paragraph's
        return ("paragraph", "") if "|" not in line else (None, "")
    if first in " :#" and not _HEADING.match(line):
        return None, ""
    if first == "#":
        return (None, "") if line.rstrip().endswith("#") else ("heading", "")
    if _RULE_LIKE.fullmatch(line.rstrip()):
        return None, ""
    bullet = _BULLET.match(line)
    if bullet:
        return "item", bullet.group(1)
    numbered = _NUMBERED.match(line)
    if numbered:
        return "item", "1" if numbered.group(1) == "1" else "n"
    if first.isdigit() and re.match(r"\d+[.)]", line):
        return None, ""
    if first == "|":
        return "table", ""
    return ("paragraph", "") if "|" not in line else (None, "")


def _tables_regular(text: str) -> bool:
    """Every table: a header, a rule without alignment, rows of as many cells, each line
    between pipes."""
    for table in re.findall(r"(?m)(?:^\|.*\n?)+", text):
        rows = table.rstrip("\n").split("\n")
        if len(rows) < 2 or not _TABLE_RULE.fullmatch(rows[1].rstrip()):
            return False
        cells = rows[0].rstrip().count("|")
        if any(not row.rstrip().endswith("|") or row.rstrip().count("|") != cells
               for row in rows):
            return False
    return True


_HEADING_HTML = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)


def _heading_ids(html: str, dialect: Dialect) -> str:
    """What toc adds to headings, as it adds it."""
    toc = dialect.configs.get("toc", {})
    slugify: Callable[[str, str], str] = toc.get("slugify", toc_slugify)
    separator = toc.get("separator", "-")
    permalink = toc.get("permalink")
    if isinstance(permalink, str) and permalink.lower() in ("false", "no", "off", "0"):
        permalink = False
    link = ""
    if permalink:
        text = "&para;" if permalink is True or str(permalink).lower() in ("true", "yes", "on", "1") \
            else html_lib.escape(str(permalink), quote=False)
        title = toc.get("permalink_title", "Permanent link")
        title_part = f' title="{html_lib.escape(title)}"' if title else ""
        link = (f'<a class="{html_lib.escape(toc.get("permalink_class", "headerlink"))}" '
                f'href="#{{}}"{title_part}>{text}</a>')
    used: set[str] = set()

    def add_id(match: re.Match) -> str:
        level, inner = match.groups()
        anchor = unique(slugify(html_lib.unescape(strip_tags(inner)), separator), used)
        after = link.replace("{}", anchor) if link else ""
        return f'<h{level} id="{anchor}">{inner}{after}</h{level}>'

    return _HEADING_HTML.sub(add_id, html)
