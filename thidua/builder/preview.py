"""The builder of `serve`: a process of its own that builds the preview site, warm.

It is forked before the server starts any thread, so that it may fork workers as `build` does,
and it keeps the generator loaded and its cache in memory between builds (files as parsed,
posts as validated, indexes), written to disk when it has nothing else to do. Each build is
the build of run.py, into .cache/preview/site/ beside mkdocs.yml, with drafts and scheduled
posts shown and marked (Settings.preview) and the pages open in the browser written first.

It answers the server (serve.py) through a pipe: ("shown", moved) once the open pages are
written (moved: old address → new of the posts whose title changed, their new pages among
those written), then ("done", Outcome) when the build is over, errors included.
"""
from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..config.settings import Settings, read_settings
from ..core.cache import BuildCache
from ..core.problems import Problems, SiteError
from .run import Preview, build_site, read_ahead

IDLE = 2.0  # seconds without a request after which the cache is written to disk
CACHE_PREFIX = "preview-"  # of the cache entries describing the preview site


def preview_folder(root: Path) -> Path:
    """Where the preview site lives: in .cache/, with everything else that can be deleted."""
    return root / ".cache" / "preview" / "site"


@dataclass
class Outcome:
    """What the server learns of a build."""

    error_page: str | None = None  # the page shown instead of the site, while errors last
    moved: dict[str, str] = field(default_factory=dict)  # old address → new, of moved posts
    everything: bool = False  # files every page uses (theme, pictures) changed: reload all


def run_builder(config_file: str, connection, first: list[str]) -> None:
    """The builder's life: a build now, then one per request, until the pipe closes."""
    # No collection during a build: the model of a large site is millions of objects, which
    # every collection would walk; the garbage of a build is collected when the builder is idle.
    gc.disable()
    builder = _Builder(config_file, connection)
    request: list[str] | None = first
    while request is not None:
        builder.build(request)
        request = builder.next_request()
    if builder.cache is not None:  # the next serve starts from here
        builder.cache.flush(meanwhile=False)


class _Builder:
    def __init__(self, config_file: str, connection):
        self.config_file = config_file
        self.connection = connection
        self.cache: BuildCache | None = None
        self.stats: dict[str, tuple[int, int]] = {}  # of the files the last build read
        self.settings: Settings | None = None  # of the last build
        self.loaded = False  # whether a build has read the whole site into memory yet

    def next_request(self) -> list[str] | None:
        """The pages open in the browser with the latest request, or None when the server
        is gone. Requests queued meanwhile are one build."""
        try:
            if not self.connection.poll(IDLE):
                if not self.loaded and self.settings is not None and self.cache is not None:
                    self.loaded = True
                    read_ahead(self.settings, self.cache)
                if self.cache is not None:
                    self.cache.flush()
                gc.collect()
            request = self.connection.recv()
            while self.connection.poll(0):
                request = self.connection.recv()
        except (EOFError, OSError):
            return None
        return request

    def build(self, first: list[str]) -> None:
        start = time.perf_counter()
        outcome = Outcome()
        try:
            settings = read_settings(self.config_file, preview=True,
                                     site_dir=preview_folder(Path(self.config_file).resolve().parent))
            cache = self._cache(settings)
            preview = Preview(first=first,
                              shown=lambda: self.connection.send(("shown", preview.moved)))
            self.settings = settings
            message = build_site(settings, verify=False, warn=_print, cache=cache,
                                 preview=preview)
            self.loaded |= preview.loaded
            outcome.moved = preview.moved
            outcome.everything = preview.theme_changed or self._shared_files_changed(preview)
            _print(f"{time.strftime('%H:%M:%S')} {message} ({time.perf_counter() - start:.2f} s)")
        except SiteError as error:
            _print(error.problems.report())
            outcome.error_page = error_page(error.problems)
        except Exception as error:  # noqa: BLE001 - the preview goes on; the list says what
            from ..engine import EngineError

            if isinstance(error, EngineError):
                text = f"Dựng trang thất bại: {error}"
            else:
                text = "Lỗi không mong đợi khi dựng trang xem trước:\n" + traceback.format_exc()
            _print(text)
            problems = Problems()
            problems.error("mkdocs.yml", text, "sửa lỗi rồi lưu tệp; trang sẽ tự tải lại")
            outcome.error_page = error_page(problems)
        try:
            self.connection.send(("done", outcome))
        except OSError:
            pass

    def _cache(self, settings: Settings) -> BuildCache:
        if self.cache is None:
            self.cache = BuildCache(settings.root, keep=True, prefix=CACHE_PREFIX)
        return self.cache

    def _shared_files_changed(self, preview: Preview) -> bool:
        """Whether a file that pages use without showing it changed since the last build: a
        picture, a stylesheet, a script (pages whose HTML changed reload anyway)."""
        stats = preview.inputs.stats if preview.inputs is not None else {}
        changed = {path for path in stats.keys() | self.stats.keys()
                   if stats.get(path) != self.stats.get(path)}
        first_build = not self.stats
        self.stats = stats
        return not first_build and any(not path.endswith((".md", ".markdown", ".yml", ".yaml"))
                                       for path in changed)


def _print(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def error_page(problems: Problems) -> str:
    """What the preview shows while the content has errors: the list, and how to fix each."""
    items = "".join(f"<li><pre>{escape(str(problem))}</pre></li>" for problem in problems.errors)
    return ("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<title>Nội dung có lỗi</title><style>body{font-family:sans-serif;margin:2rem;"
            "max-width:60rem}pre{white-space:pre-wrap}li{margin-bottom:1rem}</style></head>"
            f"<body><h1>Nội dung có {len(problems.errors)} lỗi</h1><p>Sửa các lỗi dưới đây và lưu "
            f"tệp: trang sẽ tự tải lại.</p><ol>{items}</ol></body></html>")


def detach() -> None:
    """The builder leads a process group of its own (its workers join it): the terminal's
    Ctrl+C is the server's to handle, which then stops the whole group."""
    os.setpgid(0, 0)
