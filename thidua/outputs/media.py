"""The files of content/ that the site publishes, at the same place: documents and other files
as they are (content/tai-lieu/a.pdf → site/tai-lieu/a.pdf); pictures never as they are (they
carry EXIF and GPS), but their variants from the picture cache, beside where the picture is
(content/posts/images/a.jpg → site/posts/images/a-800.<key>.webp …)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..core.files import link_or_copy
from ..markdown.media import VIDEO_SUFFIXES, is_picture
from ..model.site import Site
from ..pictures.picture import Picture
from ..pictures.store import Source

_MARKDOWN = (".md", ".markdown")


def published_files(site: Site, page_pictures: dict[str, Picture]) -> dict[str, Path]:
    """Every file of content/ the site publishes, by its path on the site → where its bytes
    are: the files of content/ that are not pictures, and the variants of the pictures that
    published posts and standalone pages (`page_pictures`) show."""
    content_dir = site.settings.content_dir
    files = {path: content_dir / path for path in content_files(content_dir)
             if not is_picture(path)}
    for path in [path for path in files if path.lower().endswith(VIDEO_SUFFIXES)]:
        if site.picture_store is not None:  # a phone's video says where it was filmed
            files[path] = site.picture_store.video(Source(path, files[path]))
    shown = set(page_pictures)
    for post in site.posts:
        shown.update(path for path in post.pictures_shown)
    pictures = {**site.pictures, **page_pictures}
    for path in sorted(shown):
        picture = pictures.get(path)
        if picture is not None and picture.ok and site.picture_store is not None:
            folder = path.rpartition("/")[0]
            for name, stored in site.picture_store.files(picture):
                files[f"{folder}/{name}" if folder else name] = stored
    return files


def content_files(content_dir: Path) -> set[str]:
    """Files of content/ but its Markdown, relative to it. Links are left out: a file
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


def publish_content_files(files: dict[str, Path], out_dir: Path) -> None:
    for relative, source in sorted(files.items()):
        target = out_dir / relative
        if target.is_file() and os.path.samefile(source, target):
            continue
        _clear_way(target, out_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)


def _clear_way(target: Path, out_dir: Path) -> None:
    """What the last build left where a file now goes (into the live site): a folder of old
    files at its place (content/x/ became the file content/x), or an old file where one of
    its folders goes. Neither is part of this build (builder/site.refuse_hidden_outputs)."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    folder = target.parent
    while folder != out_dir and out_dir in folder.parents:
        if folder.is_file() or folder.is_symlink():
            folder.unlink()
        folder = folder.parent
