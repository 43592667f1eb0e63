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

from .. import urls
from ..core.cache import BuildCache, fingerprint
from ..core.dates import TZ, vi_date
from ..core.files import remove_file, replace_file
from ..core.problems import Problems, SiteError
from ..core.timing import phase
from ..core.workers import Background
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
from ..render.pages import PENDING, WriteJob, discard, page_fingerprint, put_in_place, write_pages
from ..render.templates import BodyRenderer
from .state import Inputs, Written
from .quick import remember as remember_for_quick
from .target import current_marker, forget_marker


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
    newest = max(((p.meta.updated or p.meta.date).moment for p in site.posts), default=None)
    return vi_date(newest) if newest else ""


def write_site(site: Site, plans: list[PagePlan], theme: Theme, out_dir: Path,
               cache: BuildCache, previous_site: Path | None, *, remember: bool = True,
               inputs: Inputs | None = None, verify: bool = True) -> Report:
    """Write the site into `out_dir`: a fresh folder, or `previous_site` itself (see the
    module's doc). With `remember`, what was written is kept in the cache for the next build."""
    settings = site.settings
    before: Written = cache.load("written") or Written()
    if previous_site is None or current_marker(previous_site) != before.marker or not before.marker:
        before, previous_site = Written(), None  # nothing there can be trusted for reuse
    in_place = previous_site is not None and out_dir == previous_site
    day = build_date(site)
    # The day counts through the posts it publishes, the year data pages show and the units
    # and blocs ended by then, not itself: a build the next day with nothing new rewrites nothing.
    base = fingerprint(theme.fingerprint, site.data.digest, settings.per_page, settings.site_url,
                       settings.preview, settings.today.year, day,
                       site.data.ended_by(settings.today))
    now = Written(inputs=inputs.digest if inputs else "")
    icons = make_icons(settings, cache)  # a picture of mkdocs.yml that is unreadable stops here
    with phase("fingerprints"):
        now.pages = {plan.url: page_fingerprint(plan, base) for plan in plans}
    reuse = {url for url, print_ in now.pages.items() if before.pages.get(url) == print_}

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
    job = WriteJob(plans=plans, frames=theme.frames, renderer=BodyRenderer(site),
                   sharing=SiteSharing(settings, site.data.categories),
                   out_dir=out_dir, site_url=settings.site_url or "", build_date=day, reuse=reuse,
                   previous=previous_site, in_place=in_place, check=check,
                   recheck=_gone(before, now, plans) if check is not None else ())
    # Into a fresh folder, feeds and search are written alongside the pages, by a process of
    # their own; into the live site, only once every page has passed the check.
    alongside = None if in_place else Background(
        lambda: _write_feeds_and_search(site, out_dir, base, before, previous_site))
    try:
        with phase("pages"):
            try:
                rendered, broken_pages, pending = write_pages(job)
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
    return Report(pages=len(plans) + len(theme.page_urls), rendered=rendered)


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
    generated -= {urls.ROBOTS, *icons_of(site.settings).files}
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
            | media | {feed.path for feed in plan_feeds(site)} | set(icons_of(site.settings).files)
            | {urls.SITEMAP, urls.SITEMAP_GZ, MANIFEST_NAME, urls.SEARCH_MANIFEST, urls.ROBOTS})
