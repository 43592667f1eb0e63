#!/usr/bin/env python3
"""Page weight and search, measured in Chromium on a built site served from 127.0.0.1.

    python bench/site_bench.py bench/corpus-10000/site [--query "khen thưởng" ...]
    python bench/site_bench.py SITE --phone [PATH ...]

Reports the HTML size of post pages (largest and mean), what a first visit to a post page
downloads besides pictures (as served, and gzip-compressed as static hosts serve it), and for
each query: the bytes the search fetched, the time from submitting it to the results shown,
and the groups of results (kind and count) it shows first.

--phone measures what a first visit transfers in all, pictures included, on a 375-px phone
screen (device pixel ratio 2, so the browser picks the pictures a real phone would), for the
home page and a post with a lead picture unless PATHs are given: the site is served the way a
static host serves it (text gzip-compressed, bench/lighthouse.py's server), the bytes counted
are those on the wire (bodies as sent, headers included), before any scrolling and after
scrolling to the end (lazy pictures). Needs Debian's chromium (/usr/bin/chromium) and the
playwright package.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

# Words of news, then one query of each other kind the index holds (names as
# bench/make_corpus.py writes them), with and without diacritics.
QUERIES = ["khen thưởng", "khen thuong", "Cờ thi đua", "chuyển đổi số", "phong trào thi đua yêu nước",
           "dua", "Sở Tài chính Bắc 1", "so tai chinh bac 1", "Khối thi đua số 7",
           "Chiến sĩ thi đua cấp tỉnh", "1234/QĐ-UBND", "1234/qd-ubnd", "Nguyễn Thu Hà",
           "nguyen thu ha", "123/2022", "298/2008/HD-KTĐ", "lấy ý kiến đợt 7 năm 2016",
           "Thi đua chuyển đổi số đợt 7"]
CHROMIUM = dict(executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    handler = functools.partial(handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append")
    parser.add_argument("--phone", nargs="*", metavar="PATH",
                        help="transfer of a first visit at 375 px, pictures included")
    args = parser.parse_args()
    if args.phone is not None:
        return phone(args.site, args.phone)
    posts = sorted(args.site.glob("tin-tuc/[0-9][0-9][0-9][0-9]/*/index.html"))
    sizes = [p.stat().st_size for p in posts]
    print(f"post pages: {len(posts):,}; HTML largest {max(sizes) / 1024:.1f} KB, "
          f"mean {statistics.mean(sizes) / 1024:.1f} KB")
    server, base = serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM)
            first_visit(browser, base, posts[len(posts) // 2].parent.relative_to(args.site))
            for query in args.query or QUERIES:
                search(browser, base, query)
            browser.close()
    finally:
        server.shutdown()


def phone(site: Path, paths: list[str]) -> None:
    from lighthouse import serve as serve_like_a_host

    if not paths:
        posts = [p for p in sorted(site.glob("tin-tuc/[0-9][0-9][0-9][0-9]/*/index.html"))
                 if "thidua-post__image" in p.read_text(encoding="utf-8")]
        paths = ["/"] + (["/" + posts[-1].parent.relative_to(site).as_posix() + "/"] if posts else [])
    server, base = serve_like_a_host(site.resolve(), 0)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM)
            for path in paths:
                for scrolled in (False, True):
                    context = browser.new_context(viewport={"width": 375, "height": 812},
                                                  device_scale_factor=2, is_mobile=True)
                    page = context.new_page()
                    finished: list = []
                    page.on("requestfinished", lambda request: finished.append(request))
                    page.goto(base + path, wait_until="networkidle")
                    if scrolled:
                        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                        page.wait_for_timeout(500)
                        page.wait_for_load_state("networkidle")
                    total = pictures = 0
                    for request in finished:
                        sizes = request.sizes()
                        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                        total += size
                        pictures += size if request.resource_type == "image" else 0
                    print(f"{path} at 375 px{' scrolled to the end' if scrolled else ''}: "
                          f"{len(finished)} requests, {total / 1024:.0f} KB transferred "
                          f"({pictures / 1024:.0f} KB of pictures)", flush=True)
                    context.close()
            browser.close()
    finally:
        server.shutdown()


def first_visit(browser, base: str, url: Path) -> None:
    page = browser.new_page()
    bodies: list[tuple[str, bytes]] = []
    page.on("requestfinished", lambda request: bodies.append(
        (request.url, request.response().body())) if request.resource_type != "image" else None)
    page.goto(base + url.as_posix() + "/", wait_until="networkidle")
    raw = sum(len(body) for _, body in bodies)
    packed = sum(len(gzip.compress(body)) for _, body in bodies)
    print(f"first visit to /{url.as_posix()}/: {len(bodies)} requests (pictures aside), "
          f"{raw / 1024:.0f} KB as served, {packed / 1024:.0f} KB gzip-compressed")
    page.close()


def search(browser, base: str, query: str) -> None:
    page = browser.new_page()
    page.goto(base + "tim-kiem/", wait_until="networkidle")
    fetched: list[int] = []
    page.on("requestfinished", lambda request: fetched.append(
        len(request.response().body())) if "/search/" in request.url else None)
    page.fill("#thidua-search-q", query)
    elapsed = page.evaluate("""() => new Promise(resolve => {
        const status = document.querySelector('.thidua-search__status');
        const start = performance.now();
        new MutationObserver((_, observer) => {
          if (/^(Tìm thấy|Không)/.test(status.textContent) &&
              document.querySelectorAll('.thidua-search__results li').length) {
            observer.disconnect(); resolve(performance.now() - start);
          }
        }).observe(document.querySelector('[data-thidua-search]'), {subtree: true, childList: true, characterData: true});
        document.querySelector('.thidua-search__form button').click();
      })""")
    page.wait_for_load_state("networkidle")
    status = page.inner_text(".thidua-search__status")
    shown = ", ".join(heading.replace("\n", " ") for heading in
                      page.locator(".thidua-search__group h2").all_inner_texts()[:3])
    print(f"search “{query}”: {elapsed:.0f} ms, {len(fetched)} files, {sum(fetched) / 1024:.0f} KB "
          f"fetched — {status} {shown}")
    page.close()


if __name__ == "__main__":
    main()
