"""`build.py serve`: the live preview.

Two processes. The builder (preview.py) is forked first, before any thread runs, and builds
the preview site the ways `build` does, warm. This process serves that folder on the address
asked, watches what a build reads (content/, data/, the overrides, mkdocs.yml) and asks the
builder for a build after each save; each open tab is told to reload as soon as the page it
shows is written.

Our own small server rather than MkDocs' (which rebuilds the whole site, MkDocs included, on
every save): the standard library's threaded HTTP server for the files, and one Server-Sent
Events stream per tab. Every HTML page it serves gets a few lines of script that open the
stream with the page's address and the version of the file served; when the file changes
(or the page moves, or errors appear or go), the stream says `reload` (or where to go). A tab
that reconnects after a restart compares versions again. While the content has errors, every
page is the list of errors, as in the terminal.
"""
from __future__ import annotations

import mimetypes
import multiprocessing
import os
import posixpath
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..config.settings import DEFAULT_TITLES, PRODUCT_OVERRIDES, Settings, read_settings
from .preview import Outcome, detach, preview_folder, run_builder

EVENTS = "/.thidua/events"  # the reload stream of a tab
KEEPALIVE = 15.0  # seconds between comments on an idle stream (finds closed tabs)
CHANGES = ("created", "modified", "moved", "deleted", "closed")  # not "opened": builds read
QUIET = 0.03  # a save is often several events (write, rename): wait this long for the rest
WAIT_FOR_BUILD = 120.0
STOP_WAIT = 5.0  # seconds the builder has to write its cache when serve stops  # a page asked for during a build is answered when it is written
RELOAD_SCRIPT = (
    "<script>(function(){{var s=new EventSource(\"{events}?page=\"+encodeURIComponent("
    "location.pathname)+\"&v={version}\");s.onmessage=function(m){{s.close();"
    "if(m.data===\"reload\")location.reload();else location.href=m.data.slice(5)}}}})()"
    "</script>")


def serve_site(config_file: str, dev_addr: str) -> None:
    """Serve the preview until Ctrl+C (or SIGTERM). OSError when the address is taken."""
    settings = read_settings(config_file, preview=True)
    host, port = _address(dev_addr)
    server = _Server((host, port), _Handler)  # before anything else: a taken port stops here
    server.preview = preview = _State(preview_folder(settings.root))
    ours, theirs = multiprocessing.Pipe()
    sys.stdout.flush()  # else what waits in the buffers would be written twice
    sys.stderr.flush()
    builder = os.fork()
    if builder == 0:  # the builder: no thread runs in this process, nor ever will
        server.socket.close()
        ours.close()
        detach()
        try:
            run_builder(config_file, theirs, [""])
        finally:
            os._exit(0)
    theirs.close()
    preview.builder = _BuilderLink(ours, preview)
    signal.signal(signal.SIGTERM, _stop)
    watcher = _watch(settings, preview.builder)
    try:
        threading.Thread(target=preview.builder.listen, daemon=True).start()
        server.serve_forever(poll_interval=0.25)
    finally:
        preview.builder.stopping = True
        watcher.stop()
        server.server_close()
        ours.close()  # the builder writes its cache and leaves, unless it is busy building
        _stop_builder(builder)


def _stop_builder(pid: int) -> None:
    deadline = time.monotonic() + STOP_WAIT
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGTERM)  # the builder and its workers
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


# ---- what the server knows: the preview's state and its tabs --------------------------------

@dataclass
class _Tab:
    page: str  # the address it shows, '/tin-tuc/2024/x/'
    version: str  # of what it was served
    said: str | None = None  # what it was told to do, once
    wake: threading.Event = field(default_factory=threading.Event)


class _State:
    """The preview folder, the errors shown instead of it, the builder's state, the tabs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.error_page: str | None = None
        self.errors_seen = 0  # each new list of errors is a new version of every page
        self.building = True
        self.moved: dict[str, str] = {}
        self.tabs: list[_Tab] = []
        self.lock = threading.Condition()
        self.builder: _BuilderLink | None = None

    def locate(self, path: str) -> Path | None:
        """The file of the preview that answers an address, if any."""
        relative = posixpath.normpath(unquote(path)).lstrip("/")
        if relative in (".", ""):
            relative = ""
        if relative.startswith("..") or "/." in "/" + relative:
            return None
        target = self.folder / relative
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def version(self, path: str) -> str:
        """What a tab showing `path` would be served now."""
        if self.error_page is not None:
            return f"errors-{self.errors_seen}"
        found = self.locate(path)
        if found is None:
            return "missing"
        status = found.stat()
        return f"{status.st_ino}-{status.st_mtime_ns}-{status.st_size}"

    def open_pages(self) -> list[str]:
        """The addresses the tabs show, as the builder names pages ('' for the home page)."""
        with self.lock:
            return sorted({tab.page.lstrip("/") for tab in self.tabs if tab.said is None})

    def settle(self, outcome: Outcome | None, moved: dict[str, str] | None = None) -> None:
        """After ("shown", with the posts moved) or at the end of a build: tell each tab whose
        page changed."""
        with self.lock:
            if outcome is not None:
                self.building = False
                if outcome.error_page is not None:
                    self.errors_seen += 1
                self.error_page = outcome.error_page
                self.moved.update(outcome.moved)
                self.lock.notify_all()
            for tab in self.tabs:
                if tab.said is not None:
                    continue
                if outcome is not None and outcome.everything:
                    tab.said = "reload"
                elif moved and self._moved_now(tab.page, moved):
                    tab.said = f"goto /{moved[tab.page.lstrip('/')]}"
                elif self.version(tab.page) != tab.version:
                    tab.said = self._follow(tab.page)
                if tab.said is not None:
                    tab.wake.set()

    def _moved_now(self, page: str, moved: dict[str, str]) -> bool:
        """Whether the post a tab shows has just moved (a new title), its new page written:
        the tab goes there before the rest of the build is done (its old page goes at the
        end)."""
        new = moved.get(page.lstrip("/"))
        return new is not None and self.error_page is None and self.locate("/" + new) is not None

    def _follow(self, page: str) -> str:
        """What a tab whose page changed does: reload, or go where its post moved (a new
        title makes a new address) when nothing is left at the old one."""
        moved = self.moved.get(page.lstrip("/"))
        if moved is None or self.error_page is not None or self.locate(page) is not None \
                or self.locate("/" + moved) is None:
            return "reload"
        return f"goto /{moved}"

    def wait_for_build(self) -> None:
        deadline = time.monotonic() + WAIT_FOR_BUILD
        with self.lock:
            while self.building and time.monotonic() < deadline:
                self.lock.wait(timeout=1.0)


class _BuilderLink:
    """The pipe to the builder: build requests out (one at a time, saves during a build make
    one more), its news in."""

    def __init__(self, connection, state: _State):
        self.connection = connection
        self.state = state
        self.lock = threading.Lock()
        self.busy = True  # the first build starts with the builder
        self.again = False
        self.stopping = False

    def changed(self) -> None:
        with self.lock:
            if self.busy:
                self.again = True
                return
            self.busy = True
            with self.state.lock:
                self.state.building = True
            self.connection.send(self.state.open_pages())

    def listen(self) -> None:
        while True:
            try:
                news = self.connection.recv()
            except (EOFError, OSError, TypeError):  # TypeError: serve closed it while stopping
                if not self.stopping:
                    print("Tiến trình dựng trang xem trước đã dừng; khởi động lại lệnh serve.",
                          flush=True)
                    os.kill(os.getpid(), signal.SIGTERM)
                return
            if news[0] == "shown":
                self.state.settle(None, news[1])
                continue
            self.state.settle(news[1])
            with self.lock:
                self.busy = False
                again, self.again = self.again, False
            if again:
                self.changed()


# ---- watching the files a build reads -------------------------------------------------------

def _watch(settings: Settings, builder: _BuilderLink):
    """Watch content/, data/, the overrides and mkdocs.yml (inotify through watchdog); any
    change asks for a build once the save is over. Folders that appear later (a data/ made
    after serve started) are read by each build all the same, and seen once mkdocs.yml or
    another watched file changes."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    folders = [settings.content_dir, settings.data_dir, PRODUCT_OVERRIDES, DEFAULT_TITLES.parent,
               *filter(None, [settings.custom_dir])]
    debounce = _Debounce(builder.changed)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in CHANGES and not (event.is_directory and
                                                    event.event_type == "modified"):
                debounce.poke()

    class ConfigHandler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            paths = {getattr(event, "src_path", ""), getattr(event, "dest_path", "")}
            if event.event_type in CHANGES and \
                    str(settings.config_path) in {os.fsdecode(path) for path in paths}:
                debounce.poke()

    observer = Observer()
    for folder in dict.fromkeys(folder.resolve() for folder in folders):
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.schedule(ConfigHandler(), str(settings.root), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


class _Debounce:
    """Calls `action` once events have been quiet for QUIET seconds."""

    def __init__(self, action):
        self.action = action
        self.due: float | None = None
        self.lock = threading.Condition()
        threading.Thread(target=self._run, daemon=True).start()

    def poke(self) -> None:
        with self.lock:
            self.due = time.monotonic() + QUIET
            self.lock.notify()

    def _run(self) -> None:
        while True:
            with self.lock:
                while self.due is None or time.monotonic() < self.due:
                    self.lock.wait(None if self.due is None else self.due - time.monotonic())
                self.due = None
            self.action()


# ---- HTTP -----------------------------------------------------------------------------------

class _Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: _State

    def handle_error(self, request, client_address) -> None:
        """A tab that goes away mid-answer (it reloads) is no error worth printing."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # the terminal is for the editor's messages
        pass

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        url = urlsplit(self.path)
        state = self.server.preview
        if url.path == EVENTS:
            return self._events(parse_qs(url.query))
        found = state.locate(url.path)
        if found is None and state.building:  # it may be on its way
            state.wait_for_build()
            found = state.locate(url.path)
        if state.error_page is not None and _is_page(url.path):
            return self._html(state.error_page, url.path, HTTPStatus.INTERNAL_SERVER_ERROR, body)
        if found is not None and (state.folder / url.path.lstrip("/")).is_dir() \
                and not url.path.endswith("/"):
            return self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
        if found is None:
            missing = state.folder / "404.html"
            page = missing.read_text(encoding="utf-8") if missing.is_file() else \
                "<!doctype html><title>404</title><h1>Không có trang này</h1>"
            return self._html(page, url.path, HTTPStatus.NOT_FOUND, body)
        if found.suffix == ".html":
            return self._html(found.read_text(encoding="utf-8"), url.path, HTTPStatus.OK, body)
        data = found.read_bytes()
        self._head(HTTPStatus.OK, mimetypes.guess_type(found.name)[0] or
                   "application/octet-stream", len(data))
        if body:
            self.wfile.write(data)

    def _html(self, page: str, path: str, status: HTTPStatus, body: bool) -> None:
        """An HTML page with the script that reloads it when it changes."""
        version = self.server.preview.version(path)
        script = RELOAD_SCRIPT.format(events=EVENTS, version=quote(version))
        where = page.rfind("</body>")
        page = page[:where] + script + page[where:] if where >= 0 else page + script
        data = page.encode("utf-8")
        self._head(status, "text/html; charset=utf-8", len(data))
        if body:
            self.wfile.write(data)

    def _head(self, status: HTTPStatus, kind: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self, query: dict[str, list[str]]) -> None:
        """A tab's reload stream: one message when its page changes, comments meanwhile."""
        state = self.server.preview
        tab = _Tab(query.get("page", ["/"])[0], query.get("v", [""])[0])
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with state.lock:
            state.tabs.append(tab)
        state.settle(None)  # changed between the page and its stream?
        try:
            while True:
                if tab.wake.wait(KEEPALIVE):
                    self.wfile.write(f"data: {tab.said}\n\n".encode("utf-8"))
                    self.wfile.flush()
                    tab.wake.clear()
                    tab.wake.wait(KEEPALIVE)  # the tab closes the stream as it goes
                    return
                self.wfile.write(b": ...\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed
        finally:
            with state.lock:
                state.tabs.remove(tab)
            self.close_connection = True


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
