"""site/counter-manifest.json: the pages the visitor counter counts (SPEC §9). The file's
name and format are the counter's contract (counter/manifest.py); the build only fills it."""
from __future__ import annotations

from pathlib import Path

from ..core.files import replace_file
from ..counter.manifest import MANIFEST_NAME, manifest_bytes


def write_counter_manifest(out_dir: Path, pages: list[str]) -> None:
    """Every page's id is its URL path ('/tin-tuc/2024/slug/'); 404.html is not a page."""
    replace_file(out_dir / MANIFEST_NAME,
                 manifest_bytes(["/" + url for url in pages if not url.endswith(".html")]))
