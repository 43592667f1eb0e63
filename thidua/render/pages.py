"""Writing the planned pages fast: bodies rendered on every core, poured into their frames.

Pages are shared out between processes (core/workers.py), each writing its own files; a page
whose fingerprint has not changed since the last build is linked from the previous site
instead of being rendered again. Each page is checked as it is written (linkcheck.py).
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .. import urls
from ..core.cache import fingerprint
from ..core.files import link_previous, remove_file, replace_file
from ..core.workers import share_out
from ..model.post import Post
from ..plan.pages import PagePlan, Pager
from ..plan.sharing import SiteSharing
from .frames import Frame, frame_key, head_links, page_references
from .linkcheck import LinkCheck
from .templates import BodyRenderer


# ---- fingerprints ---------------------------------------------------------------------------

def page_fingerprint(plan: PagePlan, base: str) -> str:
    """What a page's HTML depends on beyond `base` (theme, data, day): its plan. A post's own
    page counts its file, its pictures and where its links lead (Post.page_digest); pages
    that list posts count only what lists show of them (Post.listing), so mending a post's
    body leaves them alone. Data records count for nothing of their own: the digest of the
    data files is part of `base`; what follows from the build date is the plan's `as_of`."""
    own = plan.post.page_digest if plan.post is not None else ""
    return fingerprint(base, plan.url, plan.template, plan.title, plan.description,
                       plan.section, plan.crumbs, plan.feeds, own, _key(plan.data), plan.as_of)


def _key(value: Any) -> Any:
    """What of a plan's data a page's fingerprint takes in. Data records stand for
    themselves by name only: the digest of the data files is in every page's `base`."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, Post):
        return value.listing
    if isinstance(value, Pager):
        return ("pager", value.base, value.number, value.count, value.total)
    if isinstance(value, dict):
        return tuple((k, _key(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if value and not isinstance(value[0], (Post, Pager, list, tuple, str, int)):
            return (type(value[0]).__name__, len(value))  # data records
        return tuple(_key(item) for item in value)
    return type(value).__name__


# ---- writing --------------------------------------------------------------------------------

@dataclass
class WriteJob:
    plans: list[PagePlan]
    frames: dict[tuple[int, str], Frame]
    renderer: BodyRenderer
    sharing: SiteSharing
    out_dir: Path
    site_url: str
    build_date: str
    reuse: set[str]  # urls of pages to keep from `previous` rather than render
    previous: Path | None
    in_place: bool = False  # out_dir is `previous`: kept pages are simply left where they are
    check: LinkCheck | None = None  # checks each page written (see verify.py)
    # Names of pages and pictures this build removes: a page kept from the last build that
    # mentions one is read back and checked too (it may link to what is gone).
    recheck: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.ordered = sorted(self.plans, key=lambda plan: plan.url)


PENDING = ".index.html.thidua-new"  # a page of the live site waiting to replace index.html
# Around a post's body in its page (thidua/post.html): a quick rebuild replaces what is between.
BODY_START, BODY_END = "<!--thidua:body-->", "<!--/thidua:body-->"


def page_html(job: WriteJob, plan: PagePlan) -> tuple[str, list[str]]:
    """The page, and its href and src values (for the link check)."""
    renderer = job.renderer
    body = renderer.render(plan)  # also points the url filter at this page
    frame = job.frames[frame_key(plan)]
    values = {
        "TITLE": html.escape(plan.title, quote=False),
        "DESCRIPTION": html.escape(plan.description),
        "CANONICAL": html.escape(urls.absolute(job.site_url, plan.url)),
        "HEAD": head_links(plan, renderer.url, job.sharing.of_plan(plan)),
        "CONTENT": body,
        "PAGE_ID": html.escape("/" + plan.url),
        "BUILD_DATE": job.build_date,
    }
    return frame.fill(values), page_references(frame, values) if job.check is not None else []


def _write_share(job: WriteJob, worker: int, workers: int) -> tuple[int, list, list]:
    rendered, broken, pending = 0, [], []
    # Contiguous shares, in URL order: each worker creates pages in folders of its own, and
    # the file system does not make them wait on each other's folders.
    start, stop = len(job.plans) * worker // workers, len(job.plans) * (worker + 1) // workers
    for plan in job.ordered[start:stop]:
        target = job.out_dir / plan.url / "index.html"
        try:
            os.mkdir(target.parent)  # the parent folder exists for almost every page
        except FileExistsError:
            pass
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        if plan.url in job.reuse and (target.exists() if job.in_place else
                                      link_previous(job.previous, plan.url + "index.html", target)):
            if job.recheck:
                kept = target.read_text(encoding="utf-8")
                if any(name in kept for name in job.recheck):
                    broken += job.check.page(plan.url, kept)
            continue
        html, references = page_html(job, plan)
        if job.check is not None:
            broken += job.check.page(plan.url, html, references)
        if job.in_place:  # the live site: pages are swapped in once all of them passed
            target = target.with_name(PENDING)
            pending.append(target)
        target.write_bytes(html.encode("utf-8"))
        rendered += 1
    return rendered, broken, pending


def write_pages(job: WriteJob) -> tuple[int, list, list[Path]]:
    """Write every planned page; returns how many were rendered (the rest were kept or linked),
    what the check found broken in them, and, into the live site (in_place), the new pages
    waiting beside the old ones for put_in_place."""
    jobs = None if len(job.plans) - len(job.reuse) >= 200 else 1
    shares = share_out(partial(_write_share, job), jobs)
    return (sum(count for count, _, _ in shares), [b for _, found, _ in shares for b in found],
            [path for _, _, pending in shares for path in pending])


def put_in_place(pending: list[Path]) -> None:
    """Each new page replaces its old one whole: readers see the old page or the new one."""
    for path in pending:
        os.replace(path, path.with_name("index.html"))


def discard(pending: list[Path], root: Path) -> None:
    """Remove pages that were to be new, and the folders made for them, deepest first."""
    for path in sorted(pending, key=lambda p: len(p.parts), reverse=True):
        remove_file(path, root)


def patch_body(site_dir: Path, url: str, html: str) -> None:
    """A post's page with a new body (a quick rebuild): post.html marks where it lies."""
    page = site_dir / urls.page_file(url)
    text = page.read_text(encoding="utf-8")
    start = text.index(BODY_START) + len(BODY_START)
    end = text.index(BODY_END, start)
    replace_file(page, (text[:start] + html + text[end:]).encode("utf-8"))
