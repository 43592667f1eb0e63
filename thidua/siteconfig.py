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

PLUGIN_NAME = "thidua"
PRODUCT_ROOT = Path(__file__).resolve().parent.parent
PRODUCT_OVERRIDES = PRODUCT_ROOT / "overrides"


class _ConfigLoader(yaml.SafeLoader):
    """YAML with MkDocs' tags: !ENV is read; tags naming Python objects are skipped."""


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
        with open(path, encoding="utf-8") as handle:
            raw = yaml.load(handle, Loader=_ConfigLoader) or {}
        return cls(path, raw if isinstance(raw, dict) else {})

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
            folder = self.root / theme["custom_dir"]
            return folder.resolve() if folder.is_dir() else None
        return None

    def site_dir(self) -> Path:
        return (self.root / self.raw.get("site_dir", "site")).resolve()

    def settings(self, *, preview: bool = False, site_url: str | None = None) -> Settings:
        options = self.plugin_options()
        return make_settings(
            root=self.root, config_file=self.path.name,
            docs_dir=self.root / self.raw.get("docs_dir", "docs"),
            data_dir=self.root / options.get("data_dir", "data"),
            site_name=str(self.raw.get("site_name", "")),
            site_url=site_url if site_url is not None else self.raw.get("site_url"),
            preview=preview, per_page=options.get("per_page", 20),
            extra=self.raw.get("extra") or {}, custom_dir=self.custom_dir())


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
