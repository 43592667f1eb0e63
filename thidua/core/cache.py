"""The build cache in .cache/ next to mkdocs.yml: safe to delete, shared by CI runs.

What is kept: each post as read and rendered, keyed by the digest of its file; the
fingerprint of every page written; the theme's frames. Entries are pickles under a folder
named for the generator's code, so another version of the generator never reads them.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

# Packages whose upgrade changes what a build writes (rendered Markdown, the theme, feeds).
OUTPUT_PACKAGES = ("mkdocs", "mkdocs-material", "cmarkgfm", "markdown", "pymdown-extensions",
                   "pygments", "jinja2", "markupsafe", "feedgen", "pydantic", "python-slugify",
                   "nh3", "pillow")


def _code_version() -> str:
    """A digest of the generator's own code and of the packages it writes with: what it caches
    is only good for those, and an upgrade makes the next build a full one."""
    hasher = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        hasher.update(path.read_bytes())
    for package in OUTPUT_PACKAGES:
        try:
            hasher.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{package}=;".encode())
    return hasher.hexdigest()


VERSION = _code_version()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    """A digest of the repr of `parts`: what an output was made from."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


class BuildCache:
    def __init__(self, root: Path | None):
        self.folder = root / ".cache" / f"thidua-{VERSION}" if root else None

    def load(self, name: str) -> Any:
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
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Forking a process that runs threads (serve's server and watcher) may deadlock it.
        meanwhile = meanwhile and threading.active_count() == 1
        if meanwhile and os.fork() != 0:
            return
        try:
            temporary = self.folder / f".{name}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        finally:
            if meanwhile:
                os._exit(0)  # the forked writer leaves without running the build's exit code


class NoCache(BuildCache):
    """For checks and tests that must not touch .cache/."""

    def __init__(self) -> None:
        super().__init__(None)
