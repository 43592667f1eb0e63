"""SQLite storage, the embedded default: one file, one process.

WAL mode with synchronous=NORMAL: a committed flush survives the process being killed (a
kill -9 loses only what was not flushed yet); a power cut may lose the last commits, never
corrupt the file. The file is locked (flock) for the life of the process: the reload window,
the rate limits and "online" would not be shared by a second process, so a second service on
the same file is refused; PostgreSQL is the way to run several.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .storage import (ONLINE_SECONDS, VIEW_DEDUP_SECONDS, Batch, Refresh,
                      Snapshot, StorageError, newer_schema, purge_before)
from .visitors import HASH_BYTES, new_salt

# Step n brings a database from version n to n + 1. Version 1 is the schema of the
# single-site counter (versioned by PRAGMA user_version, before counter_schema existed).
MIGRATIONS = [
    """
    CREATE TABLE daily_visits (day TEXT PRIMARY KEY, visits INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE page_views (id TEXT PRIMARY KEY, views INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE seen_visitors (day TEXT NOT NULL, visitor BLOB NOT NULL,
                                PRIMARY KEY (day, visitor)) WITHOUT ROWID;
    CREATE TABLE salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL) WITHOUT ROWID;
    """,
    # 2: counts per site; the reload window and "online" kept in the database like the
    # visitors, so that a restart neither counts a reload again nor forgets who is online.
    """
    ALTER TABLE daily_visits RENAME TO daily_visits_1;
    CREATE TABLE daily_visits (site TEXT NOT NULL, day TEXT NOT NULL, visits INTEGER NOT NULL,
                               PRIMARY KEY (site, day)) WITHOUT ROWID;
    INSERT INTO daily_visits SELECT '', day, visits FROM daily_visits_1;
    DROP TABLE daily_visits_1;
    ALTER TABLE page_views RENAME TO page_views_1;
    CREATE TABLE page_views (site TEXT NOT NULL, id TEXT NOT NULL, views INTEGER NOT NULL,
                             PRIMARY KEY (site, id)) WITHOUT ROWID;
    INSERT INTO page_views SELECT '', id, views FROM page_views_1;
    DROP TABLE page_views_1;
    ALTER TABLE seen_visitors RENAME TO seen_visitors_1;
    CREATE TABLE seen_visitors (site TEXT NOT NULL, day TEXT NOT NULL, visitor BLOB NOT NULL,
                                last_seen REAL NOT NULL,
                                PRIMARY KEY (site, day, visitor)) WITHOUT ROWID;
    INSERT INTO seen_visitors SELECT '', day, visitor, 0 FROM seen_visitors_1;
    DROP TABLE seen_visitors_1;
    CREATE INDEX seen_visitors_last_seen ON seen_visitors (last_seen);
    CREATE TABLE recent_views (site TEXT NOT NULL, view BLOB NOT NULL, counted_at REAL NOT NULL,
                               PRIMARY KEY (site, view)) WITHOUT ROWID;
    CREATE INDEX recent_views_counted_at ON recent_views (counted_at);
    -- database_id tells `--migrate-from` which database it copied before.
    CREATE TABLE counter_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_BATCH_TABLES = """
CREATE TEMP TABLE IF NOT EXISTS batch_visitors (site TEXT, day TEXT, visitor BLOB, seen_at REAL);
CREATE TEMP TABLE IF NOT EXISTS batch_views (site TEXT, view BLOB, page TEXT, at REAL,
                                             fresh INTEGER);
"""
# A batch goes in a few parameters per site, whatever its size: its keys (all HASH_BYTES
# long) end to end, cut again by row number, and its values as one JSON array. Both are made
# in C (b"".join, json.dumps over the batch's dicts) and read by one statement: Python's lock
# is held for a few bulk calls, not once per row, so requests are not held up by the flush.
_FILL_VISITORS = f"""
INSERT INTO temp.batch_visitors (site, day, visitor, seen_at)
SELECT ?3, ?4, substr(?2, key * {HASH_BYTES} + 1, {HASH_BYTES}), value / 1000.0
FROM json_each(?1)
"""
# A view is fresh (counts) unless the same view key was counted in the 30 minutes before it.
_FILL_VIEWS = f"""
INSERT INTO temp.batch_views (site, view, page, at, fresh)
SELECT b.*, NOT EXISTS (SELECT 1 FROM recent_views r WHERE r.site = b.site AND r.view = b.view
                        AND r.counted_at > b.at - {VIEW_DEDUP_SECONDS})
FROM (SELECT ?3 AS site, substr(?2, key * {HASH_BYTES} + 1, {HASH_BYTES}) AS view,
             value ->> 0 AS page, value ->> 1 / 1000.0 AS at FROM json_each(?1)) b
"""
_NEW_VISITS = """
INSERT INTO daily_visits (site, day, visits)
SELECT b.site, b.day, count(*) FROM temp.batch_visitors b
WHERE NOT EXISTS (SELECT 1 FROM seen_visitors s
                  WHERE s.site = b.site AND s.day = b.day AND s.visitor = b.visitor)
GROUP BY b.site, b.day
ON CONFLICT (site, day) DO UPDATE SET visits = visits + excluded.visits
RETURNING site, day, visits
"""
_SEEN = """
INSERT INTO seen_visitors (site, day, visitor, last_seen)
SELECT site, day, visitor, seen_at FROM temp.batch_visitors WHERE true
ON CONFLICT (site, day, visitor) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)
"""
_NEW_VIEWS = """
INSERT INTO page_views (site, id, views)
SELECT site, page, count(*) FROM temp.batch_views WHERE fresh GROUP BY site, page
ON CONFLICT (site, id) DO UPDATE SET views = views + excluded.views
"""
# The stored views of the pages the batch added to, as one JSON array in one row. RETURNING
# would hand back a row per page, and each row fetched takes Python's lock again: with the
# event loop busy, each fetch waits for the lock, and each hand-over makes the loop wait for
# this thread to be scheduled.
_BATCH_PAGES = """
SELECT json_group_array(json_array(p.site, p.id, p.views))
FROM (SELECT DISTINCT site, page FROM temp.batch_views WHERE fresh) b
JOIN page_views p ON p.site = b.site AND p.id = b.page
"""
_RECENT = f"""
INSERT INTO recent_views (site, view, counted_at)
SELECT site, view, at FROM temp.batch_views WHERE fresh
ON CONFLICT (site, view) DO UPDATE SET counted_at = excluded.counted_at
WHERE excluded.counted_at >= counted_at + {VIEW_DEDUP_SECONDS}
"""

# Visitors seen per site and second of the last 5 minutes, in one row (as _BATCH_PAGES).
_ONLINE = """
SELECT json_group_array(json_array(site, second, visitors)) FROM (
    SELECT site, CAST(last_seen AS INTEGER) + (last_seen > CAST(last_seen AS INTEGER)) AS second,
           count(*) AS visitors
    FROM seen_visitors WHERE last_seen > ? GROUP BY 1, 2)
"""


@dataclass
class Dump:
    """Everything a SQLite database holds, for `--migrate-from`."""

    database_id: str
    visits: dict = field(default_factory=dict)          # (site, day) -> visits
    views: dict = field(default_factory=dict)           # (site, page) -> views
    salts: dict = field(default_factory=dict)           # day -> salt
    seen: list = field(default_factory=list)            # (site, day, visitor, last_seen)
    recent: list = field(default_factory=list)          # (site, view, counted_at)


class SQLiteStorage:
    def __init__(self, path: Path):
        self.path = path
        self.description = str(path)
        self._lock_file = _lock(path)
        self._mutex = threading.Lock()
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            self._lock_file.close()
            raise self._error(error) from None
        try:
            self._prepare()
        except (sqlite3.Error, StorageError) as error:
            self.close()
            raise self._error(error) from None

    def _prepare(self) -> None:
        db = self._db
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=5000")  # wait for a `.backup` rather than fail
        db.execute("PRAGMA temp_store=MEMORY")
        db.execute("PRAGMA cache_size=-65536")  # 64 MB: the visitor and view keys stay in memory
        db.executescript(_BATCH_TABLES)
        self._migrate()

    def _migrate(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")  # also proves at start that the file can be written
        try:
            version = self._version()
            if version > SCHEMA_VERSION:
                raise newer_schema(self.description, version, SCHEMA_VERSION)
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    db.execute(statement)
                db.execute("INSERT INTO counter_schema (version) VALUES (?)", (step + 1,))
            db.execute("INSERT OR IGNORE INTO counter_meta VALUES ('database_id', ?)",
                       (uuid.uuid4().hex,))
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise

    def _version(self) -> int:
        db = self._db
        tables = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "counter_schema" in tables:
            return db.execute("SELECT max(version) FROM counter_schema").fetchone()[0] or 0
        db.execute("CREATE TABLE counter_schema (version INTEGER PRIMARY KEY, "
                   "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        if "daily_visits" not in tables:
            return 0
        # Made before the version table: PRAGMA user_version said 1.
        db.execute("INSERT INTO counter_schema (version) VALUES (1)")
        return 1

    # ---- the Storage interface ----------------------------------------------------------

    def load(self, today: date, salt_days: list[date], now: float) -> Snapshot:
        def read(db: sqlite3.Connection) -> Snapshot:
            counts = Refresh(
                visits={(site, date.fromisoformat(day)): n for site, day, n in
                        db.execute("SELECT site, day, visits FROM daily_visits")},
                views={(site, page): n for site, page, n in
                       db.execute("SELECT site, id, views FROM page_views")},
                online=self._online(now), salts=self._salts(salt_days))
            seen: dict[str, set] = {}
            for site, visitor in db.execute("SELECT site, visitor FROM seen_visitors "
                                            "WHERE day = ?", (today.isoformat(),)):
                seen.setdefault(site, set()).add(visitor)
            return Snapshot(counts, seen)
        return self._transaction(read)

    def write(self, batches: list[Batch], salt_days: list[date], now: float,
              purge: bool, online: bool) -> Refresh:
        def apply(db: sqlite3.Connection) -> Refresh:
            refresh = Refresh()
            for batch in batches:
                self._apply(batch, refresh)
            refresh.salts = self._salts(salt_days)
            if purge:
                self._purge(now)
            if online:
                refresh.online = self._online(now)
            return refresh
        return self._transaction(apply)

    def close(self) -> None:
        with self._mutex:
            if getattr(self, "_db", None) is not None:
                self._db.close()
                self._db = None
        self._lock_file.close()  # after SQLite: closing it earlier would drop SQLite's locks

    # ---- for --migrate-from -------------------------------------------------------------

    def dump(self) -> Dump:
        def read(db: sqlite3.Connection) -> Dump:
            return Dump(
                database_id=db.execute("SELECT value FROM counter_meta "
                                       "WHERE key = 'database_id'").fetchone()[0],
                visits={(site, date.fromisoformat(day)): n for site, day, n in
                        db.execute("SELECT site, day, visits FROM daily_visits")},
                views={(site, page): n for site, page, n in
                       db.execute("SELECT site, id, views FROM page_views")},
                salts={date.fromisoformat(day): salt for day, salt in
                       db.execute("SELECT day, salt FROM salts")},
                seen=[(site, date.fromisoformat(day), visitor, last_seen)
                      for site, day, visitor, last_seen in
                      db.execute("SELECT site, day, visitor, last_seen FROM seen_visitors")],
                recent=db.execute("SELECT site, view, counted_at FROM recent_views").fetchall())
        return self._transaction(read)

    # ---- inside a transaction -----------------------------------------------------------

    def _transaction(self, work):
        """`work(db)` in one write transaction; any failure rolls it back and becomes a
        StorageError naming the real cause."""
        with self._mutex:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                    db.execute("COMMIT")
                    return result
                except BaseException:
                    _rollback(db)
                    raise
            except (sqlite3.Error, OSError) as error:
                raise self._error(error) from None

    def _apply(self, batch: Batch, refresh: Refresh) -> None:
        db = self._db
        db.execute("DELETE FROM temp.batch_visitors")
        for (site, day), seen in batch.visitors.items():
            db.execute(_FILL_VISITORS, (json.dumps(list(seen.values())), b"".join(seen),
                                        site, day.isoformat()))
        for site, day, visits in db.execute(_NEW_VISITS).fetchall():
            refresh.visits[site, date.fromisoformat(day)] = visits
        db.execute(_SEEN)
        db.execute("DELETE FROM temp.batch_views")
        for site, views in batch.views.items():
            db.execute(_FILL_VIEWS, (json.dumps(list(views.values())), b"".join(views), site))
        db.execute(_NEW_VIEWS)
        for site, page, views in _json_rows(db, _BATCH_PAGES):
            refresh.views[site, page] = views
        db.execute(_RECENT)

    def _salts(self, days: list[date]) -> dict[date, bytes]:
        db, salts = self._db, {}
        for day in days:
            db.execute("INSERT OR IGNORE INTO salts (day, salt) VALUES (?, ?)",
                       (day.isoformat(), new_salt()))
            salts[day] = db.execute("SELECT salt FROM salts WHERE day = ?",
                                    (day.isoformat(),)).fetchone()[0]
        return salts

    def _online(self, now: float) -> dict[str, Counter]:
        online: dict[str, Counter] = {}
        for site, second, visitors in _json_rows(self._db, _ONLINE, (now - ONLINE_SECONDS,)):
            online.setdefault(site, Counter())[second] = visitors
        return online

    def _purge(self, now: float) -> None:
        cutoff = purge_before(now).isoformat()
        self._db.execute("DELETE FROM salts WHERE day < ?", (cutoff,))
        self._db.execute("DELETE FROM seen_visitors WHERE day < ?", (cutoff,))
        self._db.execute("DELETE FROM recent_views WHERE counted_at <= ?",
                         (now - VIEW_DEDUP_SECONDS,))

    def _error(self, error: Exception) -> StorageError:
        return StorageError(explain_sqlite(self.path, error))


def _json_rows(db: sqlite3.Connection, select: str, parameters=()) -> list:
    """The rows of a SELECT of one json_group_array: one step, one list."""
    return json.loads(db.execute(select, parameters).fetchone()[0])


def explain_sqlite(path: Path, error: Exception) -> str:
    """The operator's message for a SQLite or file error: what happened and what to do."""
    if isinstance(error, StorageError):
        return str(error)
    text = str(error) if not isinstance(error, OSError) else (error.strerror or str(error))
    lowered = text.lower()
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return (f"CSDL {path} bị hỏng ({text}). Dừng dịch vụ, khôi phục bản sao lưu gần nhất "
                "(docs/counter.md, mục Backups) hoặc đổi tên tệp hỏng để bắt đầu một CSDL mới.")
    if any(word in lowered for word in ("readonly", "read-only", "permission", "not permitted")):
        return (f"Không ghi được vào CSDL {path} ({text}). Cho người dùng chạy dịch vụ quyền "
                "ghi vào tệp này và thư mục chứa nó (SQLite tạo thêm tệp -wal và -shm bên cạnh).")
    if "full" in lowered or "too large" in lowered:
        return (f"Không ghi được vào CSDL {path}: đĩa đầy hoặc vượt giới hạn kích thước tệp "
                f"({text}). Giải phóng chỗ trống trên đĩa.")
    if "unable to open" in lowered or "no such file" in lowered or "directory" in lowered:
        return (f"Không mở được CSDL {path} ({text}). Kiểm tra đường dẫn --db và quyền của "
                "thư mục chứa nó.")
    if "locked" in lowered or "busy" in lowered:
        return (f"CSDL {path} đang bị một chương trình khác khoá ({text}). Chờ việc sao lưu "
                "hoặc chương trình đó xong rồi thử lại.")
    return f"Lỗi CSDL {path}: {text}."


def _lock(path: Path):
    """An exclusive flock on the database file for the life of the process. flock (not the
    POSIX locks SQLite uses) and a descriptor kept open until after SQLite closes."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "ab")
    except OSError as error:
        raise StorageError(explain_sqlite(path, error)) from None
    try:
        import fcntl
    except ImportError:  # not on Linux/BSD/macOS: run without the guard
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StorageError(f"CSDL {path} đang được một dịch vụ đếm khác sử dụng. Chỉ chạy một "
                           "dịch vụ cho mỗi tệp SQLite (nhiều tiến trình: dùng PostgreSQL, "
                           "--db postgresql://…).") from None
    return handle


def _rollback(db: sqlite3.Connection) -> None:
    """Roll back if a transaction is open, never hiding the error that got us here."""
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _statements(script: str) -> list[str]:
    """A migration's statements (none has a ';' inside), to run within our own transaction:
    executescript would commit it first."""
    return [statement for statement in script.split(";") if statement.strip()]
