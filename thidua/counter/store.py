"""SQLite storage of the counter, and the flusher that batches writes into it.

The counts a reader sees live in memory (tracker.py); SQLite is where they survive restarts.
Every FLUSH_INTERVAL the flusher swaps the tracker's pending changes for an empty batch and
writes them in ONE transaction, off the event loop. WAL mode with synchronous=NORMAL: a
committed transaction survives the process being killed (kill -9 loses only what was not
flushed yet); only a power cut may lose the last commits, never corrupt the file.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

log = logging.getLogger("thidua.counter")

# Half the promised second: a kill -9 loses at most ~0.5 s of hits plus one write.
FLUSH_INTERVAL = 0.5

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS daily_visits (        -- visits (a visitor once a day) per day
    day TEXT PRIMARY KEY, visits INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS page_views (          -- views per page id, all time
    id TEXT PRIMARY KEY, views INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen_visitors (       -- salted hashes already counted on a day
    day TEXT NOT NULL, visitor BLOB NOT NULL, PRIMARY KEY (day, visitor)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS salts (               -- one random salt per calendar day
    day TEXT PRIMARY KEY, salt BLOB NOT NULL) WITHOUT ROWID;
"""


@dataclass
class Batch:
    """Changes counted in memory and not yet written."""

    visits: Counter = field(default_factory=Counter)       # date -> new visits
    views: Counter = field(default_factory=Counter)        # page id -> new views
    seen: list = field(default_factory=list)               # (date, visitor hash)
    salts: dict = field(default_factory=dict)              # date -> salt
    purge_before: date | None = None                       # delete salts/hashes older

    def __bool__(self) -> bool:
        return bool(self.visits or self.views or self.seen or self.salts or self.purge_before)

    def merge(self, older: "Batch") -> None:
        """Put back a batch that could not be written, ahead of what came after it."""
        self.visits.update(older.visits)
        self.views.update(older.views)
        self.seen[:0] = older.seen
        self.salts = {**older.salts, **self.salts}
        if self.purge_before is None:
            self.purge_before = older.purge_before


@dataclass
class Snapshot:
    """What the tracker needs at start: the stored counts, today's salt and visitors."""

    daily: dict[date, int]
    views: dict[str, int]
    salts: dict[date, bytes]
    seen: dict[date, set[bytes]]


class Store:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used by one thread at a time (the flusher's lock); autocommit mode
        # so that transactions are exactly the BEGIN/COMMIT below.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")  # wait for a `.backup` rather than fail
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def load(self, today: date) -> Snapshot:
        """Everything counted so far, and the salt and hashes of today and yesterday."""
        db = self._db
        yesterday = today.toordinal() - 1
        daily = {date.fromisoformat(d): n for d, n in db.execute(
            "SELECT day, visits FROM daily_visits")}
        views = dict(db.execute("SELECT id, views FROM page_views"))
        salts = {date.fromisoformat(d): s for d, s in db.execute("SELECT day, salt FROM salts")}
        salts = {d: s for d, s in salts.items() if d.toordinal() >= yesterday}
        seen: dict[date, set[bytes]] = {}
        for d, visitor in db.execute("SELECT day, visitor FROM seen_visitors WHERE day = ?",
                                     (today.isoformat(),)):
            seen.setdefault(date.fromisoformat(d), set()).add(visitor)
        return Snapshot(daily, views, salts, seen)

    def write(self, batch: Batch) -> None:
        """Apply a batch in one transaction: all of it or nothing."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO daily_visits (day, visits) VALUES (?, ?) ON CONFLICT (day) "
                    "DO UPDATE SET visits = visits + excluded.visits",
                    [(d.isoformat(), n) for d, n in batch.visits.items()])
                db.executemany(
                    "INSERT INTO page_views (id, views) VALUES (?, ?) ON CONFLICT (id) "
                    "DO UPDATE SET views = views + excluded.views", batch.views.items())
                db.executemany("INSERT OR IGNORE INTO salts (day, salt) VALUES (?, ?)",
                               [(d.isoformat(), s) for d, s in batch.salts.items()])
                db.executemany("INSERT OR IGNORE INTO seen_visitors (day, visitor) VALUES (?, ?)",
                               [(d.isoformat(), v) for d, v in batch.seen])
                if batch.purge_before is not None:
                    cutoff = batch.purge_before.isoformat()
                    db.execute("DELETE FROM salts WHERE day < ?", (cutoff,))
                    db.execute("DELETE FROM seen_visitors WHERE day < ?", (cutoff,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()


class Flusher:
    """Writes the tracker's pending batch every FLUSH_INTERVAL, and a last time on stop."""

    def __init__(self, tracker, store: Store, interval: float = FLUSH_INTERVAL):
        self.tracker = tracker
        self.store = store
        self.interval = interval

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set; the iteration that sees it flushes whatever is left."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.interval)
            except asyncio.TimeoutError:
                pass
            # Taken on the event loop, the only thread that touches the tracker.
            batch = self.tracker.take_batch()
            if batch and not await asyncio.to_thread(self._write, batch):
                self.tracker.put_back(batch)

    def flush_now(self) -> bool:
        """Synchronous final flush, for when the event loop is gone."""
        batch = self.tracker.take_batch()
        if batch and not self._write(batch):
            self.tracker.put_back(batch)
            return False
        return True

    def _write(self, batch: Batch) -> bool:
        try:
            self.store.write(batch)
            return True
        except sqlite3.Error as error:  # disk full, locked too long: keep it and retry
            log.error("Không ghi được vào CSDL đếm lượt truy cập (sẽ thử lại): %s", error)
            return False
