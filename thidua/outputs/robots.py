"""robots.txt (SPEC §6): every crawler may read everything, and is told where the sitemap is.
An editor's own content/robots.txt is published as it is instead (outputs/media.py)."""
from __future__ import annotations

from pathlib import Path

from .. import urls
from ..core.files import replace_file


def robots_txt(site_url: str) -> bytes:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site_url, urls.SITEMAP)}\n"
            .encode("utf-8"))


def write_robots(out_dir: Path, site_url: str, taken: set[str]) -> None:
    if urls.ROBOTS in taken:
        return
    target, data = out_dir / urls.ROBOTS, robots_txt(site_url)
    if not target.is_file() or target.read_bytes() != data:
        replace_file(target, data)
