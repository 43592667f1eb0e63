"""Pictures processed once: the picture cache in .cache/pictures/, filled on every core.

An entry is named by a picture's key, the digest of its bytes and of the recipe (this
package's code, Pillow's and its encoders' versions), and holds the variants and
picture.json. A build asks for the pictures it shows; those already in the cache cost a
look-up (a file's digest is remembered with its size and time, so an unchanged picture is not
even read); the others are processed by forked workers, each writing its entry whole. The
site's files are hard links to the entries. The cache does not depend on the rest of the
generator's code: changing a template does not process a single picture again.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..core.files import link_or_copy
from ..core.workers import parallel_map
from .picture import Note, Picture, Variant
from .video import strip_metadata

FOLDER = "pictures"
SOURCES_MEMO = "sources.json"  # content path → [size, mtime_ns, digest of the bytes]
KEEP_UNUSED_DAYS = 30  # entries no build asked for in this long are removed by prune()


@functools.cache
def recipe() -> str:
    """What the bytes of a variant depend on besides the source's (Pillow is imported here,
    when a picture is first looked up, not by every build that starts)."""
    from PIL import __version__ as PILLOW_VERSION
    from PIL import features

    hasher = hashlib.blake2b(digest_size=8)
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if module.name != "store.py":
            hasher.update(module.read_bytes())
    for codec in ("webp", "jpg", "zlib", "littlecms2"):
        hasher.update(f"{codec}={features.version(codec)};".encode())
    hasher.update(PILLOW_VERSION.encode())
    return hasher.hexdigest()


@dataclass(frozen=True)
class Source:
    path: str  # as the site knows it, relative to content/: "posts/images/hoi-nghi.jpg"
    file: Path  # where it is on disk


class PictureStore:
    def __init__(self, cache_dir: Path):
        """`cache_dir`: the site's .cache/ folder."""
        self.folder = cache_dir / FOLDER
        self.processed = 0  # pictures this store processed (the others came from the cache)
        self._memo: dict[str, list] | None = None
        self._memo_changed = False

    def pictures(self, sources: Iterable[Source]) -> dict[str, Picture]:
        """Every source's Picture, by path: from the cache, or processed on every core."""
        keyed = [(source, self._key(source)) for source in sources]
        found: dict[str, dict] = {}
        missing: dict[str, tuple[str, str, str]] = {}  # by key: the same bytes once
        for source, key in keyed:
            if key in found or key in missing:
                continue
            entry = self._read_entry(key)
            if entry is None:
                missing[key] = (str(source.file), source.path, key)
            else:
                found[key] = entry
        if missing:
            self.folder.mkdir(parents=True, exist_ok=True)
            tasks = list(missing.values())
            for key, entry in zip(missing, parallel_map(self._process, tasks, min_items=2)):
                found[key] = entry
            self.processed += len(tasks)
        self._save_memo()
        return {source.path: _picture(source.path, key, found[key]) for source, key in keyed}

    def files(self, picture: Picture) -> list[tuple[str, Path]]:
        """(name on the site, file in the cache) of each variant."""
        entry = self._entry_dir(picture.key)
        return [(name, entry / _stored_name(variant)) for name, variant in picture.file_names()]

    def publish(self, picture: Picture, folder: Path) -> list[Path]:
        """Link the variants into `folder` (the source's folder on the site)."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, stored in self.files(picture):
            target = folder / name
            if not (target.exists() and os.path.samefile(stored, target)):
                link_or_copy(stored, target)
            written.append(target)
        return written

    def video(self, source: Source) -> Path:
        """A copy of a video without where and with what it was filmed (video.py), kept in the
        cache by content: what the site publishes instead of the committed file."""
        key = self._key(source)
        stored = self.folder / "videos" / f"{key}{source.file.suffix.lower()}"
        if not stored.exists():
            stored.parent.mkdir(parents=True, exist_ok=True)
            temporary = stored.with_name(f".{stored.name}.{os.getpid()}.tmp")
            temporary.write_bytes(strip_metadata(source.file.read_bytes()))
            os.replace(temporary, stored)
        self._save_memo()
        return stored

    def prune(self, used: Iterable[str]) -> None:
        """Remove the entries of keys not in `used` that no build asked for in a month."""
        keep = set(used)
        limit = time.time() - KEEP_UNUSED_DAYS * 86400
        for entry in self.folder.glob("*/*"):
            if entry.name not in keep and entry.is_dir() and _age(entry) < limit:
                shutil.rmtree(entry, ignore_errors=True)

    # -- keys and entries

    def _key(self, source: Source) -> str:
        """The digest of the source's bytes (remembered by size and time) with the recipe."""
        stat = source.file.stat()
        memo = self._sources_memo()
        known = memo.get(source.path)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            digest = known[2]
        else:
            digest = hashlib.blake2b(source.file.read_bytes(), digest_size=16).hexdigest()
            memo[source.path] = [stat.st_size, stat.st_mtime_ns, digest]
            self._memo_changed = True
        return hashlib.blake2b(f"{digest}:{recipe()}".encode(), digest_size=16).hexdigest()

    def _entry_dir(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def _read_entry(self, key: str) -> dict | None:
        path = self._entry_dir(key) / "picture.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if _age(path.parent) < time.time() - 86400:
            os.utime(path.parent)  # in use: prune() keeps it
        return entry

    def _process(self, task: tuple[str, str, str]) -> dict:
        """In a worker: make the variants of one source and write its entry whole."""
        file, path, key = task
        from .variants import make_variants

        data = Path(file).read_bytes()
        made = make_variants(data, path)
        entry = {"kind": made.kind, "width": made.width, "height": made.height, "size": len(data),
                 "variants": [[v.width, v.height, v.mime, len(data)] for v, data in made.files],
                 "notes": [[note.error, note.message, note.fix] for note in made.notes]}
        final = self._entry_dir(key)
        temporary = final.with_name(f".{key}.{os.getpid()}.tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        for variant, data in made.files:
            (temporary / _stored_name(variant)).write_bytes(data)
        (temporary / "picture.json").write_text(json.dumps(entry, ensure_ascii=False,
                                                           sort_keys=True), encoding="utf-8")
        try:
            os.rename(temporary, final)
        except OSError:  # another build wrote it meanwhile: the same bytes
            shutil.rmtree(temporary, ignore_errors=True)
        return entry

    def _sources_memo(self) -> dict[str, list]:
        if self._memo is None:
            try:
                self._memo = json.loads((self.folder / SOURCES_MEMO).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._memo = {}
        return self._memo

    def _save_memo(self) -> None:
        if not self._memo_changed or self._memo is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{SOURCES_MEMO}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(self._memo, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.folder / SOURCES_MEMO)
        self._memo_changed = False


def _picture(path: str, key: str, entry: dict) -> Picture:
    return Picture(source=path, key=key, kind=entry["kind"], width=entry["width"],
                   height=entry["height"], size=entry["size"],
                   variants=tuple(Variant(*variant) for variant in entry["variants"]),
                   notes=tuple(Note(*note) for note in entry["notes"]))


def _stored_name(variant: Variant) -> str:
    return f"{variant.width}.{variant.extension}"


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
