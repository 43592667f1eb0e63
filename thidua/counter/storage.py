"""Where the counts survive: one interface, two implementations (SPEC §9, §16).

    SQLite      sqlite_storage.py    embedded default, one process (the file is locked)
    PostgreSQL  postgres_storage.py  several processes and machines share one set of counts

The tracker (tracker.py) answers from memory and hands the flusher (flusher.py) a Batch every
flush interval: the visitors seen and the page views it counted, keyed by site. The storage
decides, in ONE transaction, what really is new, so that several processes agree:

- a visitor counts once a day per site: seen_visitors is keyed by (site, day, visitor hash),
  and only the rows a batch inserts add to daily_visits;
- a page view counts once per 30 minutes per visitor: recent_views holds (site, view key) with
  the moment it was counted, and a view counts only when that moment is 30 minutes old;
- "online" is the number of seen_visitors rows of a site seen in the last 5 minutes;
- the salt of a day is inserted once (INSERT … ON CONFLICT DO NOTHING) and read back.

Writing the same batch twice changes nothing the second time (every step is keyed), so a
flush whose outcome is unknown (the connection dropped during COMMIT) can simply be retried.
The write answers with the stored values that changed (a Refresh), which the tracker shows.

Both implementations version their schema the same way: a table counter_schema holds one row
per applied step of their MIGRATIONS list; the service applies what is missing when it opens
the database, and refuses a database made by a newer version.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from ..core.dates import TZ

ONLINE_SECONDS = 5 * 60        # "Đang truy cập": distinct visitors of the last 5 minutes
VIEW_DEDUP_SECONDS = 30 * 60   # one visitor reloading a page counts once per 30 minutes
PURGE_EVERY_SECONDS = 60       # how often old salts, visitor hashes and view keys are deleted
ONLINE_EVERY_SECONDS = 2       # how often "online" over all processes is counted again


class StorageError(Exception):
    """The database cannot be used; the message says why and what to do, in Vietnamese."""


@dataclass
class Batch:
    """What one process counted during one flush interval, not yet written.

    `visitors` and `views` are what the storage judges; `visits` and `page_views` are the
    tentative counts the tracker already shows for them, taken back once the storage's own
    figures arrive (a Refresh). The keys are grouped by site (and day), and moments are whole
    milliseconds, so that a storage turns a group into parameters in bulk (b"".join, one
    json.dumps of integers, not of floats: a third of the time), not row by row."""

    visitors: dict = field(default_factory=dict)   # (site, day) -> {visitor: last seen (ms)}
    views: dict = field(default_factory=dict)      # site -> {view key: (page id, at (ms))}
    visits: Counter = field(default_factory=Counter)    # (site, day) -> tentative new visits
    page_views: Counter = field(default_factory=Counter)  # (site, page) -> tentative views
    hits: int = 0                                       # accepted hits it holds

    def __bool__(self) -> bool:
        return bool(self.visitors or self.views)


@dataclass
class Refresh:
    """Stored values after a write: the rows that changed since the previous Refresh (for
    PostgreSQL, whichever process changed them), the online counts, the salts asked for."""

    visits: dict = field(default_factory=dict)          # (site, day) -> visits
    views: dict = field(default_factory=dict)           # (site, page) -> views
    # site -> {second: visitors last seen in it}, over the last 5 minutes: the tracker ages
    # it second by second until the next count (None: not counted this time).
    online: dict | None = None
    salts: dict = field(default_factory=dict)           # day -> salt


@dataclass
class Snapshot:
    """What the tracker starts from: every stored count, and today's visitors per site."""

    counts: Refresh
    seen: dict = field(default_factory=dict)            # site -> set of today's visitor hashes


class Storage(Protocol):
    description: str  # for messages: a path, or a URL without its password

    def load(self, today: date, salt_days: list[date], now: float) -> Snapshot:
        """Everything stored, with the salts of `salt_days` (made here when missing)."""

    def write(self, batches: list[Batch], salt_days: list[date], now: float,
              purge: bool, online: bool) -> Refresh:
        """Apply the batches in one transaction, oldest first; all of them or none. `purge`
        also deletes salts and visitor hashes older than yesterday and expired view keys;
        `online` counts who is online again."""

    def close(self) -> None: ...


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def purge_before(now: float) -> date:
    """Salts and visitor hashes live two days, today's and yesterday's: older ones go."""
    return datetime.fromtimestamp(now, TZ).date() - timedelta(days=1)


def newer_schema(description: str, found: int, known: int) -> StorageError:
    return StorageError(
        f"CSDL {description} có lược đồ phiên bản {found}, mới hơn phiên bản {known} mà chương "
        "trình này biết: nó đã được một phiên bản mới hơn của dịch vụ dùng. Hãy chạy phiên bản "
        "đó, hoặc khôi phục bản sao lưu từ trước khi nâng cấp.")
