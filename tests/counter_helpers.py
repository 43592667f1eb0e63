"""Helpers for the counter tests: a real `build.py counter` process, and plain HTTP to it."""
from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import BUILD_PY

SITE_ORIGIN = "https://thidua.example.vn"        # the origin of site_url below
EXTRA_ORIGIN = "https://cong.example.vn"         # extra.counter.allowed_origins
PAGES = ["/", "/tin-tuc/", "/tin-tuc/2024/tong-ket/", "/tin-tuc/2024/ky-ket/",
         "/khoi-thi-dua/", "/gioi-thieu/"]
ARTICLE = "/tin-tuc/2024/tong-ket/"
BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0 Safari/537.36")

MKDOCS_YML = f"""\
site_name: Cổng thử nghiệm
site_url: {SITE_ORIGIN}/
docs_dir: content
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  counter:
    endpoint: http://127.0.0.1:8001
    allowed_origins:
      - {EXTRA_ORIGIN}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser(n: int | str) -> str:
    """A distinct, browser-like user agent: one more visitor for every n."""
    return f"{BROWSER} visitor/{n}"


def write_manifest(path: Path, ids: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "ids": ids}), encoding="utf-8")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> Reply:
    """One request on a fresh connection; http.client adds no User-Agent of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                     response.read())
    finally:
        connection.close()


@dataclass
class CounterProcess:
    """`python build.py counter` for a site folder, on a free port."""

    root: Path
    extra: list[str] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    database: str | None = None        # --db (a postgresql:// URL); None: counter.sqlite3
    # Most tests play many visitors from 127.0.0.1: the per-address bound of new visitors is
    # lifted for them; the tests of that bound set it.
    new_visitors_per_minute: int = 100_000

    @property
    def db(self) -> Path:
        return self.root / "counter.sqlite3"

    @property
    def manifest(self) -> Path:
        return self.root / "site" / "counter-manifest.json"

    def command(self) -> list[str]:
        database = ["--db", self.database] if self.database else []
        return [sys.executable, str(BUILD_PY), "counter", "-f", str(self.root / "mkdocs.yml"),
                "--port", str(self.port), *database,
                "--new-visitors-per-minute", str(self.new_visitors_per_minute), *self.extra]

    def start(self) -> "CounterProcess":
        return self.launch().wait_ready()

    def launch(self) -> "CounterProcess":
        """Start the process without waiting (two processes starting at the same moment)."""
        self.process = subprocess.Popen(self.command(), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        return self

    def wait_ready(self) -> "CounterProcess":
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out, err = self.process.communicate()
                raise AssertionError(f"counter exited {self.process.returncode}: {out}{err}")
            try:
                request(self.port, "GET", "/v1/stats")  # 404 without a site at the root
                return self
            except OSError:
                time.sleep(0.05)
        self.process.kill()  # never left running behind a failed test
        self.process.communicate()
        raise AssertionError("counter did not start in 15 s")

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        """Send `sig`, wait for the exit; (status, stderr)."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        _, err = self.process.communicate(timeout=20)
        return self.process.returncode, err

    def restart(self) -> "CounterProcess":
        self.stop()
        return self.start()

    # ---- the API -------------------------------------------------------------------------

    def hit(self, page_id: str = ARTICLE, user_agent: str | None = BROWSER, *,
            origin: str | None = SITE_ORIGIN, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> Reply:
        sent = {"Content-Type": "text/plain;charset=UTF-8"}
        if user_agent is not None:
            sent["User-Agent"] = user_agent
        if origin is not None:
            sent["Origin"] = origin
        sent.update(headers or {})
        if body is None:
            body = json.dumps({"id": page_id}).encode()
        return request(self.port, "POST", "/v1/hit", body, sent)

    def stats(self) -> dict:
        reply = request(self.port, "GET", "/v1/stats")
        assert reply.status == 200, reply
        return reply.json()

    def counts(self) -> dict:
        """The numbers of /v1/stats (without as_of) and the views of every page."""
        stats = {k: v for k, v in self.stats().items() if k not in ("as_of", "tz")}
        return {**stats, "views": self.views(PAGES)}

    def views(self, ids: list[str]) -> dict[str, int]:
        reply = request(self.port, "GET", "/v1/views?ids=" + ",".join(ids))
        assert reply.status == 200, reply
        return reply.json()["views"]


def eventually(check, timeout: float = 5.0):
    """Poll `check` until it returns something true (a flush or two away); that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {timeout} s")
        time.sleep(0.1)


def make_site(root: Path, pages: list[str] = PAGES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    write_manifest(root / "site" / "counter-manifest.json", pages)
    return root
