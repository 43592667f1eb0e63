#!/usr/bin/env python3
"""Screenshots of the sample site for reviewers: the home page and a post, at 1280 px (desktop)
and 375 px (phone), written to docs/screenshots/ as PNG.

The sample (mkdocs.yml, content/, data/) is built into a temporary folder with the visitor
counter switched off, served on 127.0.0.1 and photographed with playwright driving Debian's
Chromium (/usr/bin/chromium). Run from anywhere:

    python3 scripts/screenshots.py [--out docs/screenshots]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import POST, build, copy_sample, launch, served  # noqa: E402

SHOTS = [  # (file name, site path, width, height of the picture)
    ("trang-chu-1280.png", "", 1280, 2000),
    ("trang-chu-375.png", "", 375, 1600),
    ("bai-viet-1280.png", POST, 1280, 1600),
    ("bai-viet-375.png", POST, 375, 1600),
]
# The date line shows the day the picture is taken; a fixed day keeps the pictures the same
# from one run to the next.
FIXED_DAY = "Thứ Ba, ngày 22/01/2025"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"),
                        help="folder for the PNG files (default: docs/screenshots)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="thidua-shots-") as temporary:
        root = Path(temporary)
        build(copy_sample(root, None), root / "site")
        with served(root / "site") as base, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for name, path, width, height in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height},
                                            device_scale_factor=1)
                    page.goto(base + path)
                    page.wait_for_load_state("load")
                    page.evaluate("""day => {
                        document.querySelectorAll('[data-thidua-today]')
                          .forEach(node => { node.textContent = day; });
                        document.querySelectorAll('img[loading=lazy]')
                          .forEach(img => { img.loading = 'eager'; });
                      }""", FIXED_DAY)
                    page.wait_for_function("[...document.images].every(i => i.complete)")
                    page.screenshot(path=str(out / name))
                    page.close()
                    print(out / name)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
