"""What the last build read and wrote, kept in the cache for the next one.

Inputs: every file a build reads, by name, size and time; when nothing of it changed since the
last build, that build's site is still right (and nothing else need be loaded), when only a few
post bodies did, quick.py patches them. Written: the fingerprint of every page, feed and search
segment written, so that what has not changed is kept.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from ..config.settings import DEFAULT_TITLES, PRODUCT_OVERRIDES, Settings
from ..core.cache import VERSION, digest, fingerprint


_FILE_NAMES = (".md", ".markdown", ".yml", ".yaml")


@dataclass
class Inputs:
    """The files a build reads, by name, size and time, and what else its output depends on."""

    digest: str
    stats: dict[str, tuple[int, int]]
    context: tuple


def read_inputs(settings: Settings) -> Inputs:
    """The name, size and time of every file a build reads, and the day."""
    folders = [settings.content_dir, settings.data_dir, PRODUCT_OVERRIDES,
               DEFAULT_TITLES.parent, *filter(None, [settings.custom_dir])]
    stats = {}
    for folder in folders:
        for root, subfolders, names in os.walk(folder):
            for name in subfolders:  # those the load reports: named like a file, or linked
                path = os.path.join(root, name)
                if name.endswith(_FILE_NAMES) or os.path.islink(path):
                    status = os.lstat(path)
                    stats[path] = (status.st_size, status.st_mtime_ns)
            for name in names:
                path = os.path.join(root, name)
                try:
                    status = os.stat(path)
                except OSError:  # a link to nothing: the link itself (the load names it)
                    status = os.lstat(path)
                stats[path] = (status.st_size, status.st_mtime_ns)
    context = (digest(settings.config_bytes), VERSION, settings.today or date.today(),
               os.environ.get("SOURCE_DATE_EPOCH"))
    return Inputs(fingerprint(context, sorted(stats.items())), stats, context)


@dataclass
class Written:
    """What a build wrote, kept in the cache for the next one."""

    marker: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url → fingerprint
    feeds: dict[str, str] = field(default_factory=dict)  # path → fingerprint
    search: dict[str, str] = field(default_factory=dict)  # segment → fingerprint
    media: set[str] = field(default_factory=set)  # files of content/ in the site
    files: dict[str, str] = field(default_factory=dict)  # documents' files and index → print
    inputs: str = ""  # digest of the files the build read (Inputs.digest)

    def forget(self, patched) -> None:
        """Outputs a quick rebuild patched (quick.py) no longer match their fingerprints: the
        next build writes them again rather than keep them."""
        for post in patched:  # keys stay: a post deleted later is still removed (site.py)
            self.pages[post.url] = ""
            self.search[post.segment] = ""
            for feed in post.feeds:
                self.feeds[feed] = ""
