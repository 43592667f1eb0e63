"""The storage interface, on both implementations: what a batch counts, and what it does not."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from postgres_helpers import counter_database, postgres_server, postgres_url  # noqa: F401
from thidua.counter.sqlite_storage import MIGRATIONS, SQLiteStorage
from thidua.counter.backends import open_storage
from thidua.counter.storage import Batch, StorageError
from thidua.core.dates import TZ

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=TZ)
TODAY = NOW.date()
T = NOW.timestamp()


def batch(visitors=(), views=()) -> Batch:
    """visitors: (site, visitor, at); views: (site, key, page, at), moments in seconds."""
    made = Batch()
    for site, visitor, at in visitors:
        made.visitors.setdefault((site, TODAY), {})[visitor] = round(at * 1000)
    for site, key, page, at in views:
        made.views.setdefault(site, {})[key] = (page, round(at * 1000))
    made.hits = max(len(visitors), len(views))
    return made


@pytest.fixture
def storage(counter_database):
    opened = open_storage(counter_database)
    opened.load(TODAY, [TODAY], T)
    yield opened
    opened.close()


def write(storage, *batches, at: float = T):
    return storage.write(list(batches), [], at, False, True)


def test_a_batch_written_twice_counts_once(storage):
    one = batch([("", b"v" * 16, T), ("", b"w" * 16, T)], [("", b"k" * 16, "/a/", T)])
    first = write(storage, one)
    assert first.visits == {("", TODAY): 2} and first.views == {("", "/a/"): 1}
    again = write(storage, one)          # the outcome of the first was unknown: retried
    assert not again.visits and not again.views
    assert sum(again.online[""].values()) == 2


def test_views_count_once_per_thirty_minutes_whatever_the_order(storage):
    key = b"k" * 16
    write(storage, batch(views=[("", key, "/a/", T)]))
    assert not write(storage, batch(views=[("", key, "/a/", T + 1799)])).views
    assert not write(storage, batch(views=[("", key, "/a/", T - 5)])).views   # late, other process
    assert write(storage, batch(views=[("", key, "/a/", T + 1800)])).views == {("", "/a/"): 2}


def test_sites_are_counted_apart(storage):
    refresh = write(storage, batch([("a", b"v" * 16, T), ("b", b"v" * 16, T)],
                                   [("a", b"k" * 16, "/", T), ("b", b"k" * 16, "/", T)]))
    assert refresh.visits == {("a", TODAY): 1, ("b", TODAY): 1}
    assert refresh.views == {("a", "/"): 1, ("b", "/"): 1}


def test_online_is_the_visitors_of_the_last_five_minutes(storage):
    write(storage, batch([("", b"old" * 5 + b"x", T - 301), ("", b"new" * 5 + b"x", T - 10)]))
    online = write(storage, batch()).online[""]
    assert sum(online.values()) == 1


def test_a_day_salt_is_made_once_and_old_ones_go(counter_database):
    first, second = open_storage(counter_database), None
    try:
        salts = first.load(TODAY, [TODAY, TODAY + timedelta(days=1)], T).counts.salts
        if not counter_database.startswith("postgresql://"):
            first.close()  # SQLite: one process at a time
            first = None
        second = open_storage(counter_database)
        assert second.load(TODAY, [TODAY, TODAY + timedelta(days=1)], T).counts.salts == salts
        later = T + 3 * 86400
        assert set(second.write([], [], later, True, False).salts) == set()
        assert second.load(TODAY + timedelta(days=3), [], later).counts.salts == {}
    finally:
        for opened in (first, second):
            if opened is not None:
                opened.close()


def test_a_database_of_the_single_site_counter_is_upgraded_keeping_its_counts(tmp_path):
    path = tmp_path / "counter.sqlite3"
    with sqlite3.connect(path) as db:                      # as the first version left it
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version=1")
        db.execute("INSERT INTO daily_visits VALUES (?, 41)", (TODAY.isoformat(),))
        db.execute("INSERT INTO page_views VALUES ('/a/', 97)")
        db.execute("INSERT INTO seen_visitors VALUES (?, ?)", (TODAY.isoformat(), b"v" * 16))
    storage = SQLiteStorage(path)
    try:
        snapshot = storage.load(TODAY, [TODAY], T)
        assert snapshot.counts.visits == {("", TODAY): 41}
        assert snapshot.counts.views == {("", "/a/"): 97}
        assert snapshot.seen == {"": {b"v" * 16}}
        assert not write(storage, batch([("", b"v" * 16, T)])).visits   # still known today
    finally:
        storage.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM counter_schema ORDER BY version").fetchall() == [
            (1,), (2,)]


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "counter.sqlite3"
    SQLiteStorage(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO counter_schema (version) VALUES (9)")
    with pytest.raises(StorageError, match="phiên bản 9, mới hơn"):
        SQLiteStorage(path)
