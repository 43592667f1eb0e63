"""What a build reads, by name, size and time: when nothing of it changed since the last
build, that build's site is still right; when only a few post bodies did, quick.py patches."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from ..config.settings import DEFAULT_TITLES, PRODUCT_OVERRIDES, Settings
from ..core.cache import VERSION, digest, fingerprint


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
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                status = os.stat(path)
                stats[path] = (status.st_size, status.st_mtime_ns)
    context = (digest(settings.config_bytes), VERSION, settings.today or date.today(),
               os.environ.get("SOURCE_DATE_EPOCH"))
    return Inputs(fingerprint(context, sorted(stats.items())), stats, context)
