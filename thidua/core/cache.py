"""The build cache in .cache/ next to mkdocs.yml: safe to delete, shared by CI runs.

What is kept: each post as read and rendered, keyed by the digest of its file; the
fingerprint of every page written; the theme's frames. Entries are pickles under a folder
named for the generator's code, so another version of the generator never reads them.

A long-lived process (`serve`) keeps its cache in memory too (`keep`): entries are read from
disk once and written back when it has time (flush), and `memo` holds what is worked out
from them between builds (validated posts, indexes), which is never written anywhere.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

# Packages whose upgrade changes what a build writes (rendered Markdown, the theme, feeds).
OUTPUT_PACKAGES = ("mkdocs", "mkdocs-material", "cmarkgfm", "markdown", "pymdown-extensions",
                   "pygments", "jinja2", "markupsafe", "feedgen", "pydantic", "python-slugify",
                   "nh3", "pillow")


@lru_cache(maxsize=None)
def code_version() -> str:
    """A digest of the generator's own code and of the packages it writes with: what it caches
    is only good for those, and an upgrade makes the next build a full one. Worked out once
    per process, when a build first needs it."""
    hasher = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        hasher.update(path.read_bytes())
    versions = installed_versions()
    for package in OUTPUT_PACKAGES:
        hasher.update(f"{package}={versions.get(_normal(package), '')};".encode())
    return hasher.hexdigest()


def installed_versions() -> dict[str, str]:
    """Installed distributions by normalised name → version, from the names of their
    *.dist-info folders: one listing per folder of sys.path, where importlib.metadata reads
    and parses each package's metadata (a tenth of a second before the first page)."""
    import sys

    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[:-len(".dist-info")].partition("-")
                found.setdefault(_normal(project), version.partition("-")[0])
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    """A digest of the repr of `parts`: what an output was made from."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


# Entries that describe one site folder (what was written there, the theme it was written
# with): `serve` keeps its own, under a prefix, beside those of site/. The others (files as
# parsed) are shared.
SITE_ENTRIES = ("written", "quick", "theme")


class BuildCache:
    def __init__(self, root: Path | None, *, keep: bool = False, prefix: str = ""):
        self.folder = root / ".cache" / f"thidua-{code_version()}" if root else None
        self.keep = keep
        self.prefix = prefix
        self._kept: dict[str, Any] = {}
        self._unsaved: set[str] = set()
        self._memos: dict[str, tuple[Any, dict]] = {}

    @property
    def templates(self) -> Path | None:
        """Where compiled templates are kept (Jinja's bytecode, checked against each source)."""
        return self.folder / "templates" if self.folder is not None else None

    def _name(self, name: str) -> str:
        return self.prefix + name if name in SITE_ENTRIES else name

    def load(self, name: str) -> Any:
        name = self._name(name)
        if name in self._kept:
            return self._kept[name]
        value = self._read(name)
        if self.keep:
            self._kept[name] = value
        return value

    def _read(self, name: str) -> Any:
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError):
            return None  # a missing or unreadable entry is just not cached

    def save(self, name: str, value: Any, *, meanwhile: bool = False) -> None:
        """Keep `value`. With `meanwhile`, a forked process writes it while the build goes on:
        for the large caches of file contents, which a build that misses them only redoes."""
        name = self._name(name)
        if self.keep:  # written when the process has time (flush)
            self._kept[name] = value
            self._unsaved.add(name)
            return
        self._write(name, value, meanwhile)

    def flush(self, *, meanwhile: bool = True) -> None:
        """Write what `keep` holds back (in a forked process, with `meanwhile`)."""
        for name in sorted(self._unsaved):
            self._write(name, self._kept[name], meanwhile)
        self._unsaved.clear()

    def memo(self, name: str, key: Any = None) -> dict:
        """A dict this process keeps between builds (empty when it keeps nothing), emptied
        whenever `key` (what everything in it depends on) changes."""
        if not self.keep:
            return {}
        kept = self._memos.get(name)
        if kept is None or kept[0] != key:
            kept = self._memos[name] = (key, {})
        return kept[1]

    def _write(self, name: str, value: Any, meanwhile: bool) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Forking a process that runs threads (serve's server and watcher) may deadlock it.
        meanwhile = meanwhile and threading.active_count() == 1
        if meanwhile:
            _reap_writers()
            pid = os.fork()
            if pid != 0:
                _writers.append(pid)
                return
        try:
            temporary = self.folder / f".{name}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        finally:
            if meanwhile:
                os._exit(0)  # the forked writer leaves without running the build's exit code


_writers: list[int] = []  # forked writers not waited for yet


def _reap_writers() -> None:
    """A long-lived process (serve) forks a writer per save: wait for those that are done."""
    for pid in list(_writers):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _writers.remove(pid)


class NoCache(BuildCache):
    """For checks and tests that must not touch .cache/."""

    def __init__(self) -> None:
        super().__init__(None)
