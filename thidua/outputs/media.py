"""The files of content/ that the site publishes as they are (pictures, documents), at the
same place: content/posts/images/a.jpg → site/posts/images/a.jpg."""
from __future__ import annotations

import os
from pathlib import Path

from ..core.files import link_or_copy
from ..model.site import Site

_MARKDOWN = (".md", ".markdown")


def content_files(content_dir: Path) -> set[str]:
    """Pictures and documents of content/, relative to it. Links are left out: a file
    published must be one the editors committed."""
    media = set()
    for folder, _, names in os.walk(content_dir):
        for name in names:
            if name.endswith(_MARKDOWN) or name.startswith("."):
                continue
            source = os.path.join(folder, name)
            if not os.path.islink(source):
                media.add(Path(source).relative_to(content_dir).as_posix())
    return media


def embargoed_pictures(site: Site) -> set[str]:
    """Lead pictures of drafts and scheduled posts that no published post uses: they wait
    for their post, rather than sit at an address anyone can guess."""
    if site.settings.preview:
        return set()
    waiting = {post.image_path for post in site.left_out if post.image_path}
    waiting -= {post.image_path for post in site.posts}
    # A published post may show the same picture in its body: then it is public already.
    return {path for path in waiting
            if not any(path.rsplit("/", 1)[-1] in post.body_html for post in site.posts)}


def publish_content_files(content_dir: Path, out_dir: Path, media: set[str]) -> None:
    for relative in sorted(media):
        source, target = content_dir / relative, out_dir / relative
        if target.exists() and os.path.samefile(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
