"""The MkDocs glue, and the only module of the generator that imports MkDocs.

MkDocs with Material is the theme engine. It renders the standalone pages of content/ and the
theme's own files as usual, and for everything thidua generates (home, news, posts, blocs,
units, awards) it renders a frame: Material's page around marks that thidua.writer fills page
by page (see writer.py). Those three things make the Theme, which later builds take from the
cache without loading MkDocs (see theme.py). Moving to another engine means rewriting this file.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .cache import BuildCache
from .loader import load_site
from .markup import PostLinks, sanitise_page_html
from .model import Settings, Site
from .pages import SECTIONS, PagePlan, plan_site
from .pipeline import embargoed_pictures, write_site
from .problems import Problems, SiteError
from .siteconfig import PLUGIN_NAME, PRODUCT_OVERRIDES, SiteConfig, make_settings
from .theme import Theme, theme_fingerprint
from .timing import phase
from .writer import Frame, mark

log = logging.getLogger("mkdocs.plugins.thidua")

STYLESHEET = "assets/stylesheets/thidua.css"
THEME_FEATURES = ("navigation.tabs",)
MAX_DEPTH = 7  # frames are made for pages up to this many folders deep
# The top navigation (SPEC §7); standalone pages of content/ follow, Giới thiệu first.
MAIN_NAV = [
    ("Trang chủ", ""),
    ("Tin tức", "tin-tuc/"),
    ("Khối thi đua", "khoi-thi-dua/"),
    ("Khen thưởng", "khen-thuong/"),
]
FIRST_PAGES = ("gioi-thieu.md",)
LAST_PAGES = ("lien-he.md",)
UNLISTED = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # written by MkDocs, remade by thidua
# Material's search and script bundle, which the portal replaces (see main.html): not copied.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/",
                      "assets/javascripts/bundle.")


class ThiDuaConfig(base.Config):
    data_dir = c.Type(str, default="data")  # relative to mkdocs.yml
    per_page = c.Type(int, default=20)
    preview = c.Type(bool, default=False)  # set by `build.py serve`


class ThiDuaPlugin(BasePlugin[ThiDuaConfig]):
    def __init__(self) -> None:
        self.loaded: tuple[Site, Problems] | None = None  # build.py may load the site first
        self.previous_site: Path | None = None  # the last good site, set by build.py
        self.inputs = None  # what the build read (pipeline.read_inputs), set by build.py
        self.verify = True  # check every page written (verify.py); build.py --no-verify
        self.errors: Problems | None = None  # `serve` with content errors: shows them instead
        self.nav_pages: dict[str, PagePlan] = {}
        self.engine_pages: dict[str, Frame] = {}
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
        if "sitemap.xml" in config.theme.static_templates:  # thidua writes the full one
            config.theme.static_templates.remove("sitemap.xml")
        self.settings = settings_from_mkdocs(config, self.config)
        self.cache = BuildCache(self.settings.root)
        self.errors = None
        try:
            site, problems = self.loaded or load_site(self.settings, self.cache)
        except SiteError as error:
            if not self.config.preview:
                raise
            # `serve` keeps running: the errors go to the terminal and to every page of the
            # preview until the editor fixes them.
            self.errors = error.problems
            log.error("Nội dung có lỗi, trang xem trước chỉ hiện danh sách lỗi:\n"
                      + error.problems.report())
            return config
        for warning in problems.warnings:
            log.warning(str(warning))
        self.site = site
        self.plans = plan_site(site)
        self.post_links = PostLinks(site)
        # What the theme's part of the site is made from, read before MkDocs renders it: a
        # template edited during the build then shows as a change to the next one.
        self.theme_print = theme_fingerprint(SiteConfig.read(config.config_file_path),
                                             self.post_links.used(self.settings.content_dir))
        return config

    # -- files and navigation ---------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """MkDocs keeps the standalone pages; posts and every generated page are written by
        thidua.writer. The top navigation's pages are registered so that MkDocs' navigation
        knows them; what MkDocs writes for them is replaced."""
        if self.errors is not None:  # serve shows the errors alone (see on_post_build)
            for file in list(files):
                if file.is_documentation_page():
                    files.remove(file)
            return files
        waiting = embargoed_pictures(self.site)
        content = os.path.realpath(config.docs_dir)
        for file in list(files):
            if file.is_documentation_page() and file.src_uri.startswith("posts/") or \
                    file.src_uri in waiting or _through_link(file, config.docs_dir, content) or \
                    file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(".map"):
                files.remove(file)
        plans = {plan.url: plan for plan in self.plans}
        clashes = [file for file in files if file.is_documentation_page()
                   and file.dest_uri.endswith("index.html")
                   and file.dest_uri[:-len("index.html")] in plans]
        if clashes:  # a standalone page would overwrite a page the portal makes
            problems = Problems()
            for file in clashes:
                problems.error(
                    self.settings.rel(Path(config.docs_dir) / file.src_uri),
                    f"trang này sẽ nằm ở /{file.dest_uri[:-len('index.html')]}, địa chỉ của "
                    "một trang cổng thông tin tự tạo, và che mất trang đó",
                    "đổi tên tệp (ví dụ gioi-thieu-tin-tuc.md) hoặc xoá nó", field="tên tệp")
            if not self.config.preview:
                raise SiteError(problems)
            self.errors = problems  # serve shows them and waits for the fix
            return self.on_files(files, config)
        self.nav_pages = {}
        for _, url in MAIN_NAV:
            src_uri = f"{url}index.md"
            files.append(File.generated(config, src_uri, content=""))
            self.nav_pages[src_uri] = plans[url]
        if config.nav is None:
            config.nav = self._navigation(files)
        self.files = files
        return files

    def _navigation(self, files: Files) -> list:
        standalone = sorted(f.src_uri for f in files.documentation_pages()
                            if f.src_uri not in self.nav_pages)
        ordered = ([p for p in FIRST_PAGES if p in standalone]
                   + [p for p in standalone if p not in FIRST_PAGES + LAST_PAGES]
                   + [p for p in LAST_PAGES if p in standalone])
        return [{title: f"{url}index.md"} for title, url in MAIN_NAV] + ordered

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.errors is not None:
            nav.items.clear()
        self.nav = nav
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        self.env = env
        return env

    # -- pages MkDocs renders -----------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri in self.nav_pages:
            page.meta = self._generated_meta(self.nav_pages[page.file.src_uri].section)
            return ""  # replaced by thidua.writer
        for key, value in page.meta.items():  # Material prints title, author, subtitle… raw
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = Markup(escape(value))
        for key in [k for k in page.meta if str(k).startswith("thidua_")]:
            del page.meta[key]  # reserved (thidua_head is printed raw); reported by load_site
        page.meta["thidua_page_id"] = f"/{page.url}"
        return self.post_links.rewrite_markdown(markdown, page.file.src_uri, page.url)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A standalone page gets the same allow-list as posts (no scripts, no event handlers,
        no javascript: links), with the classes Material styles by."""
        if page.file.src_uri in self.nav_pages:
            return html
        return sanitise_page_html(html)

    @staticmethod
    def _generated_meta(section: str) -> dict[str, Any]:
        """page.meta of a generated page: marks where each page's own values go."""
        return {"title": mark("TITLE"), "description": mark("DESCRIPTION"),
                "hide": ["navigation", "toc"], "thidua_section": section,
                "thidua_head": mark("HEAD"), "thidua_page_id": mark("PAGE_ID")}

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav) -> dict[str, Any]:
        context["thidua_build_date"] = mark("BUILD_DATE")
        # Pages outside the navigation (posts, archives) light up their section's tab.
        section = page.meta.get("thidua_section")
        if section is not None:
            for item in nav.items:
                if item is not page and getattr(item, "url", None) == section:
                    item.active = True
                    self._lit_section = item
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        context["thidua_build_date"] = mark("BUILD_DATE")
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self._lit_section is not None:
            self._lit_section.active = False
            self._lit_section = None
        if page.file.src_uri not in self.nav_pages:
            self.engine_pages[page.file.dest_uri] = Frame.parse(output, compact=False)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html":
            self.engine_pages[template_name] = Frame.parse(output, compact=False)
        return output

    # -- everything else --------------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        out_dir = Path(config.site_dir)
        if self.errors is not None:
            page = error_page(self.errors).encode("utf-8")
            for name in ("index.html", "404.html"):  # serve answers every address with 404.html
                (out_dir / name).write_bytes(page)
            return
        with phase("frames"):
            theme = self._theme(config, out_dir)
        if not self.config.preview:  # serve's pages point at the preview server
            self.cache.save("theme", theme)
        report = write_site(self.site, self.plans, theme, out_dir, self.cache, self.previous_site,
                            remember=not self.config.preview, inputs=self.inputs,
                            verify=self.verify and not self.config.preview)
        log.info(f"thidua: {report.pages} trang, {report.rendered} trang dựng mới")

    def _theme(self, config: MkDocsConfig, out_dir: Path) -> Theme:
        frames = {(depth, section): self._frame(config, depth, section)
                  for depth in range(MAX_DEPTH + 1) for section in SECTIONS}
        media = {f.dest_uri for f in self.files if not f.is_documentation_page()
                 and f.abs_src_path and Path(f.abs_src_path).is_relative_to(self.settings.content_dir)}
        written = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()}
        nav_outputs = {f"{url}index.html" for _, url in MAIN_NAV}
        files = sorted(written - media - nav_outputs - set(self.engine_pages) - set(UNLISTED))
        page_urls = sorted(f.url for f in self.files.documentation_pages()
                           if f.src_uri not in self.nav_pages)
        return Theme(self.theme_print, frames, dict(self.engine_pages), files, page_urls)

    def _frame(self, config: MkDocsConfig, depth: int, section: str) -> Frame:
        """Material's page around marks, for every page `depth` folders deep in `section`."""
        src_uri = "thidua-frame/" * depth + "index.md"
        page = Page(None, File.generated(config, src_uri, content=""), config)
        page.markdown = ""
        page.meta = self._generated_meta(section)
        page.content = mark("CONTENT")
        page.canonical_url = mark("CANONICAL")
        context = get_context(self.nav, self.files, config, page)
        self.on_page_context(context, page, config, self.nav)
        try:
            return Frame.parse(self.env.get_template("main.html").render(context))
        finally:
            if self._lit_section is not None:
                self._lit_section.active = False
                self._lit_section = None


def _through_link(file: File, docs_dir: str, real_docs_dir: str) -> bool:
    """A file of content/ reached through a symbolic link: never published (it may lead
    anywhere on the machine that builds the site). Theme files are not concerned."""
    source = file.abs_src_path
    if not source or not Path(source).is_relative_to(docs_dir):
        return False
    return os.path.realpath(source) != os.path.join(real_docs_dir, file.src_uri)


def settings_from_mkdocs(config: MkDocsConfig, options: ThiDuaConfig) -> Settings:
    root = Path(config.config_file_path or ".").resolve().parent
    custom = config.theme.custom_dir
    return make_settings(root=root, config_file=Path(config.config_file_path or "mkdocs.yml").name,
                         docs_dir=Path(config.docs_dir), data_dir=root / options.data_dir,
                         site_name=config.site_name, site_url=config.site_url,
                         preview=options.preview, per_page=options.per_page,
                         extra=dict(config.extra), custom_dir=Path(custom) if custom else None)


# ---- used by build.py -----------------------------------------------------------------------

def config_overrides(config_file: str, *, preview: bool = False) -> dict[str, Any]:
    """Options for mkdocs.config.load_config that make any site a thidua site: the plugin is
    added when mkdocs.yml does not list it (and switched to preview for `serve`), and
    Material's search, which would index the pages MkDocs renders only, gives way to thidua's."""
    site_config = SiteConfig.read(config_file)
    entries = [entry for entry in site_config.plugin_entries() if "search" not in entry]
    if not any(PLUGIN_NAME in entry for entry in entries):
        entries.append({PLUGIN_NAME: {}})
    if preview:
        entries = [{name: {**(options or {}), "preview": True} if name == PLUGIN_NAME
                    else options for name, options in entry.items()} for entry in entries]
    overrides: dict[str, Any] = {"plugins": entries}
    theme = site_config.raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir") and site_config.custom_dir() is None:
        # the product's own overrides stand in for a missing folder
        overrides["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    return overrides


class EngineError(Exception):
    """MkDocs stopped the build (a theme or configuration problem, not the content's)."""


def build_with_engine(config_file: str, loaded: tuple[Site, Problems], previous: Path | None,
                      site_dir: Path, inputs, *, verify: bool = True) -> None:
    """A full build with MkDocs into `site_dir`; `loaded` is the site build.py has read."""
    from mkdocs.commands.build import build

    config = load_mkdocs_config(config_file, site_dir=str(site_dir))
    plugin = the_plugin(config)
    plugin.loaded, plugin.previous_site, plugin.inputs, plugin.verify = \
        loaded, previous, inputs, verify
    try:
        build(config)
    except (MkDocsException, SystemExit) as error:
        raise EngineError(str(error)) from None


def serve_preview(config_file: str, dev_addr: str, watch: list[str]) -> None:
    """`build.py serve`: MkDocs' live-reloading server with drafts and scheduled posts shown.
    Its builds fork no workers: forking a process that runs threads may hang it."""
    from mkdocs.commands import serve as serving

    load_config = serving.load_config

    def load_for_preview(config_file: str | None = None, **options: Any) -> MkDocsConfig:
        # Every rebuild reads mkdocs.yml again, with overrides made afresh: MkDocs consumes
        # the plugin options it is given, and the editor may have changed mkdocs.yml.
        assert config_file is not None
        try:
            overrides = config_overrides(config_file, preview=True)
        except SiteError as error:  # a mistake in mkdocs.yml: listed, no traceback
            raise SystemExit(error.problems.report()) from None
        return load_config(config_file=config_file, **options, **overrides)

    os.environ["THIDUA_JOBS"] = "1"
    serving.load_config = load_for_preview
    serving.serve(config_file=config_file, dev_addr=dev_addr, livereload=True,
                  watch_theme=True, watch=watch)


def error_page(problems: Problems) -> str:
    """What the preview shows while the content has errors: the list, and how to fix each."""
    items = "".join(f"<li><pre>{escape(str(problem))}</pre></li>" for problem in problems.errors)
    return ("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<title>Nội dung có lỗi</title><meta http-equiv=\"refresh\" content=\"3\"><style>body{font-family:sans-serif;margin:2rem;"
            "max-width:60rem}pre{white-space:pre-wrap}li{margin-bottom:1rem}</style></head>"
            f"<body><h1>Nội dung có {len(problems.errors)} lỗi</h1><p>Sửa các lỗi dưới đây và lưu "
            f"tệp: trang sẽ tự tải lại.</p><ol>{items}</ol></body></html>")


def load_mkdocs_config(config_file: str, *, preview: bool = False, **options: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    return load_config(config_file, **config_overrides(config_file, preview=preview), **options)


def the_plugin(config: MkDocsConfig) -> ThiDuaPlugin:
    return config.plugins[PLUGIN_NAME]
