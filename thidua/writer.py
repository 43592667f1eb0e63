"""Writing the planned pages fast: one theme frame per kind of page, bodies rendered in parallel.

The theme's frame (header, navigation, footer) is the same for every page at the same folder
depth in the same section, except for a few values: the title, the description, the canonical
URL, some head links and the body. So the engine renders a frame once per (depth, section)
with marks in those places (see FRAME_MARKS); every page is then its body, rendered by
templating.py, poured into the frame. Pages are shared out between processes (fork), each
writing its own files, and a page whose fingerprint has not changed since the last build is
linked from the previous site instead of being rendered again.
"""
from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .cache import fingerprint, link_previous
from .model import Post
from .pages import PagePlan, Pager
from .parallel import parallel_run
from .templating import BodyRenderer
from .verify import LinkCheck, find_references

_INDENT = re.compile(r"\n\s+")
FRAME_MARKS = ("TITLE", "DESCRIPTION", "CANONICAL", "HEAD", "CONTENT", "PAGE_ID", "BUILD_DATE")


_MARK = "@@THIDUA-"


def mark(name: str) -> str:
    """The placeholder a frame carries where a page's own value goes."""
    return f"{_MARK}{name}@@"


@dataclass(frozen=True)
class Frame:
    parts: tuple[str, ...]  # the frame's text between marks
    marks: tuple[str, ...]  # the mark after each part but the last
    # The frame's href and src values, found once for all its pages: those the same on every
    # page, and those holding a mark (the canonical URL), completed per page.
    references: tuple[str, ...] = ()
    marked_references: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, *, compact: bool = True) -> Frame:
        """Split the engine's page at its marks. With `compact`, indentation and blank lines
        go: every generated page carries the frame, which has no <pre> whose spaces would
        matter. (A standalone page may have code blocks: it is parsed as it is.)"""
        parts, marks = [_INDENT.sub("\n", text) if compact else text], []
        references = find_references(parts[0])
        fixed = tuple(r for r in references if _MARK not in r)
        marked = tuple(r for r in references if _MARK in r)
        while True:
            last = parts[-1]
            found = [(last.find(mark(name)), name) for name in FRAME_MARKS if mark(name) in last]
            if not found:
                return cls(tuple(parts), tuple(marks), fixed, marked)
            position, name = min(found)
            parts[-1:] = [last[:position], last[position + len(mark(name)):]]
            marks.append(name)

    def fill(self, values: dict[str, str]) -> str:
        pieces = [self.parts[0]]
        for name, part in zip(self.marks, self.parts[1:]):
            pieces += [values[name], part]
        return "".join(pieces)


def page_references(frame: Frame, values: dict[str, str]) -> list[str]:
    """The href and src values of frame.fill(values), without searching the whole page: the
    frame's, found once, and those of the page's own values."""
    references = list(frame.references)
    for reference in frame.marked_references:
        for name in frame.marks:
            reference = reference.replace(mark(name), values[name])
        references.append(reference)
    for value in values.values():
        if "<" in value:  # the other values are escaped text
            references += find_references(value)
    return references


def frame_key(plan: PagePlan) -> tuple[int, str]:
    """Pages at the same folder depth in the same section share a frame."""
    return (plan.url.count("/"), plan.section)


def head_links(plan: PagePlan, url: Callable[[str], str]) -> str:
    """A page's own <head> links (its feeds), as HTML."""
    return "".join(f'<link rel="alternate" type="application/rss+xml" title="{html.escape(title)}" '
                   f'href="{html.escape(url(path))}">' for title, path in plan.feeds)


# ---- fingerprints ---------------------------------------------------------------------------

def page_fingerprint(plan: PagePlan, base: str) -> str:
    """What a page's HTML depends on beyond `base` (theme, data, day): its plan. A post's own
    page counts its file and where its links lead (Post.page_digest); pages that list posts
    count only what lists show of them
    (Post.listing), so mending a post's body leaves them alone. Data records count for
    nothing of their own: the digest of the data files is part of `base`."""
    own = plan.post.page_digest if plan.post is not None else ""
    return fingerprint(base, plan.url, plan.template, plan.title, plan.description,
                       plan.section, plan.crumbs, plan.feeds, own, _key(plan.data))


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


_JOB: WriteJob | None = None  # the job forked workers inherit
PENDING = ".index.html.thidua-new"  # a page of the live site waiting to replace index.html


def page_html(job: WriteJob, plan: PagePlan) -> tuple[str, list[str]]:
    """The page, and its href and src values (for the link check)."""
    renderer = job.renderer
    body = renderer.render(plan)  # also points the url filter at this page
    frame = job.frames[frame_key(plan)]
    values = {
        "TITLE": html.escape(plan.title, quote=False),
        "DESCRIPTION": html.escape(plan.description),
        "CANONICAL": html.escape(job.site_url + plan.url),
        "HEAD": head_links(plan, renderer.env.filters["url"]),
        "CONTENT": body,
        "PAGE_ID": html.escape("/" + plan.url),
        "BUILD_DATE": job.build_date,
    }
    return frame.fill(values), page_references(frame, values) if job.check is not None else []


def _write_share(worker: int, workers: int) -> tuple[int, list, list]:
    job = _JOB
    assert job is not None
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
    global _JOB
    _JOB = job
    try:
        jobs = None if len(job.plans) - len(job.reuse) >= 200 else 1
        shares = parallel_run(_write_share, jobs)
    finally:
        _JOB = None
    return (sum(count for count, _, _ in shares), [b for _, found, _ in shares for b in found],
            [path for _, _, pending in shares for path in pending])


def put_in_place(pending: list[Path]) -> None:
    """Each new page replaces its old one whole: readers see the old page or the new one."""
    for path in pending:
        os.replace(path, path.with_name("index.html"))


def discard(pending: list[Path], root: Path) -> None:
    """Remove pages that were to be new, and the folders made for them, deepest first."""
    for path in sorted(pending, key=lambda p: len(p.parts), reverse=True):
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()
            except OSError:  # not empty: the folder was there before
                break
            folder = folder.parent
