"""What the theme engine (MkDocs + Material) contributes to a build, kept between builds.

The engine is needed for three things: the frame around generated pages (header, navigation,
footer), the standalone pages of content/, and the theme's own files (CSS, JavaScript, icons).
All three depend only on the config, the theme overrides and the standalone pages, so they are
kept in the cache under a fingerprint of those inputs: a build whose fingerprint matches
reuses them and does not load MkDocs at all.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..config.settings import PRODUCT_OVERRIDES, Settings
from ..core.files import Unreadable, read_source
from ..pictures.picture import Picture
from ..render.frames import Frame

# Code that shapes the frames (the cache's folder changes with any code as well).
CODE_FILES = ("engine/mkdocs.py", "render/frames.py", "engine/theme.py", "urls.py",
              "markdown/media.py", "pictures/html.py", "plan/sharing.py", "plan/icons.py",
              "outputs/icons.py")


@dataclass
class Theme:
    fingerprint: str
    frames: dict[tuple[int, str], Frame]  # frame of generated pages, by (depth, section)
    pages: dict[str, Frame] = field(default_factory=dict)  # engine pages: path → HTML (marks)
    files: list[str] = field(default_factory=list)  # the theme's own files, relative paths
    page_urls: list[str] = field(default_factory=list)  # engine pages, for the sitemap
    pictures: dict[str, Picture] = field(default_factory=dict)  # what standalone pages show


def theme_fingerprint(settings: Settings, post_links: list[tuple[str, str]]) -> str:
    """Everything the engine's output depends on. `post_links` are the posts that standalone
    pages link to, with their URLs: a post moving changes those pages."""
    digest = hashlib.blake2b(digest_size=16)

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else repr(part).encode())
            digest.update(b"\x00")

    add(settings.config_bytes)
    for package in ("mkdocs", "mkdocs-material", "jinja2"):
        try:
            add(package, version(package))
        except PackageNotFoundError:
            add(package)
    code = Path(__file__).resolve().parents[1]
    for name in CODE_FILES:
        add(name, (code / name).read_bytes())
    for folder in filter(None, (settings.custom_dir, PRODUCT_OVERRIDES)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            add(path.relative_to(folder).as_posix(), path.read_bytes())
    content = settings.content_dir
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content).as_posix()
        if not relative.startswith("posts/") and not path.is_symlink():  # (not published)
            add(relative, _page_bytes(path, content))
    # The pictures and attachments they show: a picture's variants are named by its content,
    # an attachment is labelled with its size.
    for path in sorted(p for p in content.rglob("*") if p.is_file() and p.suffix != ".md"):
        relative = path.relative_to(content).as_posix()
        if not relative.startswith("posts/"):  # (posts' pictures change posts' pages only)
            add(relative, path.stat().st_size)
    add(sorted(post_links))
    return digest.hexdigest()


def _page_bytes(path: Path, content: Path) -> bytes:
    """A standalone page as the load stage read it (a page it could not read stopped the build
    there; one that changed since is whatever it is now)."""
    try:
        return read_source(path, content)
    except Unreadable as error:
        return error.message.encode()
