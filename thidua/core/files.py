"""Files of a site that readers may be reading: written whole, linked, removed without a trace."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole: readers see the old one or the new one, never half of it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` whole, as a hard link (no bytes read) or, across file systems,
    a copy; whatever was at `target` is replaced in one step."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(source, temporary)
    except FileExistsError:
        os.unlink(temporary)
        os.link(source, temporary)
    except OSError:  # another file system
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def link_previous(previous: Path | None, relative: str, target: Path) -> bool:
    """Link `target` to the same file of the previous site; False when there is none."""
    if previous is None:
        return False
    source = previous / relative
    try:
        if target.exists():
            target.unlink()
        os.link(source, target)
    except FileNotFoundError:
        return False
    except OSError:  # another file system: copy instead
        shutil.copyfile(source, target)
    return True


def remove_file(path: Path, root: Path) -> None:
    """Remove a file of the site and the folders it leaves empty, up to `root`: a page removed
    must leave no empty folder behind, its address must answer 404."""
    path.unlink(missing_ok=True)
    remove_empty_folders(path.parent, root)


def remove_empty_folders(folder: Path, root: Path) -> None:
    """`folder` and its parents up to `root`, as long as they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except FileNotFoundError:  # gone already: its parent may still be empty
            pass
        except OSError:  # not empty: other files live there
            return
        folder = folder.parent


def standalone_files(content_dir: Path) -> list[Path]:
    """The files of content/ outside posts/ (Giới thiệu, Liên hệ and what they show), sorted;
    posts/ is not walked, which counts at 10,000 posts."""
    found = []
    for folder, dirs, names in os.walk(content_dir):
        if folder == str(content_dir):
            dirs[:] = [name for name in dirs if name != "posts"]
        found += [Path(folder) / name for name in names]
    return sorted(found)


def standalone_pages(content_dir: Path) -> list[Path]:
    """The Markdown files of content/ outside posts/, sorted."""
    return [path for path in standalone_files(content_dir)
            if path.name.endswith((".md", ".markdown"))]
