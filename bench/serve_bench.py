#!/usr/bin/env python3
"""The editor's loop: from a saved file to the change on screen, through `build.py serve`.

    python bench/serve_bench.py [--sizes 1000 10000] [--repeat 3]

For each size N it copies the benchmark corpus (bench/make_corpus.py) into bench/serve-N/
(posts hard-linked: every edit below replaces its file whole, as editors' programs save), with
the post page's template in the site's own overrides (theme.custom_dir), starts `build.py serve`
on a free port of 127.0.0.1 and opens a tab in Chromium (playwright, /usr/bin/chromium). Then:

  first page   from starting serve to the home page shown, with no .cache/ at all (cold) and
               again with the .cache/ the first run left (warm, the usual morning);
  body         a sentence added to a post's body, the tab on that post (the first edit
               EDITOR_PAUSE seconds after the warm first page);
  title        a post's title changed (its address follows the title: the tab is sent on to
               the new one), the tab on that post;
  new post     a post file added, the newest of the site, the tab on the home page;
  blocs.yml    a bloc renamed in data/blocs.yml, the tab on the bloc's page;
  template     a line added to thidua/post.html, the tab on a post.

Each edit is timed from just before the file is saved until the tab shows it (live reload
included; no reload by hand), then undone; serve is left to finish each build (the line it
prints) before the next edit. Figures are the median of --repeat edits; the load average is
printed before and after, since the machine may be shared.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from build_bench import ensure_corpus  # noqa: E402

CHROMIUM = dict(executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
TIMEOUT_MS = 300_000
# An editor's first save comes a while after the preview opens (the post is found, opened and
# edited): serve reads the site into memory meanwhile.
EDITOR_PAUSE = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def save(path: Path, text: str) -> None:
    """Replace the file whole (write beside, rename), as most editors save."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def prepare(n: int) -> Path:
    """bench/serve-N: the corpus with its posts hard-linked, data and config copied, and the
    post template in the site's own overrides."""
    ensure_corpus(n)
    corpus, site = BENCH / f"corpus-{n}", BENCH / f"serve-{n}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir()
    shutil.copytree(corpus / "content", site / "content", copy_function=os.link)
    shutil.copytree(corpus / "data", site / "data")
    config = (corpus / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  font: false\n",
                                                    "  font: false\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    (site / "overrides/thidua").mkdir(parents=True)
    shutil.copyfile(REPO / "overrides/thidua/post.html", site / "overrides/thidua/post.html")
    return site


class Serve:
    """build.py serve on the site, its printed lines collected (one per build)."""

    def __init__(self, site: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"),
             "-a", f"127.0.0.1:{self.port}"], cwd=REPO, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def builds(self) -> int:
        return sum(1 for line in self.lines if re.match(r"\d\d:\d\d:\d\d ", line))

    def wait_builds(self, count: int, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while self.builds() < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve stopped or hung:\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def first_page(browser, site: Path) -> tuple[float, Serve]:
    """Seconds from starting serve to the home page shown in a tab."""
    server = Serve(site)
    page = browser.new_page()
    while True:
        try:
            page.goto(server.base, timeout=TIMEOUT_MS)
            if page.locator(".thidua-card").count():
                break
        except Exception:  # not listening yet
            if server.process.poll() is not None:
                raise SystemExit("serve stopped:\n" + "\n".join(server.lines))
            time.sleep(0.02)
    seconds = time.perf_counter() - server.started
    page.close()
    print(f"  first page {seconds:.2f} s", flush=True)
    return seconds, server


def timed(page, server: Serve, change, undo, shows: str, shown_again: str) -> float:
    """Seconds from the save to `shows` (a JavaScript condition) holding in the tab; then the
    edit is undone and its build waited for."""
    builds = server.builds()
    start = time.perf_counter()
    change()
    try:
        page.wait_for_function(shows, timeout=TIMEOUT_MS, polling=10)
    except Exception as error:
        raise SystemExit(f"{page.url} never showed {shows}: {error}\n" + "\n".join(server.lines))
    seconds = time.perf_counter() - start
    print(f"  {seconds:.2f} s until {shows[-70:]}", flush=True)
    server.wait_builds(builds + 1)
    builds = server.builds()
    undo()
    page.wait_for_function(shown_again, timeout=TIMEOUT_MS, polling=50)
    server.wait_builds(builds + 1)
    return seconds


def text_shown(text: str) -> str:
    return f"document.body && document.body.innerText.includes({json.dumps(text)})"


def text_gone(text: str) -> str:
    return f"document.body && !document.body.innerText.includes({json.dumps(text)})"


def edits(browser, server: Serve, site: Path, repeat: int) -> dict[str, list[float]]:
    posts = sorted((site / "content/posts").glob("*.md"))
    post = posts[len(posts) // 2]
    original = post.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', original, re.M).group(1)
    page = browser.new_page()
    results: dict[str, list[float]] = {}

    def on(url: str) -> None:
        page.goto(server.base + url, timeout=TIMEOUT_MS)

    on(post_address(site, post))
    for round_ in range(repeat):
        sentence = f"Câu sửa lần {round_ + 1} để đo thời gian xem trước."
        results.setdefault("body", []).append(timed(
            page, server, lambda: save(post, original + f"\n{sentence}\n"),
            lambda: save(post, original), text_shown(sentence), text_gone(sentence)))
        new_title = f"{title} (sửa lần {round_ + 1})"
        results.setdefault("title", []).append(timed(
            page, server, lambda: save(post, original.replace(title, new_title, 1)),
            lambda: save(post, original),
            f"document.querySelector('h1') && document.querySelector('h1').innerText === "
            f"{json.dumps(new_title)}",
            f"document.querySelector('h1') && document.querySelector('h1').innerText === "
            f"{json.dumps(title)}"))
    on("")
    for round_ in range(repeat):
        new = site / "content/posts" / f"bai-moi-{round_ + 1}.md"
        new_title = f"Bài mới số {round_ + 1} viết để đo thời gian xem trước"
        # The newest post of the site, so that the home page lists it: the corpus has posts
        # dated up to the end of 2026, which the preview shows (scheduled, marked).
        now = f"2027-01-0{round_ + 1} 08:00"
        results.setdefault("new post", []).append(timed(
            page, server,
            lambda: save(new, f'---\ntitle: "{new_title}"\ndate: {now}\n---\n\nNội dung.\n'),
            lambda: new.unlink(), text_shown(new_title), text_gone(new_title)))
    blocs_file = site / "data/blocs.yml"
    blocs = blocs_file.read_text(encoding="utf-8")
    on("khoi-thi-dua/khoi-1/")
    for round_ in range(repeat):
        name = f"Khối thi đua số 1 (đổi tên lần {round_ + 1})"
        results.setdefault("data/blocs.yml", []).append(timed(
            page, server, lambda: save(blocs_file, blocs.replace("name: Khối thi đua số 1\n",
                                                                 f"name: {name}\n", 1)),
            lambda: save(blocs_file, blocs), text_shown(name), text_gone(name)))
    template = site / "overrides/thidua/post.html"
    source = template.read_text(encoding="utf-8")
    on(post_address(site, post))
    for round_ in range(repeat):
        line = f"Dòng thêm vào mẫu trang lần {round_ + 1}"
        results.setdefault("template", []).append(timed(
            page, server, lambda: save(template, source.replace(
                "<article class=\"thidua-post\">", f"<p>{line}</p><article class=\"thidua-post\">")),
            lambda: save(template, source), text_shown(line), text_gone(line)))
    page.close()
    return results


def post_address(site: Path, post: Path) -> str:
    """The address of a corpus post (no slug field: the slug comes from its title)."""
    sys.path.insert(0, str(REPO))
    from thidua.core.text import make_slug

    text = post.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    year = re.search(r"^date: (\d{4})", text, re.M).group(1)
    return f"tin-tuc/{year}/{make_slug(title)}/"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**CHROMIUM)
        for n in args.sizes:
            print(f"{n} posts, load average {load()}", flush=True)
            site = prepare(n)
            cold, server = first_page(browser, site)
            server.wait_builds(1)
            server.stop()
            warm, server = first_page(browser, site)
            try:
                server.wait_builds(1)
                time.sleep(EDITOR_PAUSE)
                results = edits(browser, server, site, args.repeat)
            finally:
                server.stop()
            row = {"first page, cold": [cold], "first page, warm": [warm], **results}
            table[n] = {name: statistics.median(values) for name, values in row.items()}
            print(json.dumps({name: [round(v, 3) for v in values] for name, values in row.items()}),
                  flush=True)
            print("\n".join(line for line in server.lines if re.match(r"\d\d:\d\d:\d\d ", line)))
            print(f"load average after: {load()}", flush=True)
            shutil.rmtree(site)
        browser.close()
    names = list(next(iter(table.values())))
    print("| edit | " + " | ".join(f"{n:,} posts" for n in table) + " |")
    print("|---|" + "---|" * len(table))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{table[n][name]:.2f} s" for n in table) + " |")


if __name__ == "__main__":
    main()
