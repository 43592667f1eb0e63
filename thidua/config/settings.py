"""mkdocs.yml, read once per command into one validated `Settings`.

Every command reads the file here, once: the bytes read are kept, and the theme engine is
given those same bytes (engine/mkdocs.py), so a build never reads mkdocs.yml twice nor through
two schemas. A mistake in a setting stops the command with its line, in Vietnamese.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..core.dates import TZ
from ..core.problems import Problem, Problems, SiteError
from ..core.yamlsource import YAML_FIX, LineLoader, describe_yaml_error
from .material import PORTAL_PLUGIN, check_material_settings, plugin_entries

PLUGIN_NAME = PORTAL_PLUGIN
PRODUCT_ROOT = Path(__file__).resolve().parents[2]
PRODUCT_OVERRIDES = PRODUCT_ROOT / "overrides"
DEFAULT_TITLES = PRODUCT_ROOT / "data" / "titles.yml"  # for a site without data/titles.yml
# for a site without data/document-types.yml
DEFAULT_DOCUMENT_TYPES = PRODUCT_ROOT / "data" / "document-types.yml"
DEFAULT_PER_PAGE = 20
# Pictures mkdocs.yml may name: an icon may be a drawing; what is shared must be a photo type
# that Facebook and Zalo show.
ICON_TYPES = (".png", ".svg", ".ico", ".jpg", ".jpeg", ".gif", ".webp")
SHARE_TYPES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Settings:
    """What the generator needs to know about a site."""

    root: Path  # the folder of mkdocs.yml; paths in messages are relative to it
    content_dir: Path
    data_dir: Path
    site_name: str
    config_file: str = "mkdocs.yml"  # as the editor knows it, for messages
    site_url: str | None = None  # ends with a slash
    preview: bool = False  # `serve`: drafts and scheduled posts are shown, marked
    today: date | None = None  # publishing day in Asia/Ho_Chi_Minh (None: today)
    per_page: int = DEFAULT_PER_PAGE
    extra: dict = field(default_factory=dict)
    template_dirs: tuple[Path, ...] = ()  # the site's overrides first, then the product's
    site_dir: Path | None = None
    custom_dir: Path | None = None
    # theme.favicon and theme.logo as written (files of content/ or of the overrides); None:
    # the portal's own emblem (outputs/icons.py). extra.share_image: what a page without a
    # picture of its own shows when shared, a file of content/; None: the emblem's card.
    favicon: str | None = None
    logo: str | None = None
    share_image: str | None = None
    config_bytes: bytes = b""  # mkdocs.yml as read: the engine parses these same bytes
    raw: dict = field(default_factory=dict, repr=False)  # the parsed file, with lines
    # Settings of MkDocs and Material the portal cannot honour, and plugins it leaves out
    # (config/material.py): reported with the content's warnings on every build.
    warnings: tuple[Problem, ...] = ()

    def rel(self, path: Path | str) -> str:
        """A path as the editor sees it, relative to the site folder (string work: this runs
        for every file of every build)."""
        text, root = os.fspath(path), os.fspath(self.root) + os.sep
        return (text[len(root):] if text.startswith(root) else text).replace(os.sep, "/")

    @property
    def config_path(self) -> Path:
        return self.root / self.config_file

    def theme_file(self, written: str) -> Path | None:
        """A file named in mkdocs.yml the way MkDocs finds it: in content/, else in the
        site's overrides, else in the product's."""
        return _find_file(written, (self.content_dir, self.custom_dir, PRODUCT_OVERRIDES))

    def for_preview(self) -> Settings:
        return replace(self, preview=True)


def read_settings(config_file: str | Path, *, preview: bool = False,
                  site_dir: str | Path | None = None, today: date | None = None) -> Settings:
    """Read and check mkdocs.yml; every mistake is listed (SiteError). `today` is the day the
    site is built as of (default: today in Asia/Ho_Chi_Minh): it publishes scheduled posts,
    opens and closes consultations and puts documents in and out of force."""
    path = Path(config_file).resolve()
    data = _read_bytes(path)
    raw = parse_config(data, path.name)
    settings = _Reader(path, raw).settings(data, preview=preview, site_dir=site_dir)
    return replace(settings, today=today) if today is not None else settings


def read_config_file(path: Path) -> dict:
    """mkdocs.yml as plain data, for a command that needs a setting or two and no site
    (the visitor counter); SiteError when it does not parse."""
    return parse_config(_read_bytes(path.resolve()), path.name)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        problems = Problems()
        problems.error(path.name, f"không đọc được tệp cấu hình ({error.strerror})",
                       "kiểm tra đường dẫn và quyền đọc tệp mkdocs.yml")
        raise SiteError(problems) from None


class _ConfigLoader(LineLoader):
    """YAML with MkDocs' tags: !ENV is read; `!!python/name:` and `!!python/object/apply:`
    (Markdown extensions' options: emoji generators, slugify functions) are kept as PythonRef,
    resolved only where they are used; other tags are skipped. Mappings remember their
    lines, so a wrong setting is named with its line."""


@dataclass(frozen=True)
class PythonRef:
    """`!!python/name:module.attr` (call=False) or `!!python/object/apply:module.attr` with
    its arguments, as MkDocs reads them. mkdocs.yml is the site's own code: MkDocs resolves
    these too."""

    name: str
    call: bool = False
    args: tuple = ()
    kwargs: tuple = ()  # (key, value) pairs

    def resolve(self) -> Any:
        module, _, attribute = self.name.rpartition(".")
        value = getattr(importlib.import_module(module), attribute)
        return value(*self.args, **dict(self.kwargs)) if self.call else value


def _python_name(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> PythonRef:
    return PythonRef(suffix)


def _python_apply(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> PythonRef:
    if isinstance(node, yaml.SequenceNode):
        return PythonRef(suffix, True, tuple(loader.construct_sequence(node, deep=True)))
    values = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) \
        else {}
    return PythonRef(suffix, True, tuple(values.get("args") or ()),
                     tuple(sorted((values.get("kwds") or {}).items())))


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    for name in names[:-1] if len(names) > 1 else names:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_apply)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def parse_config(data: bytes, name: str) -> dict:
    problems = Problems()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.error(name, "tệp không được lưu bằng mã UTF-8", "lưu lại tệp với bảng mã UTF-8")
        raise SiteError(problems) from None
    loader = _ConfigLoader(text)
    try:
        raw = loader.get_single_data() or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.error(name, f"YAML hỏng: {describe_yaml_error(error)}", YAML_FIX,
                       line=mark.line + 1 if mark else None)
        raise SiteError(problems) from None
    except (yaml.YAMLError, ValueError) as error:
        problems.error(name, f"YAML hỏng: {error}", YAML_FIX)
        raise SiteError(problems) from None
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        problems.error(name, "tệp cấu hình phải là các dòng dạng \"tên: giá trị\"",
                       "mở đầu bằng site_name: ..., docs_dir: content, theme: ..., plugins: ...",
                       line=1)
        raise SiteError(problems)
    return raw


class _Reader:
    """Turns the parsed file into Settings, collecting every mistake with its line."""

    def __init__(self, path: Path, raw: dict):
        self.path, self.raw, self.root = path, raw, path.parent
        self.problems = Problems()

    def settings(self, data: bytes, *, preview: bool, site_dir: str | Path | None) -> Settings:
        raw = self.raw
        options = next((entry[PLUGIN_NAME] or {} for entry in plugin_entries(raw)
                        if PLUGIN_NAME in entry), {})
        where = f"plugins.{PLUGIN_NAME}"
        docs_dir = self._text(raw, "docs_dir", "docs", "docs_dir", "docs_dir: content")
        data_dir = self._text(options, "data_dir", "data", f"{where}.data_dir", "data_dir: data")
        site_url = self._text(raw, "site_url", None, "site_url",
                              "site_url: https://thidua.namdinh.gov.vn/")
        per_page = self._per_page(options, f"{where}.per_page")
        extra = raw.get("extra") or {}
        if not isinstance(extra, dict):
            self._wrong(raw, "extra", "extra", "phải là một nhóm trường dạng \"tên: giá trị\"",
                        "viết extra: rồi các dòng thụt lề bên dưới, ví dụ   slogans: [...]")
        custom_dir = self._custom_dir()
        output = Path(site_dir).resolve() if site_dir else self._site_dir()
        content_dir = (self.root / docs_dir).resolve()
        theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
        folders = (content_dir, custom_dir, PRODUCT_OVERRIDES)
        favicon = self._picture(theme, "favicon", "theme.favicon", folders, ICON_TYPES)
        logo = self._picture(theme, "logo", "theme.logo", folders, ICON_TYPES)
        share_image = self._picture(extra if isinstance(extra, dict) else {}, "share_image",
                                    "extra.share_image", (content_dir,), SHARE_TYPES)
        check_material_settings(raw, self.path.name, self.problems)
        if self.problems:
            raise SiteError(self.problems)
        return Settings(
            root=self.root, config_file=self.path.name,
            content_dir=content_dir, data_dir=(self.root / data_dir).resolve(),
            site_name=str(raw.get("site_name", "")),
            site_url=_with_slash(site_url) if site_url else None, preview=preview,
            today=datetime.now(TZ).date(), per_page=per_page, extra=dict(extra),
            template_dirs=((custom_dir,) if custom_dir else ()) + (PRODUCT_OVERRIDES,),
            site_dir=output, custom_dir=custom_dir, favicon=favicon, logo=logo,
            share_image=share_image, config_bytes=data, raw=raw,
            warnings=tuple(self.problems.warnings))

    def _custom_dir(self) -> Path | None:
        """theme.custom_dir when the folder exists (the product's overrides stand in for a
        missing one)."""
        theme = self.raw.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            value = self._text(theme, "custom_dir", None, "theme.custom_dir",
                               "custom_dir: overrides")
            folder = self.root / value if value else None
            return folder.resolve() if folder is not None and folder.is_dir() else None
        return None

    def _picture(self, mapping: dict, key: str, label: str, folders: tuple,
                 types: tuple[str, ...]) -> str | None:
        """A picture named in mkdocs.yml: it must exist where MkDocs looks for it, and be of
        a type its use takes."""
        value = self._text(mapping, key, None, label, f"{key}: images/{key.replace('_', '-')}"
                                                       f"{types[0]}")
        if value is None:
            return None
        where = " hoặc ".join(f"{self._shown(folder)}/" for folder in folders[:2] if folder)
        if not value.lower().endswith(types):
            self._wrong(mapping, key, label, f"{value} không phải là ảnh loại dùng được ở đây",
                        f"dùng ảnh {', '.join(t.lstrip('.').upper() for t in types)}")
        elif _find_file(value, folders) is None:
            self._wrong(mapping, key, label, f"không tìm thấy tệp ảnh {value}",
                        f"đặt ảnh trong {where} và ghi đường dẫn tính từ đó, ví dụ "
                        f"{key}: images/{value.rsplit('/', 1)[-1]}")
        return value

    def _shown(self, folder: Path) -> str:
        return os.path.relpath(folder, self.root).replace(os.sep, "/")

    def _site_dir(self) -> Path:
        value = self._text(self.raw, "site_dir", "site", "site_dir", "site_dir: site")
        return (self.root / (value or "site")).resolve()

    def _wrong(self, mapping: Any, key: str, label: str, message: str, fix: str) -> None:
        line = mapping.line_of(key) if hasattr(mapping, "line_of") else None
        self.problems.error(self.path.name, message, fix, line=line, field=label)

    def _text(self, mapping: Any, key: str, default: str | None, label: str,
              example: str) -> str | None:
        value = mapping.get(key, default) if isinstance(mapping, dict) else default
        if value is None or value == default:  # absent, or an empty line: the default
            return default
        if isinstance(value, str) and value.strip():
            return value.strip()
        self._wrong(mapping, key, label, f"phải là một chuỗi chữ, đang là {value!r}",
                    f"ví dụ {example}")
        return default

    def _per_page(self, options: Any, label: str) -> int:
        value = options.get("per_page", DEFAULT_PER_PAGE) if isinstance(options, dict) \
            else DEFAULT_PER_PAGE
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        shown = f'"{value}"' if isinstance(value, str) else "trống" if value is None else str(value)
        self._wrong(options, "per_page", label,
                    f"số bài mỗi trang phải là số nguyên dương, đang là {shown}",
                    "ghi một số nguyên lớn hơn 0, ví dụ per_page: 20")
        return DEFAULT_PER_PAGE


def _find_file(written: str, folders: tuple[Path | None, ...]) -> Path | None:
    for folder in folders:
        if folder is not None and (folder / written.lstrip("/")).is_file():
            return folder / written.lstrip("/")
    return None


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
