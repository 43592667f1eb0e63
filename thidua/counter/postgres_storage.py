"""PostgreSQL storage: several counter processes, on one machine or many, share one set of counts.

Each process keeps ONE connection (psycopg 3), used by its flusher alone: requests never wait
for the database (they are answered from memory) and a flush is one transaction every flush
interval, so a pool would only hold idle connections on the province's server. A connection
that fails is dropped and made again at the next flush.

Every transaction takes the same advisory lock first, so flushes of all processes follow one
another: nothing can deadlock, a day's salt is made once, and the change sequence stamped on
every count row is committed in order. A process asks for the rows whose stamp is above the
last one it saw: what any process changed since its previous flush.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .storage import (ONLINE_SECONDS, VIEW_DEDUP_SECONDS, Batch, Refresh, Snapshot,
                      StorageError, newer_schema, purge_before)
from .visitors import new_salt

# pg_advisory_xact_lock key shared by every counter process on the database ("thidua" in ASCII).
LOCK_KEY = 0x746869647561
CONNECT_SECONDS = 5
STATEMENT_TIMEOUT = "10s"

# Step n brings a database from version n to n + 1 (counter_schema has one row per step).
MIGRATIONS = [
    """
    CREATE SEQUENCE counter_changes;
    CREATE TABLE daily_visits (site text NOT NULL, day date NOT NULL, visits bigint NOT NULL,
                               change bigint NOT NULL, PRIMARY KEY (site, day));
    CREATE INDEX daily_visits_change ON daily_visits (change);
    CREATE TABLE page_views (site text NOT NULL, id text NOT NULL, views bigint NOT NULL,
                             change bigint NOT NULL, PRIMARY KEY (site, id));
    CREATE INDEX page_views_change ON page_views (change);
    CREATE TABLE salts (day date PRIMARY KEY, salt bytea NOT NULL);
    CREATE TABLE seen_visitors (site text NOT NULL, day date NOT NULL, visitor bytea NOT NULL,
                                last_seen double precision NOT NULL,
                                PRIMARY KEY (site, day, visitor));
    CREATE INDEX seen_visitors_last_seen ON seen_visitors (last_seen);
    CREATE TABLE recent_views (site text NOT NULL, view bytea NOT NULL,
                               counted_at double precision NOT NULL, PRIMARY KEY (site, view));
    CREATE INDEX recent_views_counted_at ON recent_views (counted_at);
    -- What --migrate-from copied from each SQLite database: a second run adds only the rest.
    CREATE TABLE imported_counts (source text NOT NULL, site text NOT NULL, kind text NOT NULL,
                                  key text NOT NULL, count bigint NOT NULL,
                                  PRIMARY KEY (source, site, kind, key));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_BATCH_TABLES = """
CREATE TEMP TABLE IF NOT EXISTS batch_visitors
    (site text, day date, visitor bytea, seen_at double precision) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS batch_views
    (site text, view bytea, page text, at double precision) ON COMMIT DELETE ROWS
"""
_NEW_VISITS = """
INSERT INTO daily_visits AS d (site, day, visits, change)
SELECT b.site, b.day, count(*), nextval('counter_changes') FROM batch_visitors b
WHERE NOT EXISTS (SELECT 1 FROM seen_visitors s
                  WHERE s.site = b.site AND s.day = b.day AND s.visitor = b.visitor)
GROUP BY b.site, b.day
ON CONFLICT (site, day) DO UPDATE SET visits = d.visits + excluded.visits, change = excluded.change
"""
_SEEN = """
INSERT INTO seen_visitors AS s (site, day, visitor, last_seen)
SELECT site, day, visitor, seen_at FROM batch_visitors
ON CONFLICT (site, day, visitor) DO UPDATE SET last_seen = greatest(s.last_seen, excluded.last_seen)
"""
_NEW_VIEWS = f"""
INSERT INTO page_views AS p (site, id, views, change)
SELECT b.site, b.page, count(*), nextval('counter_changes') FROM batch_views b
WHERE NOT EXISTS (SELECT 1 FROM recent_views r WHERE r.site = b.site AND r.view = b.view
                  AND r.counted_at > b.at - {VIEW_DEDUP_SECONDS})
GROUP BY b.site, b.page
ON CONFLICT (site, id) DO UPDATE SET views = p.views + excluded.views, change = excluded.change
"""
_RECENT = f"""
INSERT INTO recent_views AS r (site, view, counted_at)
SELECT site, view, at FROM batch_views
ON CONFLICT (site, view) DO UPDATE SET counted_at = excluded.counted_at
WHERE excluded.counted_at >= r.counted_at + {VIEW_DEDUP_SECONDS}
"""


@dataclass
class Imported:
    visits: int = 0
    views: int = 0
    skipped: int = 0     # counts lower in the source than already copied (left as they are)


class PostgresStorage:
    def __init__(self, url: str):
        import psycopg  # only needed with a postgresql:// URL
        self._psycopg = psycopg
        self.url = url
        self.description = describe_url(url)
        self._conn = None
        self._last_change = 0
        self._with_connection(self._migrate)

    # ---- connection ---------------------------------------------------------------------

    def _connect(self):
        psycopg = self._psycopg
        try:
            conn = psycopg.connect(self.url, connect_timeout=CONNECT_SECONDS,
                                   application_name="thidua-counter",
                                   keepalives=1, keepalives_idle=10, keepalives_interval=5,
                                   keepalives_count=3)
        except psycopg.Error as error:
            raise StorageError(self._explain(error)) from None
        with conn.cursor() as cur:
            cur.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
            for statement in _BATCH_TABLES.split(";"):
                cur.execute(statement)
        conn.commit()
        return conn

    def _with_connection(self, work):
        """`work(cursor)` in one transaction holding the counters' advisory lock. Any failure
        rolls back, drops a broken connection and becomes a StorageError with the cause."""
        psycopg = self._psycopg
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
        conn = self._conn
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                return work(cur)
        except psycopg.Error as error:
            if conn.broken or conn.closed or isinstance(error, psycopg.OperationalError):
                conn.close()
                self._conn = None
            raise StorageError(self._explain(error)) from None

    def _migrate(self, cur) -> None:
        cur.execute("CREATE TABLE IF NOT EXISTS counter_schema (version integer PRIMARY KEY, "
                    "applied_at timestamptz NOT NULL DEFAULT now())")
        cur.execute("SELECT coalesce(max(version), 0) FROM counter_schema")
        version = cur.fetchone()[0]
        if version > SCHEMA_VERSION:
            raise newer_schema(self.description, version, SCHEMA_VERSION)
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    cur.execute(statement)
            cur.execute("INSERT INTO counter_schema (version) VALUES (%s)", (step + 1,))

    # ---- the Storage interface ----------------------------------------------------------

    def load(self, today: date, salt_days: list[date], now: float) -> Snapshot:
        def read(cur) -> Snapshot:
            self._last_change = 0
            counts = self._changes(cur)
            counts.online = self._online(cur, now)
            counts.salts = self._salts(cur, salt_days)
            cur.execute("SELECT site, visitor FROM seen_visitors WHERE day = %s", (today,))
            seen: dict[str, set] = {}
            for site, visitor in cur:
                seen.setdefault(site, set()).add(bytes(visitor))
            return Snapshot(counts, seen)
        return self._with_connection(read)

    def write(self, batches: list[Batch], salt_days: list[date], now: float,
              purge: bool, online: bool) -> Refresh:
        def apply(cur) -> Refresh:
            for batch in batches:
                self._apply(cur, batch)
            if purge:
                self._purge(cur, now)
            refresh = self._changes(cur)
            if online:
                refresh.online = self._online(cur, now)
            refresh.salts = self._salts(cur, salt_days)
            return refresh
        return self._with_connection(apply)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # ---- inside a transaction -----------------------------------------------------------

    def _apply(self, cur, batch: Batch) -> None:
        with cur.copy("COPY batch_visitors FROM STDIN") as copy:
            for (site, day), seen in batch.visitors.items():
                for visitor, seen_ms in seen.items():
                    copy.write_row((site, day, visitor, seen_ms / 1000))
        cur.execute(_NEW_VISITS)
        cur.execute(_SEEN)
        with cur.copy("COPY batch_views FROM STDIN") as copy:
            for site, views in batch.views.items():
                for view, (page, at_ms) in views.items():
                    copy.write_row((site, view, page, at_ms / 1000))
        cur.execute(_NEW_VIEWS)
        cur.execute(_RECENT)
        cur.execute("TRUNCATE batch_visitors, batch_views")  # the next batch of this flush

    def _changes(self, cur) -> Refresh:
        """The count rows any process changed since the last call."""
        refresh, last = Refresh(), self._last_change
        cur.execute("SELECT site, day, visits, change FROM daily_visits WHERE change > %s",
                    (last,))
        for site, day, visits, change in cur:
            refresh.visits[site, day] = visits
            last = max(last, change)
        cur.execute("SELECT site, id, views, change FROM page_views WHERE change > %s",
                    (self._last_change,))
        for site, page, views, change in cur:
            refresh.views[site, page] = views
            last = max(last, change)
        self._last_change = last
        return refresh

    def _salts(self, cur, days: list[date]) -> dict[date, bytes]:
        salts = {}
        for day in days:
            cur.execute("INSERT INTO salts (day, salt) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (day, new_salt()))
            cur.execute("SELECT salt FROM salts WHERE day = %s", (day,))
            salts[day] = bytes(cur.fetchone()[0])
        return salts

    def _online(self, cur, now: float) -> dict[str, Counter]:
        cur.execute("SELECT site, ceil(last_seen)::bigint, count(*) FROM seen_visitors "
                    "WHERE last_seen > %s GROUP BY 1, 2", (now - ONLINE_SECONDS,))
        online: dict[str, Counter] = {}
        for site, second, visitors in cur:
            online.setdefault(site, Counter())[second] = visitors
        return online

    def _purge(self, cur, now: float) -> None:
        cutoff = purge_before(now)
        cur.execute("DELETE FROM salts WHERE day < %s", (cutoff,))
        cur.execute("DELETE FROM seen_visitors WHERE day < %s", (cutoff,))
        cur.execute("DELETE FROM recent_views WHERE counted_at <= %s", (now - VIEW_DEDUP_SECONDS,))

    # ---- --migrate-from -----------------------------------------------------------------

    def import_dump(self, dump) -> Imported:
        """Add a SQLite database's counts (sqlite_storage.Dump) exactly once: what was copied
        from that database before (by its database_id) is subtracted, so a second run adds
        only what it counted since, and nothing when it did not change."""
        def copy(cur) -> Imported:
            done = Imported()
            cur.execute("SELECT site, kind, key, count FROM imported_counts WHERE source = %s",
                        (dump.database_id,))
            before = {(site, kind, key): count for site, kind, key, count in cur}
            for kind, counts, table, column in (
                    ("visits", dump.visits, "daily_visits", "day"),
                    ("views", dump.views, "page_views", "id")):
                for (site, key), count in sorted(counts.items()):
                    text_key = key.isoformat() if isinstance(key, date) else key
                    added = count - before.get((site, kind, text_key), 0)
                    if added < 0:
                        done.skipped += 1
                    if added <= 0:
                        continue
                    cur.execute(
                        f"INSERT INTO {table} AS t (site, {column}, {kind}, change) "
                        "VALUES (%s, %s, %s, nextval('counter_changes')) "
                        f"ON CONFLICT (site, {column}) DO UPDATE SET {kind} = t.{kind} + "
                        f"excluded.{kind}, change = excluded.change", (site, key, added))
                    cur.execute(
                        "INSERT INTO imported_counts AS i VALUES (%s, %s, %s, %s, %s) "
                        "ON CONFLICT (source, site, kind, key) DO UPDATE SET count = "
                        "excluded.count", (dump.database_id, site, kind, text_key, count))
                    setattr(done, kind, getattr(done, kind) + added)
            self._import_visitors(cur, dump)
            return done
        return self._with_connection(copy)

    def _import_visitors(self, cur, dump) -> None:
        """Today's visitor hashes and view keys carry on deduplicating only under the same
        salt: they are copied for the days whose salt the database did not have yet (or had
        from this very source)."""
        same_salt = set()
        for day, salt in dump.salts.items():
            cur.execute("INSERT INTO salts (day, salt) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (day, salt))
            cur.execute("SELECT salt FROM salts WHERE day = %s", (day,))
            if bytes(cur.fetchone()[0]) == salt:
                same_salt.add(day)
        cur.executemany(
            "INSERT INTO seen_visitors AS s VALUES (%s, %s, %s, %s) ON CONFLICT "
            "(site, day, visitor) DO UPDATE SET last_seen = greatest(s.last_seen, "
            "excluded.last_seen)", [row for row in dump.seen if row[1] in same_salt])
        if same_salt == set(dump.salts):
            cur.executemany(
                "INSERT INTO recent_views AS r VALUES (%s, %s, %s) ON CONFLICT (site, view) "
                "DO UPDATE SET counted_at = greatest(r.counted_at, excluded.counted_at)",
                dump.recent)

    def _explain(self, error: Exception) -> str:
        text = " ".join(str(error).split()) or type(error).__name__
        if isinstance(error, self._psycopg.OperationalError):
            return (f"Không kết nối được PostgreSQL {self.description} ({text}). Kiểm tra máy "
                    "chủ CSDL đang chạy, địa chỉ, cổng, tên người dùng, mật khẩu và tên CSDL "
                    "trong --db.")
        return f"Lỗi PostgreSQL {self.description}: {text}."


def describe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[-1]}"))
