"""From the validated model to the files of the site: pages, feeds, search, sitemap, manifest.

One function, write_site, used both when MkDocs runs (from the plugin, after MkDocs wrote the
theme's files) and when it does not need to (build.py, with the theme from the cache). Work
whose inputs have not changed since the last build is linked from the previous site.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cache import VERSION, BuildCache, digest
from .feeds import plan_feeds, write_feeds
from .fileio import replace_file
from .model import Settings, Site
from .reading import DEFAULT_TITLES
from .siteconfig import PRODUCT_OVERRIDES, SiteConfig
from .pages import PagePlan
from .parallel import Background
from .quick import Inputs, remember as remember_for_quick
from .search import write_search
from .sitemap import write_sitemap
from .templating import BodyRenderer
from .verify import LinkCheck
from .timing import phase
from .theme import Theme
from .cache import fingerprint
from .writer import PENDING, WriteJob, discard, page_fingerprint, put_in_place, write_pages



@dataclass
class Written:
    """What a build wrote, kept in the cache for the next one."""

    marker: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url → fingerprint
    feeds: dict[str, str] = field(default_factory=dict)  # path → fingerprint
    search: dict[str, str] = field(default_factory=dict)  # segment → fingerprint
    media: set[str] = field(default_factory=set)  # files of content/ in the site
    inputs: str = ""  # digest of the files the build read (see inputs_digest)

    def forget(self, patched) -> None:
        """Outputs a quick rebuild patched (quick.py) no longer match their fingerprints: the
        next build writes them again rather than keep them."""
        for post in patched:  # keys stay: a post deleted later is still removed (_remove_stale)
            self.pages[post.url] = ""
            self.search[post.segment] = ""
            for feed in post.feeds:
                self.feeds[feed] = ""


@dataclass
class Report:
    pages: int = 0  # pages in the site
    rendered: int = 0  # pages rendered by this build (the others were linked)


def build_date(site: Site) -> str:
    """The date printed as the build date: the newest content's, so a rebuild of the same
    content prints the same; SOURCE_DATE_EPOCH wins when set."""
    from .dates import TZ, vi_date
    from datetime import datetime
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return vi_date(datetime.fromtimestamp(int(epoch), TZ))
    newest = max(((p.meta.updated or p.meta.date).moment for p in site.posts), default=None)
    return vi_date(newest) if newest else ""


def write_site(site: Site, plans: list[PagePlan], theme: Theme, out_dir: Path,
               cache: BuildCache, previous_site: Path | None, *, remember: bool = True,
               inputs: Inputs | None = None, verify: bool = True) -> Report:
    """Write the site into `out_dir`.

    Either `out_dir` is a fresh folder (the engine's files are there already): unchanged pages
    are linked from `previous_site`. Or `out_dir` is `previous_site` itself, left by the last
    build (see cli.py): only what changed is written, each file replaced whole, and what is no
    longer part of the site is removed. With `remember`, what was written is kept in the
    cache, for the next build.
    """
    settings = site.settings
    before: Written = cache.load("written") or Written()
    if previous_site is None or current_marker(previous_site) != before.marker or not before.marker:
        before, previous_site = Written(), None  # nothing there can be trusted for reuse
    in_place = previous_site is not None and out_dir == previous_site
    day = build_date(site)
    # The day counts through the posts it publishes and the year data pages show, not itself:
    # a build the next day with nothing published rewrites nothing.
    base = fingerprint(theme.fingerprint, site.data.digest, settings.per_page, settings.site_url,
                       settings.preview, settings.today.year, day)
    now = Written(inputs=inputs.digest if inputs else "")
    with phase("fingerprints"):
        now.pages = {plan.url: page_fingerprint(plan, base) for plan in plans}
    reuse = {url for url, print_ in now.pages.items() if before.pages.get(url) == print_}

    engine_pages = {relative: frame.fill({"BUILD_DATE": day})
                    for relative, frame in theme.pages.items()}
    now.media = _content_files(settings.content_dir) - embargoed_pictures(site)
    check = None
    if verify:
        check = LinkCheck(_site_files(plans, theme, now.media, site),
                          {post.url: post.status for post in site.left_out})
    broken = [] if check is None else [
        found for relative, html in engine_pages.items()
        for found in check.page(relative.removesuffix("index.html"), html)]
    renderer = BodyRenderer(site)
    job = WriteJob(plans=plans, frames=theme.frames, renderer=renderer, out_dir=out_dir,
                   site_url=settings.site_url or "", build_date=day, reuse=reuse,
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
        _link_content_files(settings.content_dir, out_dir, now.media)
        put_in_place(pending)
        with phase("feeds and search"):
            now.feeds, now.search = (
                alongside.result() if alongside is not None else
                _write_feeds_and_search(site, out_dir, base, before, previous_site))
    except BaseException:
        if alongside is not None:  # nothing more is written into a folder being given up
            alongside.cancel()
        raise
    urls = theme.page_urls + [plan.url for plan in plans]
    write_sitemap(out_dir, settings.site_url or "", site, urls)
    _write_counter_manifest(out_dir, urls)
    if in_place:
        _remove_stale(out_dir, before, now)
    now.marker = fingerprint(now.pages, now.feeds, now.search, sorted(now.media))
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
        _unlink(out_dir / url / "index.html")
        _remove_empty_folders(out_dir / url, out_dir)
    for path in (before.feeds.keys() - now.feeds.keys()) | (before.media - now.media):
        _unlink(out_dir / path)
        _remove_empty_folders((out_dir / path).parent, out_dir)
    for name in before.search.keys() - now.search.keys():
        shutil.rmtree(out_dir / "search" / name, ignore_errors=True)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """A page removed leaves no empty folder behind: its address must answer 404."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty (other pages live there), or gone already
            if folder.exists():
                return
        folder = folder.parent


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def read_inputs(config: SiteConfig, settings: Settings) -> Inputs:
    """The name, size and time of every file a build reads, and the day: when they match the
    last build's, that build's site is still right."""
    folders = [settings.content_dir, settings.data_dir, PRODUCT_OVERRIDES,
               DEFAULT_TITLES.parent, *filter(None, [config.custom_dir()])]
    stats = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                status = os.stat(path)
                stats[path] = (status.st_size, status.st_mtime_ns)
    context = (digest(config.path.read_bytes()), VERSION, settings.today or date.today(),
               os.environ.get("SOURCE_DATE_EPOCH"))
    return Inputs(fingerprint(context, sorted(stats.items())), stats, context)


def marker_path(site_dir: Path) -> Path:
    """Beside the site, not in it: which build wrote the site, so that its pages may be
    reused. It is written once the site is complete (see cli.py)."""
    return site_dir.with_name(f".{site_dir.name}.thidua-build")


def current_marker(site_dir: Path) -> str:
    """The marker of the build that wrote the site folder, or "" when the folder there is not
    the one it wrote (deleted, or replaced by another folder of the same name)."""
    try:
        marker, _, folder = marker_path(site_dir).read_text(encoding="utf-8").partition(" ")
        return marker if folder.strip() == _folder_identity(site_dir) else ""
    except OSError:
        return ""


def set_marker(site_dir: Path, marker: str) -> None:
    replace_file(marker_path(site_dir), f"{marker} {_folder_identity(site_dir)}\n".encode())


def _folder_identity(folder: Path) -> str:
    status = folder.stat()  # OSError when the folder is gone
    return f"{status.st_dev}:{status.st_ino}"


def forget_marker(site_dir: Path) -> None:
    try:
        marker_path(site_dir).unlink()
    except FileNotFoundError:
        pass


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
    is checked again (writer.py)."""
    urls = {plan.url for plan in plans}
    gone = {url.rstrip("/").rsplit("/", 1)[-1] + "/" for url in before.pages.keys() - urls}
    gone |= {path.rsplit("/", 1)[-1] for path in before.media - now.media}
    return tuple(sorted(name for name in gone if name not in ("/", "")))


def _site_files(plans: list[PagePlan], theme: Theme, media: set[str], site: Site) -> set[str]:
    """Every file the build writes that a page may link to."""
    return ({plan.url + "index.html" for plan in plans} | set(theme.pages) | set(theme.files)
            | media | {feed.path for feed in plan_feeds(site)}
            | {"sitemap.xml", "sitemap.xml.gz", "counter-manifest.json", "search/index.json"})


class BrokenSite(Exception):
    """Pages of the site link to files that are not there."""

    def __init__(self, broken: list) -> None:
        self.broken = broken
        super().__init__("\n".join(str(b) for b in broken))


def _content_files(content_dir: Path) -> set[str]:
    """Pictures and documents of content/, relative to it: they go to the same place in the
    site. Links are left out: a file published must be one the editors committed."""
    media = set()
    for folder, _, names in os.walk(content_dir):
        for name in names:
            if name.endswith((".md", ".markdown")) or name.startswith("."):
                continue
            source = os.path.join(folder, name)
            if not os.path.islink(source):
                media.add(Path(source).relative_to(content_dir).as_posix())
    return media


def embargoed_pictures(site: Site) -> set[str]:
    """Lead pictures of drafts and scheduled posts that no published post uses: they wait
    for their post, rather than sit at an address anyone can guess."""
    if site.settings.preview:
        return set()
    waiting = {post.image_path for post in site.left_out if post.image_path}
    waiting -= {post.image_path for post in site.posts}
    # A published post may show the same picture in its body: then it is public already.
    return {path for path in waiting
            if not any(path.rsplit("/", 1)[-1] in post.body_html for post in site.posts)}


def _link_content_files(content_dir: Path, out_dir: Path, media: set[str]) -> None:
    for relative in sorted(media):
        source, target = content_dir / relative, out_dir / relative
        if target.exists() and os.path.samefile(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            os.link(source, temporary)
        except OSError:  # another file system
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)  # whole, like replace_file, without reading the file


def _write_counter_manifest(out_dir: Path, urls: list[str]) -> None:
    """The pages the visitor counter counts (SPEC §9): their URL paths."""
    ids = sorted({"/" + url for url in urls if not url.endswith(".html")})
    replace_file(out_dir / "counter-manifest.json", (json.dumps(
        {"version": 1, "ids": ids}, ensure_ascii=False, indent=0) + "\n").encode("utf-8"))
