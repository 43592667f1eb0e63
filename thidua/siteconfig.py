"""mkdocs.yml as the generator reads it, without MkDocs: the settings every command needs.

`build.py build` reads the config here first, so that a build which needs no theme work does
not load MkDocs at all; the MkDocs plugin derives the same Settings from MkDocs' own config.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .dates import TZ
from .model import Settings
from .problems import Problems, SiteError
from .yamlsource import YAML_FIX, _LineLoader, describe_yaml_error

PLUGIN_NAME = "thidua"
PRODUCT_ROOT = Path(__file__).resolve().parent.parent
PRODUCT_OVERRIDES = PRODUCT_ROOT / "overrides"


class _ConfigLoader(_LineLoader):
    """YAML with MkDocs' tags: !ENV is read; tags naming Python objects are skipped.
    Mappings remember their lines (yamlsource), so a wrong setting is named with its line."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    for name in names[:-1] if len(names) > 1 else names:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    path: Path  # mkdocs.yml, absolute
    raw: dict

    @classmethod
    def read(cls, config_file: str | Path) -> SiteConfig:
        path = Path(config_file).resolve()
        problems = Problems()
        name = path.name
        try:
            text = path.read_text(encoding="utf-8")
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
        return cls(path, raw)

    @property
    def root(self) -> Path:
        return self.path.parent

    def plugin_entries(self) -> list[dict[str, dict]]:
        """`plugins:` as a list of {name: options}, whichever form mkdocs.yml uses."""
        plugins = self.raw.get("plugins")
        if plugins is None:
            return []
        if isinstance(plugins, dict):
            return [{name: opts or {}} for name, opts in plugins.items()]
        return [p if isinstance(p, dict) else {p: {}} for p in plugins]

    def plugin_options(self) -> dict:
        for entry in self.plugin_entries():
            if PLUGIN_NAME in entry:
                return entry[PLUGIN_NAME] or {}
        return {}

    def custom_dir(self) -> Path | None:
        theme = self.raw.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            folder = self.root / self._folder(theme, "custom_dir", "theme.custom_dir",
                                              "custom_dir: overrides")
            return folder.resolve() if folder.is_dir() else None
        return None

    def site_dir(self) -> Path:
        if self.raw.get("site_dir") is None:
            return (self.root / "site").resolve()
        return (self.root / self._folder(self.raw, "site_dir", "site_dir",
                                         "site_dir: site")).resolve()

    def _folder(self, mapping: Any, key: str, label: str, example: str) -> str:
        """A folder setting, which must be a name: one that is not stops with its line."""
        problems = Problems()
        value = self._text(mapping, key, None, label, example, problems)
        if problems or value is None:
            if not problems:
                self._wrong(problems, mapping, key, label, "không được để trống",
                            f"ví dụ {example}")
            raise SiteError(problems)
        return value

    def settings(self, *, preview: bool = False, site_url: str | None = None) -> Settings:
        options = self.plugin_options()
        problems = Problems()
        where = f"plugins.{PLUGIN_NAME}"
        docs_dir = self._text(self.raw, "docs_dir", "docs", "docs_dir", "docs_dir: content",
                              problems)
        data_dir = self._text(options, "data_dir", "data", f"{where}.data_dir",
                              "data_dir: data", problems)
        config_url = self._text(self.raw, "site_url", None, "site_url",
                                "site_url: https://thidua.namdinh.gov.vn/", problems)
        per_page = self._per_page(options, f"{where}.per_page", problems)
        extra = self.raw.get("extra") or {}
        if not isinstance(extra, dict):
            self._wrong(problems, self.raw, "extra", "extra", "phải là một nhóm trường dạng "
                        "\"tên: giá trị\"", "viết extra: rồi các dòng thụt lề bên dưới, ví dụ "
                        "  slogans: [...]")
        if problems:
            raise SiteError(problems)
        return make_settings(
            root=self.root, config_file=self.path.name,
            docs_dir=self.root / docs_dir, data_dir=self.root / data_dir,
            site_name=str(self.raw.get("site_name", "")),
            site_url=site_url if site_url is not None else config_url,
            preview=preview, per_page=per_page, extra=extra, custom_dir=self.custom_dir())

    def _wrong(self, problems: Problems, mapping: Any, key: str, label: str, message: str,
               fix: str) -> None:
        line = mapping.line_of(key) if hasattr(mapping, "line_of") else None
        problems.error(self.path.name, message, fix, line=line, field=label)

    def _text(self, mapping: Any, key: str, default: str | None, label: str, example: str,
              problems: Problems) -> str | None:
        value = mapping.get(key, default) if isinstance(mapping, dict) else default
        if value is None or value == default:  # absent, or an empty line: the default
            return default
        if isinstance(value, str) and value.strip():
            return value.strip()
        self._wrong(problems, mapping, key, label, f"phải là một chuỗi chữ, đang là {value!r}",
                    f"ví dụ {example}")
        return default

    def _per_page(self, options: Any, label: str, problems: Problems) -> int:
        value = options.get("per_page", 20) if isinstance(options, dict) else 20
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        shown = f'"{value}"' if isinstance(value, str) else "trống" if value is None else str(value)
        self._wrong(problems, options, "per_page", label,
                    f"số bài mỗi trang phải là số nguyên dương, đang là {shown}",
                    "ghi một số nguyên lớn hơn 0, ví dụ per_page: 20")
        return 20


def make_settings(*, root: Path, config_file: str, docs_dir: Path, data_dir: Path,
                  site_name: str, site_url: str | None, preview: bool, per_page: int,
                  extra: dict, custom_dir: Path | None) -> Settings:
    template_dirs = ((custom_dir,) if custom_dir else ()) + (PRODUCT_OVERRIDES,)
    return Settings(root=root, config_file=config_file, content_dir=docs_dir.resolve(),
                    data_dir=data_dir.resolve(), site_name=site_name,
                    site_url=_with_slash(site_url) if site_url else None, preview=preview,
                    today=datetime.now(TZ).date(), per_page=max(1, int(per_page)),
                    extra=dict(extra), template_dirs=template_dirs)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def load_settings(config_file: str | Path) -> Settings:
    """The settings of a site, for commands that do not build (check, new) and for tests."""
    return SiteConfig.read(config_file).settings()
