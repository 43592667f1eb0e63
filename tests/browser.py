"""Real-browser helpers: a built site served on 127.0.0.1, and Debian's Chromium via playwright.

Playwright's own browser download does not work here; the tests drive /usr/bin/chromium, which
scripts/test installs with apt-get.
"""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path):
    """The folder over HTTP on 127.0.0.1; yields its base URL, ending with a slash."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/test, which installs it")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# ---- the sample site in a browser (tests/test_browser_*.py, scripts/screenshots.py) ----------

import json
import re
import shutil
import subprocess
import sys

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def copy_sample(root: Path, counter_endpoint: str | None = None) -> Path:
    """The repository's sample site (mkdocs.yml, content/, data/) copied into `root`, with the
    visitor counter pointed at `counter_endpoint`, or switched off when it is None. Returns
    the copied mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    (root / "overrides").unlink(missing_ok=True)
    (root / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if counter_endpoint:
        text = re.sub(r"(?m)^(\s+endpoint:).*$", lambda m: f"{m.group(1)} {counter_endpoint}", text)
    else:  # the whole counter: block of extra: goes
        text = re.sub(r"(?m)^  counter:\n(?:    .*\n)+", "", text)
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(config: Path, out: Path) -> None:
    process = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "-f", str(config),
                              "-d", str(out)], capture_output=True, text=True, timeout=300)
    if process.returncode != 0:
        raise RuntimeError(f"build failed ({process.returncode}):\n{process.stdout}{process.stderr}")


def axe(page, **options) -> list[dict]:
    """axe-core's violations on the page as it is now: every rule axe runs by default (WCAG 2.0,
    2.1 A and AA and its best practices)."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run scripts/test, which installs axe-core")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("options => axe.run(document, options)", options or {})
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """axe's violations, readable in a failed assertion."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


# The sample site's pages the browser tests visit: one of every kind.
POST = "tin-tuc/2024/so-tai-chinh-vinh-du-don-nhan-co-thi-dua-cua-chinh-phu/"
PAGES = {  # page type → a page of the sample
    "home": "",
    "post": POST,
    "bloc": "khoi-thi-dua/khoi-tham-muu-tong-hop/",
    "blocs": "khoi-thi-dua/",
    "unit": "don-vi/so-tai-chinh/",
    "units": "don-vi/",
    "ended unit": "don-vi/so-ke-hoach-dau-tu/",
    "ended bloc": "khoi-thi-dua/cum-thi-dua-cac-huyen-phia-nam/",
    "awards": "khen-thuong/",
    "awards of a year": "khen-thuong/2025/",
    "news list": "tin-tuc/",
    "year archive": "tin-tuc/2025/",
    "category": "chuyen-muc/tin-khen-thuong/",
    "404": "404.html",
    "standalone page": "gioi-thieu/",
    "search": "tim-kiem/",
    "documents library": "van-ban/",
    "documents of a type": "van-ban/loai/luat/",
    "document": "van-ban/98-2023-nd-cp/",
    "consultations": "lay-y-kien/",
    "consultation": "lay-y-kien/khen-thuong-cap-nha-nuoc-cuoi-nam-2026/",
    "campaigns": "phong-trao/",
    "campaign": "phong-trao/van-hoa-cong-so/",
    "English page": "en/",
    "tags": "the/",
    "tag": "the/giao-uoc-thi-dua-2026/",
}


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"{self.page.url}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))

    def open(self, url: str, counter: bool = True):
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        if counter and self.page.query_selector("[data-counter-stats]"):  # counter answered
            self.page.wait_for_selector("[data-counter-stats]:not([hidden])", timeout=5000)
        return self.page

    def close(self):
        self.context.close()
