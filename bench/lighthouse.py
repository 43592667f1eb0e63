#!/usr/bin/env python3
"""Lighthouse mobile performance of pages of a built site, served from 127.0.0.1.

    python bench/lighthouse.py SITE [PATH ...] [--runs 3] [--desktop] [--port 0]

SITE is a built site folder (python build.py build -d SITE); each PATH a page of it ('/' and
a post of the latest year by default). The site is served on 127.0.0.1 the way a static host serves it
(text gzip-compressed); Lighthouse 12 (npm, installed into bench/lighthouse/ on first use)
drives Debian's Chromium (/usr/bin/chromium, CHROME_PATH) with its default mobile settings:
a Moto G Power screen (412 × 823, DPR 1.75), simulated slow 4G and a 4× slower CPU. Nothing
leaves the machine. Lighthouse's scores vary from run to run: each page is run --runs times
and the median score is printed with its metrics; the JSON reports are kept in
bench/out/lighthouse/.

Needs node ≥ 18 and npm (apt-get install nodejs npm) and chromium (apt-get install chromium).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TOOL = BENCH / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
REPORTS = BENCH / "out" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
METRICS = [("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"),
           ("total-blocking-time", "TBT"), ("cumulative-layout-shift", "CLS"),
           ("speed-index", "SI"), ("total-byte-weight", "bytes")]


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, text gzip-compressed when the browser asks."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


def serve(folder: Path, port: int) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(StaticHost, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("npm is missing: apt-get install -y nodejs npm")
    subprocess.run(["npm", "ci", "--prefix", str(TOOL), "--no-audit", "--no-fund", "--silent"],
                   check=True)


def a_recent_post(site: Path) -> str:
    posts = sorted(site.glob("tin-tuc/[0-9][0-9][0-9][0-9]/*/index.html"))
    if not posts:
        raise SystemExit(f"{site}: no post pages (tin-tuc/YYYY/slug/index.html)")
    return "/" + posts[-1].parent.relative_to(site).as_posix() + "/"


def lighthouse(url: str, report: Path, desktop: bool) -> dict:
    command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
               f"--output-path={report}", "--quiet",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
               "--disable-background-networking --disable-component-update --no-first-run"]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
                   timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def summary(result: dict) -> str:
    audits = result["audits"]
    parts = [f"score {round(result['categories']['performance']['score'] * 100)}"]
    for key, label in METRICS:
        value = audits[key].get("numericValue", 0)
        if label == "bytes":
            parts.append(f"{value / 1024:.0f} KB transferred")
        elif label == "CLS":
            parts.append(f"CLS {value:.3f}")
        else:
            parts.append(f"{label} {value / 1000:.2f} s" if label != "TBT" else f"TBT {value:.0f} ms")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*", help="pages to measure (default: / and a post of the latest year)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    install()
    paths = args.paths or ["/", a_recent_post(args.site)]
    REPORTS.mkdir(parents=True, exist_ok=True)
    server, base = serve(args.site.resolve(), args.port)
    try:
        for path in paths:
            results = []
            for run in range(args.runs):
                name = (path.strip("/").replace("/", "_") or "home") + f"-{run + 1}.json"
                results.append(lighthouse(base + path, REPORTS / name, args.desktop))
            scores = [result["categories"]["performance"]["score"] for result in results]
            median = results[scores.index(statistics.median_low(scores))]
            print(f"{path} ({'desktop' if args.desktop else 'mobile'}, median of {args.runs}: "
                  f"{', '.join(str(round(s * 100)) for s in scores)}): {summary(median)}",
                  flush=True)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
