"""The MkDocs glue, and the only module of the generator that imports MkDocs.

MkDocs with Material is the theme engine. Given the loaded site and its page plans, it
renders what only the theme can: the standalone pages of content/, the theme's own files, and
for everything thidua generates (home, news, posts, blocs, units, awards) a frame, Material's
page around marks that render/ fills page by page. It returns those as a Theme; the build
(builder/) decides what is written and when. Moving to another engine means rewriting this file.

MkDocs is given the bytes of mkdocs.yml that config/settings.py read, and the plugin instance
directly: neither the file nor the plugin's entry point is looked up again.
"""
from __future__ import annotations

import difflib
import io
import logging
import os
import re
from contextlib import chdir
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup, escape
from mkdocs.commands.build import build as mkdocs_build, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import urls
from ..config.material import engine_plugins
from ..config.settings import PLUGIN_NAME, PRODUCT_OVERRIDES, Settings
from ..core.problems import Problem, Problems, SiteError
from ..core.timing import phase
from ..markdown.dialect import dialect_of
from ..markdown.links import PostLinks
from ..markdown.sanitise import sanitise_html
from ..model.site import Site
from ..markdown.media import body_pictures, is_picture, present_media
from ..pictures.picture import Picture
from ..pictures.store import Source
from ..outputs.icons import THEME_COLOR, emblem_svg
from ..plan.icons import icons_of
from ..plan.pages import SECTIONS, PagePlan
from ..plan.sharing import SiteSharing
from ..render.frames import Frame, mark, sharing_html
from . import EngineError
from .theme import Theme

log = logging.getLogger("mkdocs.plugins.thidua")

STYLESHEET = "assets/stylesheets/thidua.css"
THEME_FEATURES = ("navigation.tabs",)
MAX_DEPTH = 7  # frames are made for pages up to this many folders deep
# The top navigation (SPEC §7); standalone pages of content/ follow, Giới thiệu first.
MAIN_NAV = [
    ("Trang chủ", urls.HOME),
    ("Tin tức", urls.NEWS),
    ("Khối thi đua", urls.BLOCS),
    ("Khen thưởng", urls.AWARDS),
]
FIRST_PAGES = ("gioi-thieu.md",)
# The portal's libraries follow Giới thiệu (SPEC §6, §11–13); Liên hệ closes the navigation.
PORTAL_NAV = [
    ("Văn bản", urls.DOCUMENTS),
    ("Lấy ý kiến", urls.CONSULTATIONS),
    ("Phong trào thi đua", urls.CAMPAIGNS),
]
LAST_PAGES = ("lien-he.md",)
# Pages in another language are linked from the header ("English"), not from the navigation.
ENGLISH_PAGE = urls.ENGLISH + "index.md"
OTHER_LANGUAGES = (urls.ENGLISH,)
# Written by MkDocs, remade by thidua.
UNLISTED = (urls.NOT_FOUND, urls.SITEMAP, urls.SITEMAP_GZ)
# Material's search and script bundle, which the portal replaces (see main.html): not copied.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/",
                      "assets/javascripts/bundle.")
MATERIAL_FAVICON = "assets/images/favicon.png"  # Material's book, which the portal's emblem replaces
EMBLEM_ATTRIBUTES = (' class="thidua-brand__emblem" aria-hidden="true" focusable="false" '
                     'width="48" height="48"')


@dataclass
class EngineJob:
    """What the engine is given: the site as builder/ loaded and planned it. `problems` holds
    the content's errors when `serve` shows them instead of the site (then `site` is None);
    `after_theme` is how `serve` writes the generated pages once MkDocs has written its own."""

    settings: Settings
    site: Site | None
    plans: list[PagePlan] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    theme_print: str = ""
    after_theme: Callable[[Theme, Path], None] | None = None


def render_theme(job: EngineJob, out_dir: Path) -> Theme:
    """MkDocs' build into `out_dir` (the theme's files, the standalone pages); returns the
    Theme. Content errors it finds (a page hiding a generated one) raise SiteError. The
    plugins' events are fired as `mkdocs build` fires them, on_startup and on_shutdown too,
    from the folder of mkdocs.yml (plugins such as git-authors look for the repository there)."""
    config = _mkdocs_config(job, site_dir=str(out_dir))
    try:
        with chdir(job.settings.root):
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except SiteError:
        raise
    except (MkDocsException, SystemExit) as error:
        raise EngineError(str(error)) from None
    except Exception as error:  # a plugin's own failure: named, without a traceback
        raise EngineError(f"{type(error).__name__}: {error}") from None
    return config.plugins[PLUGIN_NAME].theme


def serve(settings: Settings, dev_addr: str, watch: list[str],
          prepare: Callable[[], EngineJob]) -> None:
    """MkDocs' live-reloading server; before each of its builds `prepare` reads and plans the
    site afresh (the editor may have changed anything, mkdocs.yml included). Its builds fork
    no workers: forking a process that runs threads may hang it."""
    from mkdocs.commands import serve as serving

    def load_for_preview(config_file: str | None = None, **options: Any) -> MkDocsConfig:
        try:
            job = prepare()
        except SiteError as error:  # a mistake in mkdocs.yml: listed, no traceback
            raise SystemExit(error.problems.report()) from None
        return _mkdocs_config(job, **options)

    os.environ["THIDUA_JOBS"] = "1"
    serving.load_config = load_for_preview
    with chdir(settings.root):  # as `mkdocs serve` runs, from the site's folder
        serving.serve(config_file=str(settings.config_path), dev_addr=dev_addr, livereload=True,
                      watch_theme=True, watch=watch)


def _mkdocs_config(job: EngineJob, **options: Any) -> MkDocsConfig:
    """MkDocs' config from the bytes config/settings.py read, with the thidua plugin given
    as an instance; the plugins config/material.py leaves out (Material's search, which would
    index the pages MkDocs renders only, blog, rss...) are not loaded."""
    settings = job.settings
    overrides: dict[str, Any] = {"plugins": engine_plugins(settings.raw)}
    theme = settings.raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir") and settings.custom_dir is None:
        # the product's own overrides stand in for a missing folder
        overrides["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    config = _validated_config(settings, {**overrides, **options})
    config.plugins[PLUGIN_NAME] = ThiDuaPlugin(job)
    return config


def _validated_config(settings: Settings, options: dict[str, Any]) -> MkDocsConfig:
    """MkDocs' load_config, with what its validation finds said in Vietnamese, at the line of
    mkdocs.yml (SiteError), rather than logged in English."""
    config = MkDocsConfig(config_file_path=str(settings.config_path))
    config.load_file(io.BytesIO(settings.config_bytes))
    config.load_dict({key: value for key, value in options.items() if value is not None})
    errors, warnings = config.validate()
    problems = Problems()
    for name, message in warnings:
        problems.warnings.append(_config_problem(settings, name, str(message)))
    for name, message in errors:
        problems.errors.append(_config_problem(settings, name, str(message)))
    for warning in problems.warnings:
        log.warning(str(warning))
    if problems:
        raise SiteError(problems)
    return config


# What MkDocs says about mkdocs.yml, in the editor's words: (its words, what is wrong, fix).
_CONFIG_MESSAGES = (
    (r"Expected type: <class '(\w+)'> but received: <class '(\w+)'>",
     "phải là {kind0}, đang là {kind1}", "sửa giá trị cho đúng kiểu (xem README, phần Lệnh)"),
    (r"Expected nav to be a list, got an? (\w+).*", "phải là một danh sách, đang là {kind0}",
     "viết nav: rồi mỗi trang một dòng - Tên: tep.md"),
    (r"The path '(.+)' isn't an existing directory\.?", "không có thư mục {0}",
     "tạo thư mục đó hoặc sửa tên"),
    (r"The URL isn't valid.*", "không phải địa chỉ web hợp lệ",
     "ghi địa chỉ đầy đủ bắt đầu bằng https://"),
    (r'The "(.+)" plugin is not installed', "chưa cài plugin {0}",
     "cài plugin đó (thêm vào requirements.txt), hoặc bỏ nó khỏi plugins:"),
    (r"Failed to load extension '(.+?)'.*", "không nạp được phần mở rộng Markdown {0}",
     "kiểm tra tên phần mở rộng, cài gói chứa nó, hoặc bỏ nó khỏi markdown_extensions:"),
    (r"Unrecognised theme name: '(.+?)'.*", "không có giao diện (theme) tên {0}",
     "dùng theme: name: material"),
    (r"Must be a string of format 'IP:PORT'.*", "phải có dạng ĐỊA_CHỈ:CỔNG",
     "ví dụ dev_addr: 127.0.0.1:8000"),
    (r"Unrecognised configuration name: (.+)", "thiết lập {0} không có trong MkDocs nên bị bỏ qua",
     "kiểm tra tên thiết lập (ví dụ site_name, site_url, theme, plugins, extra), hoặc xóa dòng đó"),
)
_KINDS = {"str": "chữ", "list": "một danh sách", "dict": "một nhóm thiết lập \"tên: giá trị\"",
          "bool": "true hoặc false", "int": "một số", "float": "một số", "NoneType": "trống"}


def _config_problem(settings: Settings, name: str, message: str) -> Problem:
    """A setting MkDocs found wrong, with its line."""
    key = re.split(r"[.\[]", name, maxsplit=1)[0]
    raw = settings.raw
    line = raw.line_of(key) if hasattr(raw, "line_of") and key in raw else None
    for pattern, words, fix in _CONFIG_MESSAGES:
        match = re.fullmatch(pattern, message.strip(), re.S)
        if match:
            groups = match.groups()
            if words.startswith("thiết lập {0}"):  # an unknown name: the one it most likely meant
                close = difflib.get_close_matches(groups[0], [n for n, _ in MkDocsConfig._schema])
                fix = f"có phải ý bạn là {close[0]}? " + fix if close else fix
            kinds = {f"kind{i}": _KINDS.get(group, group) for i, group in enumerate(groups)}
            return Problem(settings.config_file, words.format(*groups, **kinds), fix, line, name)
    return Problem(settings.config_file, f"MkDocs báo lỗi thiết lập này: {message.strip()}",
                   "sửa thiết lập theo hướng dẫn của MkDocs, hoặc xóa dòng đó", line, name)


class ThiDuaPlugin(BasePlugin):
    """The events of MkDocs' build that make it a portal's theme engine. build.py gives the
    plugin its job; plain `mkdocs build` or `mkdocs serve` (through the entry point, without
    a job) stop at once with the command to use."""

    def __init__(self, job: EngineJob | None = None) -> None:
        self.job = job
        self.nav_pages: dict[str, PagePlan] = {}  # src_uri of a navigation placeholder → plan
        self.engine_pages: dict[str, Frame] = {}
        self.theme: Theme | None = None
        self.page_pictures: dict[str, Picture] = {}  # pictures the standalone pages show
        self.page_problems = Problems()  # their bad pictures
        self._lit_section = None  # the navigation item lit up for the page being rendered

    def load_config(self, options: dict, config_file_path: str | None = None):
        """The plugin's options are read by config/settings.py with the rest of mkdocs.yml."""
        return [], []

    @property
    def showing_errors(self) -> bool:
        """`serve` with content errors: the preview shows the list instead of the site."""
        return self.job is not None and self.job.site is None

    # -- configuration ----------------------------------------------------------------------

    @event_priority(100)  # before other plugins read the theme dirs
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.job is None:
            raise PluginError("Cổng thông tin thi đua được dựng bằng python build.py build "
                              "(xem trước: python build.py serve), không bằng lệnh mkdocs.")
        config.use_directory_urls = True  # the URLs of SPEC §6 are directory URLs
        dialect = dialect_of(self.job.settings)  # the posts' Markdown, for standalone pages too
        config.markdown_extensions = dialect.extensions
        config.mdx_configs = dialect.configs
        if str(PRODUCT_OVERRIDES) not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(PRODUCT_OVERRIDES))
        features = config.theme.setdefault("features", [])
        for feature in THEME_FEATURES:  # the portal's top navigation, whatever mkdocs.yml says
            if feature not in features:
                features.append(feature)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # The favicon and the logo as outputs/icons.py publishes them (the portal's emblem
        # by default, never Material's book; an editor's picture never as committed).
        icons = icons_of(self.job.settings)
        config.theme["favicon"] = icons.favicon
        if icons.header:
            config.theme["logo"] = icons.header
        if urls.SITEMAP in config.theme.static_templates:  # thidua writes the full one
            config.theme.static_templates.remove(urls.SITEMAP)
        if self.showing_errors:
            log.error("Nội dung có lỗi, trang xem trước chỉ hiện danh sách lỗi:\n"
                      + self.job.problems.report())
        else:
            self.post_links = PostLinks(self.job.site.posts)
            self.sharing = SiteSharing(self.job.settings)
        return config

    # -- files and navigation ---------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """MkDocs keeps the standalone pages; posts and every generated page are written by
        render/. The top navigation's pages are registered so that MkDocs' navigation knows
        them; what MkDocs writes for them is replaced."""
        if self.showing_errors:  # serve shows the errors alone (see on_post_build)
            for file in list(files):
                if file.is_documentation_page():
                    files.remove(file)
            return files
        content = os.path.realpath(config.docs_dir)
        for file in list(files):
            # Pictures of content/ are never copied as they are: their variants are published.
            picture = is_picture(file.src_uri) and file.abs_src_path is not None and \
                Path(file.abs_src_path).is_relative_to(config.docs_dir)
            if file.is_documentation_page() and file.src_uri.startswith("posts/") or \
                    picture or _through_link(file, config.docs_dir, content) or \
                    file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(".map") or \
                    file.src_uri == MATERIAL_FAVICON != config.theme["favicon"]:
                files.remove(file)
        plans = {plan.url: plan for plan in self.job.plans}
        self._refuse_clashes(files, plans, config)
        if self.showing_errors:
            return self.on_files(files, config)
        self.nav_pages = {}
        for _, url in MAIN_NAV + PORTAL_NAV:
            src_uri = f"{url}index.md"
            files.append(File.generated(config, src_uri, content=""))
            self.nav_pages[src_uri] = plans[url]
        config.nav = self._navigation(files) if config.nav is None else \
            self._with_sections(config.nav)
        self.files = files
        return files

    def _refuse_clashes(self, files: Files, plans: dict[str, PagePlan], config: MkDocsConfig):
        """A standalone page would overwrite a page the portal makes: an error for the editor
        (serve shows it and waits for the fix)."""
        clashes = [file for file in files if file.is_documentation_page()
                   and file.dest_uri.endswith("index.html")
                   and file.dest_uri[:-len("index.html")] in plans]
        if not clashes:
            return
        settings, problems = self.job.settings, Problems()
        for file in clashes:
            problems.error(
                settings.rel(Path(config.docs_dir) / file.src_uri),
                f"trang này sẽ nằm ở /{file.dest_uri[:-len('index.html')]}, địa chỉ của "
                "một trang cổng thông tin tự tạo, và che mất trang đó",
                "đổi tên tệp (ví dụ gioi-thieu-tin-tuc.md) hoặc xoá nó", field="tên tệp")
        if not settings.preview:
            raise SiteError(problems)
        self.job.site, self.job.problems = None, problems

    def _navigation(self, files: Files) -> list:
        standalone = sorted(f.src_uri for f in files.documentation_pages()
                            if f.src_uri not in self.nav_pages
                            and not f.src_uri.startswith(OTHER_LANGUAGES))
        return ([{title: f"{url}index.md"} for title, url in MAIN_NAV]
                + [p for p in FIRST_PAGES if p in standalone]
                + [{title: f"{url}index.md"} for title, url in PORTAL_NAV]
                + [p for p in standalone if p not in FIRST_PAGES + LAST_PAGES]
                + [p for p in LAST_PAGES if p in standalone])

    def _with_sections(self, nav: list) -> list:
        """A `nav:` of mkdocs.yml, after the portal's own sections it does not list (they
        are the top bar's first items: Trang chủ, Tin tức, Khối thi đua, Khen thưởng)."""
        listed = set(_nav_targets(nav))
        missing = [{title: f"{url}index.md"} for title, url in MAIN_NAV
                   if f"{url}index.md" not in listed]
        return missing + list(nav)

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.showing_errors:
            nav.items.clear()
        self.nav = nav
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["urls"] = urls  # the theme's templates ask urls.py too, as render/'s do
        # The header links the English page when the site has one (SPEC §6).
        env.globals["thidua_english"] = files.get_file_from_path(ENGLISH_PAGE) is not None
        # The header's emblem (unless theme.logo) and the icons every page links (main.html).
        env.globals["thidua_emblem"] = Markup(emblem_svg(EMBLEM_ATTRIBUTES))
        env.globals["thidua_icon_links"] = icons_of(self.job.settings).head_links
        env.globals["thidua_theme_color"] = THEME_COLOR
        self.env = env
        return env

    # -- pages MkDocs renders -----------------------------------------------------------------

    @event_priority(100)  # the editor's front matter is escaped before plugins add to meta
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri in self.nav_pages:
            page.meta = self._generated_meta(self.nav_pages[page.file.src_uri].section)
            return ""  # replaced by render/
        for key, value in page.meta.items():  # Material prints title, author, subtitle… raw
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = Markup(escape(value))
        for key in [k for k in page.meta if str(k).startswith("thidua_")]:
            del page.meta[key]  # reserved (thidua_head is printed raw); reported by load/
        page.meta["thidua_page_id"] = f"/{page.url}"
        return self.post_links.rewrite_markdown(markdown, page.file.src_uri, page.url)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """A standalone page gets the same allow-list as posts (no scripts, no event handlers,
        no javascript: links), with the classes Material styles by."""
        if page.file.src_uri in self.nav_pages:
            return html
        html = sanitise_html(html)
        settings = self.job.settings
        found = [p for p in body_pictures(html, page.url, settings.content_dir)
                 if (settings.content_dir / p.path).is_file()]
        store = self.job.site.picture_store
        if found and store is not None:
            pictures = store.pictures([Source(p.path, settings.content_dir / p.path)
                                       for p in found])
            file = settings.rel(settings.content_dir / page.file.src_uri)
            for shown in found:
                pictures[shown.path].report(self.page_problems, file,
                                            shown.path.rsplit("/", 1)[-1], field="nội dung")
            self.page_pictures.update(pictures)
            html = present_media(html, page.url, pictures, settings.content_dir)
        elif any(tag in html for tag in ("<a", "<iframe", "<video")):
            html = present_media(html, page.url, {}, settings.content_dir)
        return html

    @staticmethod
    def _generated_meta(section: str | None) -> dict[str, Any]:
        """page.meta of a generated page: marks where each page's own values go."""
        return {"title": mark("TITLE"), "description": mark("DESCRIPTION"),
                "hide": ["navigation", "toc"], "thidua_section": section,
                "thidua_head": mark("HEAD"), "thidua_page_id": mark("PAGE_ID")}

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav) -> dict[str, Any]:
        context["thidua_build_date"] = mark("BUILD_DATE")
        if "thidua_section" not in page.meta and not self.showing_errors:
            # A standalone page of content/: what it shares, as generated pages do (HEAD).
            description = _plain(page.meta.get("description") or config.site_description)
            share = self.sharing.page(page.url, _plain(page.title), description)
            page.meta["thidua_head"] = Markup(sharing_html(share))
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
        self._unlight()
        if page.file.src_uri not in self.nav_pages:
            self.engine_pages[page.file.dest_uri] = Frame.parse(output, compact=False)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == urls.NOT_FOUND:
            self.engine_pages[template_name] = Frame.parse(output, compact=False)
        return output

    # -- the theme, handed back ---------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        out_dir = Path(config.site_dir)
        if self.showing_errors:
            page = error_page(self.job.problems).encode("utf-8")
            for name in ("index.html", urls.NOT_FOUND):  # serve answers every address with 404
                (out_dir / name).write_bytes(page)
            return
        if self.page_problems.errors and not self.job.settings.preview:
            raise SiteError(self.page_problems)
        with phase("frames"):
            self.theme = self._theme(config, out_dir)
        if self.job.after_theme is not None:
            self.job.after_theme(self.theme, out_dir)

    def _theme(self, config: MkDocsConfig, out_dir: Path) -> Theme:
        frames = {(depth, section): self._frame(config, depth, section)
                  for depth in range(MAX_DEPTH + 1) for section in SECTIONS}
        content_dir = self.job.settings.content_dir
        media = {f.dest_uri for f in self.files if not f.is_documentation_page()
                 and f.abs_src_path and Path(f.abs_src_path).is_relative_to(content_dir)}
        written = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()}
        nav_outputs = {urls.page_file(url) for _, url in MAIN_NAV + PORTAL_NAV}
        files = sorted(written - media - nav_outputs - set(self.engine_pages) - set(UNLISTED))
        page_urls = sorted(f.url for f in self.files.documentation_pages()
                           if f.src_uri not in self.nav_pages)
        return Theme(self.job.theme_print, frames, dict(self.engine_pages), files, page_urls,
                     dict(self.page_pictures))

    def _frame(self, config: MkDocsConfig, depth: int, section: str | None) -> Frame:
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
            self._unlight()

    def _unlight(self) -> None:
        if self._lit_section is not None:
            self._lit_section.active = False
            self._lit_section = None


def _plain(text: Any) -> str:
    """Text as written, from a value that may be escaped already (page.meta, see
    on_page_markdown)."""
    return text.unescape() if isinstance(text, Markup) else str(text or "")


def _nav_targets(item: Any):
    """The files and addresses a `nav:` names, at any depth."""
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict):
        for value in item.values():
            yield from _nav_targets(value)
    elif isinstance(item, list):
        for value in item:
            yield from _nav_targets(value)


def _through_link(file: File, docs_dir: str, real_docs_dir: str) -> bool:
    """A file of content/ reached through a symbolic link: never published (it may lead
    anywhere on the machine that builds the site). Theme files are not concerned."""
    source = file.abs_src_path
    if not source or not Path(source).is_relative_to(docs_dir):
        return False
    return os.path.realpath(source) != os.path.join(real_docs_dir, file.src_uri)


def error_page(problems: Problems) -> str:
    """What the preview shows while the content has errors: the list, and how to fix each."""
    items = "".join(f"<li><pre>{escape(str(problem))}</pre></li>" for problem in problems.errors)
    return ("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<title>Nội dung có lỗi</title><meta http-equiv=\"refresh\" content=\"3\"><style>body{font-family:sans-serif;margin:2rem;"
            "max-width:60rem}pre{white-space:pre-wrap}li{margin-bottom:1rem}</style></head>"
            f"<body><h1>Nội dung có {len(problems.errors)} lỗi</h1><p>Sửa các lỗi dưới đây và lưu "
            f"tệp: trang sẽ tự tải lại.</p><ol>{items}</ol></body></html>")
