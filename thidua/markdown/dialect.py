"""The site's one Markdown dialect: Python-Markdown with the `markdown_extensions` of mkdocs.yml
(MkDocs' own toc, tables and fenced_code included), for posts and standalone pages alike.

Posts are rendered here (render.py); standalone pages by MkDocs, which engine/mkdocs.py gives
the same list and the same options (`Dialect.extensions`, `Dialect.configs`). What the portal
adds is added to both: Vietnamese for every text an extension writes for readers (footnote
back-links, permalinks, default admonition and details titles) and heading ids that keep the
Vietnamese letters' bases (`Đánh giá` → `danh-gia`), unless mkdocs.yml sets them itself.

Nothing here imports MkDocs: the extensions are read from Settings.raw, `!!python/name:` values
included (config/settings.py keeps them as PythonRef).
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..config.settings import PythonRef, Settings
from ..core.problems import Problems
from ..core.text import make_slug

# MkDocs renders every page with these, whatever mkdocs.yml lists (config/defaults.py there).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")

BACKLINK_TITLE = "Quay lại chỗ chú thích {} trong bài"
PERMALINK_TITLE = "Liên kết tới mục này"
# Admonition and details types, as Material styles them, with the title shown when the text
# gives none (`!!! note` → "Ghi chú").
DEFAULT_TITLES = {
    "note": "Ghi chú", "abstract": "Tóm tắt", "summary": "Tóm tắt", "tldr": "Tóm tắt",
    "info": "Thông tin", "todo": "Việc cần làm", "tip": "Mẹo", "hint": "Gợi ý",
    "important": "Quan trọng", "success": "Thành công", "check": "Đã kiểm tra",
    "done": "Đã xong", "question": "Câu hỏi", "help": "Trợ giúp", "faq": "Hỏi đáp",
    "warning": "Cảnh báo", "caution": "Thận trọng", "attention": "Chú ý",
    "failure": "Không thành công", "fail": "Không đạt", "missing": "Còn thiếu",
    "danger": "Nguy hiểm", "error": "Lỗi", "bug": "Lỗi phần mềm", "example": "Ví dụ",
    "quote": "Trích dẫn", "cite": "Trích dẫn",
}


def heading_slug(value: str, separator: str = "-") -> str:
    """toc's slugify, Vietnamese-aware: 'Đánh giá năm' → 'danh-gia-nam' (toc's own drops đ)."""
    slug = make_slug(value)
    return slug.replace("-", separator) if separator != "-" else slug


class DialectError(Exception):
    """An extension of mkdocs.yml that cannot be loaded or configured (message in Vietnamese)."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(message)


@dataclass(frozen=True)
class Dialect:
    """The extensions and their options, as both renderers get them."""

    names: tuple[str, ...]  # in MkDocs' order: its builtins, then mkdocs.yml's
    written: dict[str, Any] = field(default_factory=dict)  # options as mkdocs.yml has them
    lines: dict[str, int] = field(default_factory=dict)  # line of each extension in mkdocs.yml

    @cached_property
    def configs(self) -> dict[str, dict]:
        """Options of each extension with the portal's Vietnamese defaults, PythonRef resolved."""
        configs = {name: _resolved(options) for name, options in self.written.items() if options}
        toc = configs.setdefault("toc", {})
        toc.setdefault("slugify", heading_slug)
        if toc.get("permalink"):
            toc.setdefault("permalink_title", PERMALINK_TITLE)
        if "footnotes" in self.names:
            configs.setdefault("footnotes", {}).setdefault("BACKLINK_TITLE", BACKLINK_TITLE)
        return configs

    @property
    def extensions(self) -> list:
        """The extension list for Python-Markdown (and MkDocs): mkdocs.yml's, then the portal's."""
        return [*self.names, VietnameseTitles()]

    @cached_property
    def fingerprint(self) -> str:
        """What rendered bodies depend on besides the text: the extensions and their options
        (the packages' versions key the whole cache, core/cache.py)."""
        text = f"{self.names!r}\0{_describe(self.written)!r}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def has(self, name: str) -> bool:
        return name in self.names or f"markdown.extensions.{name}" in self.names

    def markdown(self) -> markdown.Markdown:
        """A Python-Markdown converter for this dialect, made once per process (DialectError)."""
        key = self.fingerprint
        converter = _CONVERTERS.get(key)
        if converter is None:
            converter = _CONVERTERS[key] = self._make()
        return converter

    def _make(self) -> markdown.Markdown:
        configs = self.configs
        converter = markdown.Markdown(extensions=[VietnameseTitles()])
        for name in self.names:
            try:
                converter.registerExtensions([name], configs)
            except ImportError:
                raise DialectError(name, f"không nạp được phần mở rộng Markdown {name}: chưa cài "
                                   "gói chứa nó, hoặc tên viết sai") from None
            except Exception as error:  # an extension's own check of its options
                raise DialectError(name, f"phần mở rộng Markdown {name} không nhận các tuỳ "
                                   f"chọn đã ghi ({type(error).__name__}: {error})") from None
        return converter

    def check(self, settings: Settings, problems: Problems) -> bool:
        """Whether every extension loads; a problem with its line in mkdocs.yml if not."""
        try:
            self.markdown()
        except DialectError as error:
            problems.error(settings.config_file, str(error),
                           "sửa tên hoặc tuỳ chọn trong markdown_extensions (tên đúng như "
                           "pymdownx.tabbed, admonition, attr_list), hoặc cài gói chứa nó "
                           "(pip install pymdown-extensions)", line=self.lines.get(error.name),
                           field="markdown_extensions")
            return False
        return True


_CONVERTERS: dict[str, markdown.Markdown] = {}
_DIALECTS: dict[bytes, Dialect] = {}


def dialect_of(settings: Settings) -> Dialect:
    """The dialect mkdocs.yml configures (read once per process and config)."""
    dialect = _DIALECTS.get(settings.config_bytes)
    if dialect is None:
        dialect = _DIALECTS[settings.config_bytes] = read_dialect(settings.raw)
    return dialect


def read_dialect(raw: dict) -> Dialect:
    """`markdown_extensions` as MkDocs reads it: a list of names or {name: options}, or one
    mapping of name → options; MkDocs' builtins first, each name once."""
    value = raw.get("markdown_extensions") or []
    written: dict[str, Any] = {}
    lines: dict[str, int] = {}
    items = list(value.items()) if isinstance(value, dict) else \
        [next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
         for item in value if isinstance(item, (str, dict))]
    for index, (name, options) in enumerate(items):
        name = str(name)
        written[name] = options if isinstance(options, dict) else written.get(name)
        line = value.line_of(name if isinstance(value, dict) else index) \
            if hasattr(value, "line_of") else None
        if line:
            lines.setdefault(name, line)
    names = tuple(dict.fromkeys([*MKDOCS_BUILTINS, *written]))
    return Dialect(names, {k: v for k, v in written.items() if v}, lines)


def _resolved(value: Any) -> Any:
    if isinstance(value, PythonRef):
        return value.resolve()
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    return value


def _describe(value: Any) -> Any:
    """Options as comparable text (functions by their names)."""
    if isinstance(value, dict):
        return sorted((str(key), _describe(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_describe(item) for item in value]
    return repr(value)


class _TitlesInVietnamese(Treeprocessor):
    """`!!! note` and `??? tip` without a title of their own get the Vietnamese one."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "div" and "admonition" in element.get("class", "").split():
                title = element[0] if len(element) else None
                if title is not None and title.get("class") == "admonition-title":
                    _translate(title, element.get("class", "").split())
            elif element.tag == "details" and len(element) and element[0].tag == "summary":
                _translate(element[0], element.get("class", "").split())


def _translate(title: etree.Element, classes: list[str]) -> None:
    if len(title) or not title.text:
        return
    for kind in classes:
        if kind.capitalize() == title.text and kind in DEFAULT_TITLES:
            title.text = DEFAULT_TITLES[kind]
            return


class VietnameseTitles(Extension):
    """The portal's part of the dialect, given to posts and to MkDocs alike."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_TitlesInVietnamese(md), "thidua_titles", 1)
