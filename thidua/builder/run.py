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
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..config.settings import Settings
from ..core.cache import BuildCache
from ..core.timing import phase
from .state import Inputs, Written, read_inputs
from .target import (build_lock, clean_leftovers, current_marker, discard_staging,
                     refuse_unsafe_target, set_marker, staging_folder, swap_into_place)


class SwapFailed(Exception):
    """The new site could not replace the old one (the message says why, in Vietnamese)."""


def build_site(settings: Settings, *, verify: bool = True,
               warn: Callable[[str], None] = print) -> str:
    """Build the site into settings.site_dir; returns what to tell the editor. Raises
    SiteError (content), BrokenSite (links), EngineError (theme), UnsafeTarget, SwapFailed."""
    target = settings.site_dir
    refuse_unsafe_target(target, settings)
    cache = BuildCache(settings.root)
    with build_lock(settings.root):
        inputs = read_inputs(settings)
        written: Written | None = cache.load("written")
        reusable = written is not None and bool(written.marker) and \
            current_marker(target) == written.marker
        if reusable and written.inputs == inputs.digest:
            return f"Không có gì thay đổi từ lần dựng trước: trang web ở {target} vẫn đúng."
        if reusable and _patch_bodies(settings, cache, written, inputs):
            return f"Đã cập nhật nhanh nội dung bài viết ở {target}"
        message = _build(settings, cache, inputs, reusable, verify, warn)
        set_marker(target, cache.load("written").marker)
    return message


def _patch_bodies(settings: Settings, cache: BuildCache, written: Written,
                  inputs: Inputs) -> bool:
    """The second way, when it applies."""
    from .quick import quick_rebuild

    patched = quick_rebuild(settings, cache, settings.site_dir, inputs, written.marker)
    if patched:
        written.forget(patched)
        written.inputs = inputs.digest
        cache.save("written", written)
    return bool(patched)


def _build(settings: Settings, cache: BuildCache, inputs: Inputs, reusable: bool, verify: bool,
           warn: Callable[[str], None]) -> str:
    """The third way or the fourth, once the whole site is read and checked."""
    from ..engine.theme import theme_fingerprint
    from ..load.site import load_site
    from ..markdown.links import PostLinks
    from ..plan import plan_site
    from .site import refuse_hidden_outputs, write_site

    target = settings.site_dir
    with phase("load"):
        site, problems = load_site(settings, cache)  # errors stop here, before any writing
    if problems.warnings or problems.notes:
        warn(problems.report())
    plans = plan_site(site)
    theme = cache.load("theme")
    refuse_hidden_outputs(site, plans, theme)
    clean_leftovers(target)
    with phase("write"):
        # What the theme's part is made from, read before the engine renders it: a template
        # edited during the build then shows as a change to the next one.
        theme_print = theme_fingerprint(settings, PostLinks(site.posts).used(settings.content_dir))
        if reusable and theme is not None and theme.fingerprint == theme_print:
            write_site(site, plans, theme, target, cache, target, inputs=inputs, verify=verify)
            return f"Đã cập nhật ở {target}"
        _build_beside(site, plans, theme_print, cache, target, inputs, verify)
        return f"Đã dựng trang web vào {target}"


def _build_beside(site, plans, theme_print: str, cache: BuildCache, target: Path,
                  inputs: Inputs, verify: bool) -> None:
    """The fourth way: a full build into a folder beside the site, swapped in when complete."""
    from ..engine.mkdocs import EngineJob, render_theme
    from .site import write_site

    staging = staging_folder(target)
    previous = target if target.is_dir() and current_marker(target) else None
    try:
        with phase("engine"):
            theme = render_theme(EngineJob(site.settings, site, plans, theme_print=theme_print),
                                 staging)
        cache.save("theme", theme)
        write_site(site, plans, theme, staging, cache, previous, inputs=inputs, verify=verify)
    except BaseException:
        discard_staging(staging)
        raise
    try:
        swap_into_place(staging, target)
    except OSError as error:
        discard_staging(staging)
        raise SwapFailed(f"Không thay được {target} bằng trang vừa dựng ({error.strerror}). "
                         "Kiểm tra quyền ghi, hoặc thư mục có đang được dùng (gắn ổ, máy chủ "
                         "web).") from None
