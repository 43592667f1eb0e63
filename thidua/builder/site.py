"""From the validated model and its plans to the files of the site: pages, feeds, search,
sitemap, the counter's manifest and content/'s own files, around what the theme engine made.

write_site writes either into a fresh folder, where the engine has just written the theme's
files (unchanged pages are linked from the previous site), or into the live site itself, with
the theme from the cache (only what changed is written, each file replaced whole, and what is
no longer part of the site is removed). Every page is checked as it is written.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Collection

from .. import urls
from ..core.cache import BuildCache, fingerprint
from ..core.dates import TZ, vi_date
from ..core.files import remove_file, replace_file
from ..core.problems import Problems, SiteError
from ..core.timing import phase
from ..core.workers import MIN_ITEMS, Background
from ..config.settings import Settings
from ..counter.manifest import MANIFEST_NAME
from ..engine.theme import Theme
from ..model.site import Site
from ..outputs.documents import library_paths, write_library_files
from ..outputs.feeds import write_feeds
from ..outputs.icons import make_icons, write_icons
from ..outputs.manifest import write_counter_manifest
from ..outputs.media import content_files, publish_content_files, published_files
from ..outputs.robots import write_robots
from ..outputs.search import FOLDER as SEARCH_FOLDER, write_search
from ..outputs.sitemap import write_sitemap
from ..plan.documents import Library
from ..plan.feeds import plan_feeds
from ..plan.icons import icons_of
from ..plan.pages import PagePlan
from ..plan.sharing import SiteSharing
from ..render.linkcheck import BrokenSite, LinkCheck
from ..render.pages import (PENDING, PlanKey, WriteJob, discard, page_fingerprint,
                            put_in_place, write_first, write_pages)
from ..render.frames import frame_key
from ..render.templates import BodyRenderer, data_digest, template_digests
from .state import Inputs, Written
from .quick import remember as remember_for_quick
from .target import current_marker, forget_marker


MACROS = "thidua/macros.html"


@dataclass
class Report:
    pages: int = 0  # pages in the site
    rendered: int = 0  # pages rendered by this build (the others were linked)


def build_date(site: Site) -> str:
    """The date printed as the build date: the newest content's, so a rebuild of the same
    content prints the same; SOURCE_DATE_EPOCH wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return vi_date(datetime.fromtimestamp(int(epoch), TZ))
    if site.settings.preview:  # the preview's drafts may be dated later, or be new: today
        return vi_date(site.settings.today)
    newest = max(((p.meta.updated or p.meta.date).moment for p in site.posts), default=None)
    return vi_date(newest) if newest else ""


def write_site(site: Site, plans: list[PagePlan], theme: Theme, out_dir: Path,
               cache: BuildCache, previous_site: Path | None, *, remember: bool = True,
               inputs: Inputs | None = None, verify: bool = True, first: Collection[str] = (),
               shown: Callable[[], None] | None = None,
               feeds_and_search: Background | None = None) -> Report:
    """Write the site into `out_dir`: a fresh folder, or `previous_site` itself (see the
    module's doc). With `remember`, what was written is kept in the cache for the next build.
    `serve` names the pages open in the browser (`first`): they go straight into place before
    any other, then `shown` is called."""
    settings = site.settings
    before, previous_site = _last_build(cache, previous_site)
    in_place = previous_site is not None and out_dir == previous_site
    day = build_date(site)
    base = _base(site)
    now = Written(inputs=inputs.digest if inputs else "")
    icons = make_icons(settings, cache)  # a picture of mkdocs.yml that is unreadable stops here
    with phase("fingerprints"):
        prints = PagePrints(site, plans, theme, base, before, cache)
        now.pages = prints.pages
    reuse = {url for url, print_ in now.pages.items() if before.pages.get(url) == print_}
    now.deps = {url: before.deps.get(url, ()) for url in reuse}

    engine_pages = {relative: frame.fill({"BUILD_DATE": day})
                    for relative, frame in theme.pages.items()}
    media = published_files(site, theme.pictures)
    now.media = set(media)
    library = Library.build(site)
    check = None
    if verify:
        check = LinkCheck(_site_files(plans, theme, now.media, site) | library_paths(library),
                          {post.url: post.status for post in site.left_out})
    broken = [] if check is None else [
        found for relative, html in engine_pages.items()
        for found in check.page(relative.removesuffix("index.html"), html)]
    renderer = BodyRenderer(site, compiled=cache.templates)
    job = WriteJob(plans=plans, frames=theme.frames, renderer=renderer,
                   sharing=SiteSharing(settings, site.data.categories),
                   out_dir=out_dir, site_url=settings.site_url or "", build_date=day, reuse=reuse,
                   previous=previous_site, in_place=in_place, check=check,
                   recheck=_gone(before, now, plans) if check is not None else ())
    rendered_first = 0
    if shown is not None:
        _write_engine_pages(engine_pages, out_dir)
        publish_content_files(media, out_dir)
        found, deps = write_first(job, first)
        broken += found
        prints.rendered(deps, now)
        rendered_first = len(deps)
        shown()
    # Into a fresh folder, feeds and search are written alongside the pages (or, started by
    # the caller, alongside the engine too), by a process of their own; into the live site,
    # only once every page has passed the check.
    alongside = None if in_place else feeds_and_search or Background(
        lambda: _write_feeds_and_search(site, out_dir, base, before, previous_site),
        worth_it=len(site.posts) >= MIN_ITEMS)
    try:
        with phase("pages"):
            try:
                rendered, broken_pages, pending, deps = write_pages(job)
                prints.rendered(deps, now)
            except BaseException:
                if in_place:  # whatever stopped it, the live site keeps its pages
                    discard([out_dir / plan.url / PENDING for plan in plans], out_dir)
                raise
        if broken or broken_pages:  # the live site stays as it was, marker included
            discard(pending, out_dir)
            raise BrokenSite(sorted(set(broken + broken_pages), key=str))
        if in_place:
            forget_marker(out_dir)  # a build cut short leaves a site nothing may be reused from
        # Pictures and the engine's pages first: a new page never shows before what it shows.
        _write_engine_pages(engine_pages, out_dir)
        publish_content_files(media, out_dir)
        now.files = write_library_files(library, out_dir, before.files)
        put_in_place(pending)
        with phase("feeds and search"):
            now.feeds, now.search = (
                alongside.result() if alongside is not None else
                _write_feeds_and_search(site, out_dir, base, before, previous_site))
    except BaseException:
        if alongside is not None:  # nothing more is written into a folder being given up
            alongside.cancel()
        raise
    pages = theme.page_urls + [plan.url for plan in plans]
    write_sitemap(out_dir, site, pages)
    write_counter_manifest(out_dir, pages)
    if in_place:
        _remove_stale(out_dir, before, now)
    # After what is stale is gone: an editor's content/robots.txt just removed leaves ours.
    write_icons(icons, out_dir, now.media)
    write_robots(out_dir, settings.site_url or "", now.media)
    now.marker = fingerprint(now.pages, now.feeds, now.search, sorted(now.media), now.files)
    if remember:
        cache.save("written", now)
        remember_for_quick(site, now.marker, inputs, cache)
    return Report(pages=len(plans) + len(theme.page_urls), rendered=rendered_first + rendered)


def start_feeds_and_search(site: Site, out_dir: Path, cache: BuildCache,
                           previous_site: Path | None) -> Background:
    """Feeds and search written into a fresh folder by a process of their own, started before
    the theme engine runs (they do not need it); write_site takes its result."""
    before, previous_site = _last_build(cache, previous_site)
    base = _base(site)
    return Background(lambda: _write_feeds_and_search(site, out_dir, base, before,
                                                      previous_site),
                      worth_it=len(site.posts) >= MIN_ITEMS)


def fingerprint_ahead(site: Site, plans: list[PagePlan], cache: BuildCache) -> None:
    """The pages' fingerprints, kept in the memory of a cache that keeps it (serve's read
    ahead): the next build then fingerprints only the plans that changed."""
    theme = cache.load("theme")
    if theme is not None:
        PagePrints(site, plans, theme, _base(site), Written(), cache)


def _last_build(cache: BuildCache, previous_site: Path | None) -> tuple[Written, Path | None]:
    """What the last build wrote, and its site, when that site is still the one it wrote."""
    before: Written = cache.load("written") or Written()
    if previous_site is None or current_marker(previous_site) != before.marker or not before.marker:
        return Written(), None  # nothing there can be trusted for reuse
    return before, previous_site


def _base(site: Site) -> str:
    """What every page, feed and search segment depends on. The day counts through the posts
    it publishes, the year data pages show and the units and blocs ended by then, not itself:
    a build the next day with nothing new rewrites nothing."""
    settings = site.settings
    return fingerprint(settings.per_page, settings.site_url, settings.site_name, settings.extra,
                       settings.preview, settings.today.year, build_date(site),
                       site.data.ended_by(settings.today))


class PagePrints:
    """The fingerprint of every page: its plan, the frame and templates it is made with, and
    the data records it read when last rendered (what a change to the data files touches).
    A page whose fingerprint is as the last build wrote it is kept."""

    def __init__(self, site: Site, plans: list[PagePlan], theme: Theme, base: str,
                 before: Written, cache: BuildCache):
        self.data = site.data
        frames = {key: fingerprint(frame.parts, frame.marks) for key, frame in theme.frames.items()}
        templates = template_digests(site.settings.template_dirs)
        macros = templates.get(MACROS, "")  # every body may use the macros through globals
        bases: dict[tuple, str] = {}
        keys = PlanKey()
        # A process that keeps its cache (serve) keeps plans that did not change (plan/):
        # the same plan made with the same frame and templates has the same fingerprint.
        known = cache.memo("page fingerprints")
        self.plans: dict[str, str] = {}  # url → fingerprint of all but the data it read
        for plan in plans:
            made_with = (frame_key(plan), plan.template)
            if made_with not in bases:
                bases[made_with] = fingerprint(base, frames.get(made_with[0]),
                                               templates.get(plan.template), macros)
            kept = known.get(plan.url)
            if kept is not None and kept[0] is plan and kept[1] == bases[made_with]:
                self.plans[plan.url] = kept[2]
                continue
            self.plans[plan.url] = page_fingerprint(plan, bases[made_with], keys)
            if cache.keep:
                known[plan.url] = (plan, bases[made_with], self.plans[plan.url])
        for url in known.keys() - self.plans.keys() if len(known) > len(self.plans) else ():
            del known[url]  # pages gone
        self.read: dict[tuple, str] = {}  # what pages read → its digest now
        self.pages = {url: self._with(url, before.deps.get(url, ()))
                      for url in self.plans}

    def _with(self, url: str, deps: tuple) -> str:
        digest = self.read.get(deps)
        if digest is None:
            digest = self.read[deps] = fingerprint([data_digest(self.data, dep) for dep in deps])
        return fingerprint(self.plans[url], digest)

    def rendered(self, deps: dict[str, tuple], now: Written) -> None:
        """Pages just rendered, with what they read this time."""
        for url, read in deps.items():
            now.deps[url] = read
            now.pages[url] = self._with(url, read)


def _write_feeds_and_search(site: Site, out_dir: Path, base: str, before: Written,
                            previous_site: Path | None) -> tuple[dict, dict]:
    return (write_feeds(site, out_dir, base, before.feeds, previous_site),
            write_search(site, out_dir, base, before.search, previous_site))


def _remove_stale(out_dir: Path, before: Written, now: Written) -> None:
    """What the last build wrote and this one did not: deleted posts, feeds of deleted blocs,
    search segments of years gone, pictures removed from content/."""
    for url in before.pages.keys() - now.pages.keys():
        remove_file(out_dir / urls.page_file(url), out_dir)
    for path in ((before.feeds.keys() - now.feeds.keys()) | (before.media - now.media)
                 | (before.files.keys() - now.files.keys())):
        remove_file(out_dir / path, out_dir)
    for name in before.search.keys() - now.search.keys():
        shutil.rmtree(out_dir / SEARCH_FOLDER / name, ignore_errors=True)


def _write_engine_pages(pages: dict[str, str], out_dir: Path) -> None:
    """The engine's own pages (standalone pages, 404), with the build date poured in."""
    for relative, html in pages.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:
            replace_file(target, data)


def _gone(before: Written, now: Written, plans: list[PagePlan]) -> tuple[str, ...]:
    """What an unchanged page might still link to that this build removes (pages, pictures):
    the last part of each address. A page kept from the last build that mentions one of them
    is checked again (render/pages.py)."""
    addresses = {plan.url for plan in plans}
    gone = {url.rstrip("/").rsplit("/", 1)[-1] + "/" for url in before.pages.keys() - addresses}
    gone |= {path.rsplit("/", 1)[-1] for path in before.media - now.media}
    return tuple(sorted(name for name in gone if name not in ("/", "")))


def refuse_hidden_outputs(site: Site, plans: list[PagePlan], theme: Theme | None) -> None:
    """A file of content/ published where the site writes a page, a feed or a theme file (or
    a folder of them) would replace it, or be replaced: an error naming the file, before
    anything is written. (Without the theme of an earlier build, its files are known by their
    folder, assets/.) robots.txt and the icons are the editor's to give: theirs win."""
    media = content_files(site.settings.content_dir)
    generated = _site_files(plans, theme, set(), site) if theme is not None else \
        _site_files(plans, Theme("", {}), {urls.THEME_ASSETS + "x"}, site)
    generated -= _files_content_may_replace(site.settings)
    folders = {parent for path in generated for parent in _folders_of(path)}
    problems = Problems()
    for relative in sorted(media):
        if relative in generated or relative in folders or \
                any(folder in generated for folder in _folders_of(relative)):
            problems.error(site.settings.rel(site.settings.content_dir / relative),
                           f"tệp này sẽ nằm ở /{relative}, chỗ trang web tự tạo một trang, nguồn "
                           "tin hoặc tệp giao diện", "đổi tên tệp, hoặc chuyển nó vào một thư mục "
                           "khác của content/, ví dụ content/tai-lieu/", field="tên tệp")
    if problems:
        raise SiteError(problems)


def _folders_of(path: str) -> list[str]:
    """'a/b/c.html' → ['a', 'a/b']."""
    parts = path.rstrip("/").split("/")[:-1]
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]


def _site_files(plans: list[PagePlan], theme: Theme, media: set[str], site: Site) -> set[str]:
    """Every file the build writes that a page may link to."""
    return ({urls.page_file(plan.url) for plan in plans} | set(theme.pages) | set(theme.files)
            | media | {feed.path for feed in plan_feeds(site)}
            | _files_content_may_replace(site.settings)
            | {urls.SITEMAP, urls.SITEMAP_GZ, MANIFEST_NAME, urls.SEARCH_MANIFEST})


def _files_content_may_replace(settings: Settings) -> set[str]:
    """What the site writes unless content/ has a file of that name: robots.txt and the
    icons (write_robots and write_icons leave the editor's in place)."""
    return {urls.ROBOTS, *icons_of(settings).files}
