"""sitemap.xml (and .gz) listing every page, with the date of each post; reproducible."""
from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape

from .. import urls
from ..core.files import replace_file
from ..model.site import Site


def write_sitemap(out_dir: Path, site: Site, pages: list[str]) -> None:
    site_url = site.settings.site_url or ""
    lastmod = {post.url: (post.meta.updated or post.meta.date).day.isoformat()
               for post in site.posts}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(set(pages)):
        lines.append(f"  <url><loc>{escape(urls.absolute(site_url, url))}</loc>"
                     + (f"<lastmod>{lastmod[url]}</lastmod>" if url in lastmod else "")
                     + "</url>")
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    replace_file(out_dir / urls.SITEMAP, data)
    # mtime=0 keeps the archive byte-identical from one build to the next.
    replace_file(out_dir / urls.SITEMAP_GZ, gzip.compress(data, mtime=0))
