"""mkdocs.yml, read once per command into one validated `Settings`.

Every command reads the file here, once: the bytes read are kept, and the theme engine is
given those same bytes (engine/mkdocs.py), so a build never reads mkdocs.yml twice nor through
two schemas. A mistake in a setting stops the command with its line, in Vietnamese.
"""
from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..core.dates import TZ
from ..core.files import Unreadable, decode_text, read_source
from ..core.problems import Problem, Problems, SiteError
from ..core.yamlsource import LineLoader, YamlSyntaxError, load_yaml
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
        return read_source(path, None)
    except Unreadable as error:
        problems = Problems()
        problems.error(path.name, f"không đọc được tệp cấu hình: {error.message}", error.fix)
        raise SiteError(problems) from None


class _ConfigLoader(LineLoader):
    """YAML with MkDocs' tags: !ENV is read; `!!python/name:` and, in markdown_extensions'
    options only, `!!python/object/apply:` (emoji generators, slugify functions) are kept as
    PythonRef, resolved only where an extension's options use them; other tags are skipped.
    Tags that would build or run Python objects anywhere else are refused. Mappings remember
    their lines, so a wrong setting is named with its line."""

    def tag_allowed(self, tag: str, field: str | None = None) -> bool:
        if tag.startswith(_PYTHON_APPLY):
            return field == "markdown_extensions"
        return not tag.startswith(_RUNS_CODE)


_RUNS_CODE = tuple(f"tag:yaml.org,2002:python/{kind}" for kind in ("object", "module"))
_PYTHON_APPLY = "tag:yaml.org,2002:python/object/apply:"


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
    text = decode_text(data)
    if isinstance(text, Unreadable):
        problems.error(name, text.message, text.fix, line=text.line)
        raise SiteError(problems) from None
    try:
        raw = load_yaml(text, loader=_ConfigLoader) or {}
    except YamlSyntaxError as error:
        for line, problem, fix, setting in error.issues:
            problems.error(name, f"YAML hỏng: {problem}", fix, line=line, field=setting)
        raise SiteError(problems) from None
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
        self._check_types()
        docs_dir = self._folder(raw, "docs_dir", "docs", "docs_dir", "docs_dir: content",
                                required=True)
        data_dir = self._folder(options, "data_dir", "data", f"{where}.data_dir",
                                "data_dir: data", required="data_dir" in options)
        site_url = self._text(raw, "site_url", None, "site_url", _SITE_URL_EXAMPLE)
        if site_url and not _WEB_ADDRESS.match(site_url):
            self._wrong(raw, "site_url", "site_url", f"'{site_url}' không phải địa chỉ web",
                        f"ghi địa chỉ đầy đủ bắt đầu bằng https://, ví dụ {_SITE_URL_EXAMPLE}")
            site_url = None
        per_page = self._per_page(options, f"{where}.per_page")
        extra = raw.get("extra") or {}
        if not isinstance(extra, dict):
            self._wrong(raw, "extra", "extra", "phải là một nhóm trường dạng \"tên: giá trị\"",
                        "viết extra: rồi các dòng thụt lề bên dưới, ví dụ   slogans: [...]")
        else:
            self._check_extra(extra)
        self._check_nav(self.raw.get("nav"), (self.root / docs_dir).resolve())
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
            value = self._folder(theme, "custom_dir", "overrides", "theme.custom_dir",
                                 "custom_dir: overrides", required=False)
            folder = (self.root / value).resolve()
            return folder if folder.is_dir() else None  # (outside the site: an error above)
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

    def _check_types(self) -> None:
        """Settings MkDocs reads, of the wrong type, in the editor's words and with their line
        (MkDocs would stop on them in English); INHERIT, which would make mkdocs.yml more than
        the one file read here, is refused."""
        if "INHERIT" in self.raw:
            self._wrong(self.raw, "INHERIT", "INHERIT", "mkdocs.yml của cổng không kế thừa tệp "
                        "cấu hình khác (INHERIT)", "chép các thiết lập của tệp được kế thừa vào "
                        "mkdocs.yml rồi xóa dòng INHERIT:")
        for key, (kinds, example) in _MKDOCS_TYPES.items():
            value = self.raw.get(key)
            if value is not None and not isinstance(value, kinds) or \
                    isinstance(value, bool) and bool not in kinds:
                self._wrong(self.raw, key, key, f"phải là {_kind_names(kinds)}, đang là "
                            f"{_kind_names((type(value),))}", f"ví dụ {example}")

    def _check_extra(self, extra: dict) -> None:
        """The settings of `extra:` that pages show (the theme would leave out, without a
        word, one of the wrong kind)."""
        slogans = extra.get("slogans")
        if slogans is not None and not isinstance(slogans, str) and not (
                isinstance(slogans, list) and all(isinstance(item, str) for item in slogans)):
            self._wrong(extra, "slogans", "extra.slogans", "phải là một câu hoặc một danh sách "
                        "câu", "ví dụ slogans: [Thi đua là yêu nước, yêu nước thì phải thi đua]")
        office = extra.get("office")
        if office is not None and not isinstance(office, dict):
            self._wrong(extra, "office", "extra.office", "phải là một nhóm trường dạng "
                        "\"tên: giá trị\"", "viết office: rồi các dòng thụt lề name:, address:, "
                        "phone:, email:")
        for key, value in office.items() if isinstance(office, dict) else ():
            if value is not None and not isinstance(value, (str, int)):
                self._wrong(office, key, f"extra.office.{key}", "phải là một dòng chữ",
                            f'ví dụ {key}: "…"')
        counter = extra.get("counter")
        endpoint = counter.get("endpoint") if isinstance(counter, dict) else None
        if counter is not None and not isinstance(counter, dict):
            self._wrong(extra, "counter", "extra.counter", "phải là một nhóm trường dạng "
                        "\"tên: giá trị\"", "viết counter: rồi dòng thụt lề endpoint: https://…")
        elif endpoint is not None and not (isinstance(endpoint, str) and
                                           _WEB_ADDRESS.match(endpoint)):
            self._wrong(counter, "endpoint", "extra.counter.endpoint", f"'{endpoint}' không "
                        "phải địa chỉ web", "ghi địa chỉ của dịch vụ đếm, ví dụ endpoint: "
                        "https://thidua.namdinh.gov.vn (hoặc http://127.0.0.1:8001 khi thử)")

    def _check_nav(self, nav: Any, content_dir: Path) -> None:
        """Every page `nav:` names is a file of content/ (MkDocs would only warn, and every
        page would then carry a broken link to it)."""
        items = [(nav, index) for index in range(len(nav))] if isinstance(nav, list) else []
        while items:
            owner, key = items.pop()
            value = owner[key]
            if isinstance(value, dict):
                items += [(value, name) for name in value]
            elif isinstance(value, list):
                items += [(value, index) for index in range(len(value))]
            elif isinstance(value, str) and "://" not in value and \
                    not (content_dir / value).is_file():
                self._wrong(owner, key, "nav", f"không có trang {value} trong thư mục nội dung",
                            "sửa tên tệp (tính từ thư mục content/), hoặc xóa mục này khỏi nav:")

    def _folder(self, mapping: Any, key: str, default: str, label: str, example: str, *,
                required: bool) -> str:
        """A folder of the site (docs_dir, data_dir): inside the folder of mkdocs.yml, and
        there when `required` (a data folder left at its default may be missing)."""
        value = self._text(mapping, key, default, label, example)
        folder = (self.root / value).resolve()
        written = os.path.normpath(self.root / value)  # a link placed inside may lead elsewhere
        if written != str(self.root) and not written.startswith(str(self.root) + os.sep):
            self._wrong(mapping, key, label, f"thư mục {value} nằm ngoài thư mục của trang "
                        f"({self.root})", f"đặt thư mục trong thư mục chứa mkdocs.yml, {example}")
        elif folder.exists() and not folder.is_dir():
            self._wrong(mapping, key, label, f"{value} là một tệp, không phải thư mục",
                        f"ghi tên một thư mục, {example}")
        elif required and not folder.exists():
            self._wrong(mapping, key, label, f"không có thư mục {value} (tính từ thư mục chứa "
                        f"{self.path.name})", f"tạo thư mục đó hoặc sửa tên, {example}")
        return value

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
_SITE_URL_EXAMPLE = "site_url: https://thidua.namdinh.gov.vn/"
_WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
# Settings MkDocs itself reads, with the types it accepts (MkDocs 1.6's schema) and an example.
_MKDOCS_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "site_name": ((str,), "site_name: Cổng thông tin Thi đua – Khen thưởng"),
    "site_description": ((str,), "site_description: Tin tức thi đua – khen thưởng của tỉnh"),
    "site_author": ((str,), "site_author: Ban Thi đua – Khen thưởng tỉnh"),
    "copyright": ((str,), "copyright: \"© 2025 Ban Thi đua – Khen thưởng tỉnh\""),
    "repo_url": ((str,), "repo_url: https://github.com/to-chuc/cong-thi-dua"),
    "repo_name": ((str,), "repo_name: cong-thi-dua"),
    "edit_uri": ((str,), "edit_uri: edit/main/content/"),
    "dev_addr": ((str,), "dev_addr: 127.0.0.1:8000"),
    "remote_branch": ((str,), "remote_branch: gh-pages"),
    "remote_name": ((str,), "remote_name: origin"),
    "theme": ((str, dict), "theme:\n  name: material"),
    "nav": ((list,), "nav:\n  - Giới thiệu: gioi-thieu.md"),
    "extra_css": ((list,), "extra_css: [assets/rieng.css]"),
    "extra_javascript": ((list,), "extra_javascript: [assets/rieng.js]"),
    "extra_templates": ((list,), "extra_templates: [rieng.html]"),
    "watch": ((list,), "watch: [overrides]"),
    "hooks": ((list,), "hooks: [hooks.py]"),
    "markdown_extensions": ((list, dict), "markdown_extensions:\n  - toc:\n      permalink: true"),
    "plugins": ((list, dict), "plugins:\n  - thidua:\n      data_dir: data"),
    "use_directory_urls": ((bool,), "use_directory_urls: true"),
    "strict": ((bool,), "strict: false"),
    "validation": ((dict,), "validation:\n  omitted_files: warn"),
}
_KIND_NAMES = {bool: "true hoặc false", str: "chữ", dict: "một nhóm thiết lập \"tên: giá trị\"",
               list: "một danh sách", int: "một số", float: "một số", type(None): "trống"}


def _kind_names(kinds: tuple[type, ...]) -> str:
    return " hoặc ".join(next((name for known, name in _KIND_NAMES.items()
                               if issubclass(kind, known)), kind.__name__) for kind in kinds)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
