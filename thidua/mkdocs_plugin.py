"""The MkDocs glue, and the only module that imports MkDocs.

It turns the site model into MkDocs pages: a post keeps its own source file, moved to
/tin-tuc/YYYY/SLUG/; every other planned page (home, lists, archives) is a generated file
(MkDocs 1.6 `File.generated`). Page bodies come from thidua.templating; Material draws the
frame around them. Moving to another engine means rewriting this file only.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import yaml_load

from .feeds import write_feeds
from .loader import load_site
from .model import Settings
from .pages import PagePlan, plan_site
from .problems import SiteError
from .reading import PRODUCT_ROOT
from .templating import BodyRenderer

log = logging.getLogger("mkdocs.plugins.thidua")

PLUGIN_NAME = "thidua"
PRODUCT_OVERRIDES = PRODUCT_ROOT / "overrides"
STYLESHEET = "assets/stylesheets/thidua.css"
THEME_FEATURES = ("navigation.tabs",)
# The top navigation (SPEC §7); standalone pages of content/ follow, Giới thiệu first.
MAIN_NAV = [
    ("Trang chủ", "index.md"),
    ("Tin tức", "tin-tuc/index.md"),
    ("Khối thi đua", "khoi-thi-dua/index.md"),
    ("Khen thưởng", "khen-thuong/index.md"),
]
FIRST_PAGES = ("gioi-thieu.md",)
LAST_PAGES = ("lien-he.md",)


class ThiDuaConfig(base.Config):
    data_dir = c.Type(str, default="data")  # relative to mkdocs.yml
    per_page = c.Type(int, default=10)
    preview = c.Type(bool, default=False)  # set by `build.py serve`


class ThiDuaPlugin(BasePlugin[ThiDuaConfig]):
    def __init__(self):
        self.plans_by_src: dict[str, PagePlan] = {}
        self.renderer: BodyRenderer | None = None
        self.plans: list[PagePlan] = []
        self._lit_section = None  # the navigation item lit up for the page being rendered

    # -- configuration and model ------------------------------------------------------------

    @event_priority(100)  # before other plugins read the theme dirs
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.use_directory_urls = True  # the URLs of SPEC §6 are directory URLs
        if str(PRODUCT_OVERRIDES) not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(PRODUCT_OVERRIDES))
        features = config.theme.setdefault("features", [])
        for feature in THEME_FEATURES:  # the portal's top navigation, whatever mkdocs.yml says
            if feature not in features:
                features.append(feature)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        settings = settings_from_mkdocs(config, self.config)
        try:
            site, problems = load_site(settings)
        except SiteError as error:
            if self.config.preview:  # `serve` prints the errors and waits for a fix
                raise Abort(error.problems.report()) from None
            raise
        for warning in problems.warnings:
            log.warning(str(warning))
        self.site = site
        self.plans = plan_site(site)
        self.renderer = BodyRenderer(site)
        return config

    # -- files and navigation ---------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.plans_by_src = {}
        post_plans = {plan.post.content_path: plan for plan in self.plans if plan.post}
        for file in list(files):
            if not file.is_documentation_page():
                continue
            if file.src_uri.startswith("posts/"):
                plan = post_plans.get(file.src_uri)
                if plan is None:  # a draft or a scheduled post: not part of this build
                    files.remove(file)
                    continue
                file.dest_uri = f"{plan.url}index.html"
                self.plans_by_src[file.src_uri] = plan
        for plan in self.plans:
            if plan.post:
                continue
            src_uri = f"{plan.url}index.md"
            clash = files.get_file_from_path(src_uri)
            if clash is not None:
                log.warning(f"{config.docs_dir}/{src_uri} bị bỏ qua: địa chỉ /{plan.url} là trang "
                            "được tạo tự động; hãy đổi tên tệp này.")
                files.remove(clash)
            files.append(File.generated(config, src_uri, content=""))
            self.plans_by_src[src_uri] = plan
        if config.nav is None:
            config.nav = self._navigation(files)
        return files

    def _navigation(self, files: Files) -> list[dict[str, str]]:
        standalone = sorted(f.src_uri for f in files.documentation_pages()
                            if f.src_uri not in self.plans_by_src and not f.generated_by)
        ordered = ([p for p in FIRST_PAGES if p in standalone]
                   + [p for p in standalone if p not in FIRST_PAGES + LAST_PAGES]
                   + [p for p in LAST_PAGES if p in standalone])
        return [{title: path} for title, path in MAIN_NAV] + ordered

    # -- pages ------------------------------------------------------------------------------

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        # Posts were read and validated by thidua; MkDocs need not parse them again.
        return "" if page.file.src_uri in self.plans_by_src else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        plan = self.plans_by_src.get(page.file.src_uri)
        if plan is None:
            _escape_meta(page.meta)
            return markdown
        page.meta = {
            "title": Markup(escape(plan.title)),
            "description": Markup(escape(plan.description)),
            "hide": ["navigation", "toc"],
            "thidua_section": plan.section,
            "thidua_feeds": plan.feeds,
        }
        return ""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        plan = self.plans_by_src.get(page.file.src_uri)
        if plan is None or self.renderer is None:
            return html
        return self.renderer.render(plan)

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav) -> dict[str, Any]:
        # Pages outside the navigation (posts, archives) light up their section's tab.
        section = page.meta.get("thidua_section")
        if section:
            for item in nav.items:
                if item is not page and getattr(item, "url", None) == section:
                    item.active = True
                    self._lit_section = item
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self._lit_section is not None:
            self._lit_section.active = False
            self._lit_section = None
        return output


    def on_post_build(self, config: MkDocsConfig) -> None:
        write_feeds(self.site, Path(config.site_dir))


def _escape_meta(meta: dict) -> None:
    """Titles and descriptions of standalone pages reach Material unescaped: escape them."""
    for key in ("title", "description"):
        if key in meta and not isinstance(meta[key], Markup):
            meta[key] = Markup(escape(str(meta[key])))


def settings_from_mkdocs(config: MkDocsConfig, options: ThiDuaConfig) -> Settings:
    root = Path(config.config_file_path or ".").resolve().parent
    custom = config.theme.custom_dir
    template_dirs = tuple(Path(d) for d in ([custom] if custom else [])) + (PRODUCT_OVERRIDES,)
    return Settings(
        root=root,
        config_file=Path(config.config_file_path or "mkdocs.yml").name,
        content_dir=Path(config.docs_dir).resolve(),
        data_dir=(root / options.data_dir).resolve(),
        site_name=config.site_name,
        site_url=config.site_url,
        preview=options.preview,
        per_page=max(1, options.per_page),
        extra=dict(config.extra),
        template_dirs=template_dirs,
    )


# ---- used by build.py -----------------------------------------------------------------------

def config_overrides(config_file: str, *, preview: bool = False) -> dict[str, Any]:
    """Options for mkdocs.config.load_config that make any site a thidua site: the plugin is
    added when mkdocs.yml does not list it, and switched to preview for `serve`."""
    with open(config_file, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    plugins = raw.get("plugins")
    if plugins is None:
        plugins = ["search"]
    elif isinstance(plugins, dict):
        plugins = [{name: opts} for name, opts in plugins.items()]
    entries = [p if isinstance(p, dict) else {p: {}} for p in plugins]
    names = [next(iter(entry)) for entry in entries]
    if PLUGIN_NAME not in names:
        entries.append({PLUGIN_NAME: {}})
    if preview:
        entries = [{name: {**(opts or {}), "preview": True}} if name == PLUGIN_NAME
                   else {name: opts} for entry in entries for name, opts in entry.items()]
    overrides: dict[str, Any] = {"plugins": entries}
    theme = raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        custom = Path(config_file).resolve().parent / theme["custom_dir"]
        if not custom.is_dir():  # the product's own overrides stand in for a missing folder
            overrides["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    return overrides


def load_mkdocs_config(config_file: str, *, preview: bool = False, **options: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    return load_config(config_file, **config_overrides(config_file, preview=preview), **options)


def load_settings(config_file: str) -> Settings:
    """The thidua settings of a site, for commands that do not build (check, new)."""
    config = load_mkdocs_config(config_file)
    plugin = config.plugins[PLUGIN_NAME]
    return settings_from_mkdocs(config, plugin.config)
