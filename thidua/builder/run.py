"""Building a site: the four ways, fastest first, chosen here.

1. nothing the build reads has changed since the last build: the site stands as it is;
2. only the bodies of a few posts changed: their page, feeds and search entries are patched
   in place (quick.py);
3. the theme's part of the last build still holds (the Theme in the cache has the same
   fingerprint): the site is updated in place, file by file, after every check passed;
4. otherwise the theme engine runs, into a folder beside the site that replaces it when
   complete.
Content errors stop the build before anything is written; a broken link stops it before the
site changes. Either way the last good site stays exactly as it was.

The first way needs only what this module imports; the others load the rest of the generator
(records, templates, MkDocs) when they run, so that an unchanged site is answered at once.

`serve` builds its preview site the same four ways (serve.py), with a Preview: the pages open
in the browser are written before any other, and a new theme is put into the preview site
in place (no one else reads it) rather than a whole new site built beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection

from ..config.settings import Settings
from ..core.cache import BuildCache
from ..core.dates import vi_number
from ..core.timing import phase
from .state import Inputs, Written, read_inputs
from .target import (build_lock, clean_leftovers, current_marker, discard_staging,
                     put_theme_files, refuse_unsafe_target, set_marker,
                     staging_folder, swap_into_place)


class SwapFailed(Exception):
    """The new site could not replace the old one (the message says why, in Vietnamese)."""


@dataclass
class Preview:
    """What `serve` asks of a build of its preview site, and learns from it."""

    first: Collection[str] = ()  # addresses of the pages open in the browser
    shown: Callable[[], None] = lambda: None  # called once those pages are written
    changed: bool = False  # set when the build changed the site
    theme_changed: bool = False  # set when the theme's files were written again
    loaded: bool = False  # set when the build read and checked the whole site
    moved: dict[str, str] = field(default_factory=dict)  # old address → new, of moved posts
    inputs: Inputs | None = field(default=None, repr=False)  # what the build read


def build_site(settings: Settings, *, verify: bool = True,
               warn: Callable[[str], None] = print, cache: BuildCache | None = None,
               preview: Preview | None = None) -> str:
    """Build the site into settings.site_dir; returns what to tell the editor. Raises
    SiteError (content), BrokenSite (links), EngineError (theme), UnsafeTarget, SwapFailed."""
    target = settings.site_dir
    cache = cache or BuildCache(settings.root)
    if preview is None:
        refuse_unsafe_target(target, settings)
    with build_lock(settings.root):
        inputs = read_inputs(settings)
        if preview is not None:
            preview.inputs = inputs
        written: Written | None = cache.load("written")
        reusable = written is not None and bool(written.marker) and \
            current_marker(target) == written.marker
        if reusable and written.inputs == inputs.digest:
            return f"Không có gì thay đổi từ lần dựng trước: trang web ở {target} vẫn đúng."
        if preview is not None:
            preview.changed = True
        if reusable and _patch_bodies(settings, cache, written, inputs,
                                      preview.shown if preview is not None else None):
            return f"Đã cập nhật nhanh nội dung bài viết ở {target}"
        message = _build(settings, cache, inputs, reusable, verify, warn, preview)
        set_marker(target, cache.load("written").marker)
    return message


def read_ahead(settings: Settings, cache: BuildCache) -> None:
    """Read, check, plan and fingerprint the site into the memory of a cache that keeps it
    (serve's builder), writing nothing: after a first build that found nothing changed, the
    editor's first edit then pays for what it changed only. What is wrong is left for that
    build to report."""
    from ..load.site import load_site
    from ..plan import plan_site
    from .site import fingerprint_ahead

    with build_lock(settings.root):
        try:
            site, _ = load_site(settings, cache)
            fingerprint_ahead(site, plan_site(site, cache), cache)
        except Exception:  # noqa: BLE001 - the next build reports it, in full
            return


def _patch_bodies(settings: Settings, cache: BuildCache, written: Written, inputs: Inputs,
                  shown: Callable[[], None] | None) -> bool:
    """The second way, when it applies."""
    from .quick import quick_rebuild

    patched = quick_rebuild(settings, cache, settings.site_dir, inputs, written.marker, shown)
    if patched:
        written.forget(patched)
        written.inputs = inputs.digest
        cache.save("written", written)
    return bool(patched)


def _build(settings: Settings, cache: BuildCache, inputs: Inputs, reusable: bool, verify: bool,
           warn: Callable[[str], None], preview: Preview | None) -> str:
    """The third way or the fourth, once the whole site is read and checked."""
    from ..engine.theme import theme_fingerprint
    from ..load.site import load_site
    from ..markdown.links import PostLinks
    from ..plan import plan_site
    from ..render.frames import needed_frames
    from .site import refuse_hidden_outputs, write_site

    target = settings.site_dir
    with phase("load"):
        site, problems = load_site(settings, cache)  # errors stop here, before any writing
    if preview is not None:
        preview.loaded = True
    if problems.warnings or problems.notes:
        warn(problems.report())
    plans = plan_site(site, cache)
    theme = cache.load("theme")
    refuse_hidden_outputs(site, plans, theme)
    clean_leftovers(target)
    first, shown = (), None
    if preview is not None:
        # A post whose title changed has a new address: its new page is the one to show.
        preview.moved = _moved_posts(site, cache)
        first = [*preview.first, *(preview.moved[url] for url in preview.first
                                   if url in preview.moved)]
        shown = preview.shown
    with phase("write"):
        # What the theme's part is made from, read before the engine renders it: a template
        # edited during the build then shows as a change to the next one.
        theme_print = theme_fingerprint(settings, PostLinks(site.posts).used(settings.content_dir))
        if reusable and theme is not None and theme.fingerprint == theme_print and \
                needed_frames(plans) <= theme.frames.keys():
            report = write_site(site, plans, theme, target, cache, target, inputs=inputs,
                                verify=verify, first=first, shown=shown)
            return f"Đã cập nhật ở {target} ({vi_number(report.rendered)} trang viết lại)"
        if preview is not None:
            preview.theme_changed = True
            _build_into(site, plans, theme_print, cache, target, inputs, reusable, verify,
                        first, preview.shown)
            return f"Đã dựng lại trang xem trước ở {target}"
        _build_beside(site, plans, theme_print, cache, target, inputs, verify)
        return f"Đã dựng trang web vào {target}"


def _moved_posts(site, cache: BuildCache) -> dict[str, str]:
    """Posts whose address changed since the last build (a new title makes a new slug): old
    address → new."""
    last = cache.load("quick")  # what the last build placed where (quick.py)
    if last is None:
        return {}
    return {known.url: post.url for post in site.posts
            if (known := last.posts.get(post.content_path)) is not None and known.url != post.url}


def _build_beside(site, plans, theme_print: str, cache: BuildCache, target: Path,
                  inputs: Inputs, verify: bool) -> None:
    """The fourth way: a full build into a folder beside the site, swapped in when complete."""
    from .site import start_feeds_and_search, write_site

    staging = staging_folder(target)
    previous = target if target.is_dir() and current_marker(target) else None
    alongside = None
    try:
        # Feeds and search need no theme: a process of their own writes them meanwhile.
        alongside = start_feeds_and_search(site, staging, cache, previous)
        theme = _render_theme(site, plans, theme_print, staging, cache)
        cache.save("theme", theme)
        write_site(site, plans, theme, staging, cache, previous, inputs=inputs, verify=verify,
                   feeds_and_search=alongside)
    except BaseException:
        if alongside is not None:
            alongside.cancel()
        discard_staging(staging)
        raise
    try:
        swap_into_place(staging, target)
    except OSError as error:
        discard_staging(staging)
        raise SwapFailed(f"Không thay được {target} bằng trang vừa dựng ({error.strerror}). "
                         "Kiểm tra quyền ghi, hoặc thư mục có đang được dùng (gắn ổ, máy chủ "
                         "web).") from None


def _render_theme(site, plans, theme_print: str, out_dir: Path, cache: BuildCache):
    """The engine's part, rendered in a folder of its own inside `out_dir` (MkDocs empties the
    folder it builds into), its theme files then put into `out_dir`."""
    from ..engine.mkdocs import EngineJob, render_theme

    folder = out_dir / ".thidua-engine"
    try:
        with phase("engine"):
            theme = render_theme(EngineJob(site.settings, site, plans, theme_print=theme_print,
                                           compiled=cache.templates), folder)
        put_theme_files(folder, out_dir, theme.files, [])
    finally:
        discard_staging(folder)
    return theme


def _build_into(site, plans, theme_print: str, cache: BuildCache, target: Path, inputs: Inputs,
                reusable: bool, verify: bool, first: Collection[str],
                shown: Callable[[], None]) -> None:
    """The fourth way for the preview: the engine renders the new theme beside the site, its
    files are put into the site, which is then updated in place, the pages open in the browser
    first. A preview site nothing can be reused from is the engine's folder itself."""
    from ..engine.mkdocs import EngineJob, render_theme
    from .site import write_site

    staging = staging_folder(target)
    try:
        with phase("engine"):
            theme = render_theme(EngineJob(site.settings, site, plans, theme_print=theme_print,
                                           compiled=cache.templates), staging)
        old = cache.load("theme")
        if reusable and old is not None:
            put_theme_files(staging, target, theme.files, old.files)
        else:
            swap_into_place(staging, target)
            reusable = False
    finally:
        discard_staging(staging)
    cache.save("theme", theme)
    write_site(site, plans, theme, target, cache, target if reusable else None, inputs=inputs,
               verify=verify, first=first, shown=shown)

