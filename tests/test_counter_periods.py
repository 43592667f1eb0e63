"""Calendar periods, the online window and the reload window, with an injected clock.

The app runs in this process under a real uvicorn on a free loopback port (in a thread), so
the clock can be moved across days, weeks, months and years without waiting.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import uvicorn

from counter_helpers import ARTICLE, PAGES, SITE_ORIGIN, browser, free_port, request, write_manifest
from postgres_helpers import counter_database, postgres_server, postgres_url  # noqa: F401
from thidua.counter.app import Site, create_app
from thidua.counter.manifest import Manifest
from thidua.counter.backends import open_storage

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    def __init__(self, moment: datetime):
        self.now = moment

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args) -> None:
        self.now = datetime(*args, tzinfo=VN)

    def forward(self, **delta) -> None:
        self.now += timedelta(**delta)


class InProcessCounter:
    def __init__(self, folder, clock: Clock, db: str | None = None):
        self.folder, self.clock = folder, clock
        write_manifest(folder / "manifest.json", PAGES)
        self.db = db or str(folder / "counter.sqlite3")

    def start(self) -> "InProcessCounter":
        self.storage = open_storage(self.db)
        site = Site("", Manifest(self.folder / "manifest.json"), frozenset([SITE_ORIGIN]))
        self.app = create_app(self.storage, [site], clock=self.clock)
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    lifespan="on", log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive()
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True  # the same graceful path as SIGTERM: lifespan flushes
        self.thread.join(timeout=15)
        self.storage.close()

    def hit(self, page: str, visitor) -> int:
        self._settle()
        return request(self.port, "POST", "/v1/hit", f'{{"id": "{page}"}}'.encode(),
                       {"User-Agent": browser(visitor), "Origin": SITE_ORIGIN}).status

    def _settle(self) -> None:
        """After the test clock jumped days ahead, wait for the flush that brings the new
        day's salt (a real clock gets it a day ahead, so midnight never waits)."""
        day = self.clock().astimezone(VN).date()
        deadline = time.monotonic() + 5
        while day not in self.app.state.tracker.salts:
            assert time.monotonic() < deadline, "no salt for the day"
            time.sleep(0.05)

    def stats(self) -> dict:
        stats = request(self.port, "GET", "/v1/stats").json()
        return {k: stats[k] for k in ("online", "today", "week", "month", "year", "total")}

    def views(self, page: str) -> int:
        return request(self.port, "GET", f"/v1/views?ids={page}").json()["views"][page]

    def rows(self, sql: str) -> list[tuple]:
        """A query on the database, with days as ISO text for both kinds."""
        if self.db.startswith("postgresql://"):
            import psycopg
            with psycopg.connect(self.db) as conn:
                found = conn.execute(sql).fetchall()
        else:
            with sqlite3.connect(self.db) as conn:
                found = conn.execute(sql).fetchall()
        return [tuple(str(v) if isinstance(v, date) else v for v in row) for row in found]


@pytest.fixture
def clock():
    return Clock(datetime(2024, 12, 29, 10, 0, tzinfo=VN))  # a Sunday


@pytest.fixture
def counter(tmp_path, clock, counter_database):
    service = InProcessCounter(tmp_path, clock, counter_database).start()
    yield service
    service.stop()


def periods(today, week, month, year, total):
    return {"today": today, "week": week, "month": month, "year": year, "total": total}


def test_day_week_month_and_year_roll_over_in_vietnam_time(counter, clock):
    counter.hit(ARTICLE, "a")
    counter.hit(ARTICLE, "b")
    assert counter.stats() == {"online": 2, **periods(2, 2, 2, 2, 2)}
    as_of = request(counter.port, "GET", "/v1/stats").json()["as_of"]
    assert as_of == "2024-12-29T10:00:00+07:00"

    clock.set(2024, 12, 30, 9, 0)        # Monday: a new day and a new week, same month
    counter.hit(ARTICLE, "a")
    assert counter.stats() == {"online": 1, **periods(1, 1, 3, 3, 3)}

    clock.set(2024, 12, 31, 23, 59, 59)  # still 2024 in Hà Nội (16:59:59 UTC)
    counter.hit(ARTICLE, "c")
    assert counter.stats()["year"] == 4

    clock.now = datetime(2024, 12, 31, 17, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 on 1 Jan in VN
    counter.hit(ARTICLE, "c")            # a new day, a new salt: a new visit
    assert counter.stats() == {"online": counter.stats()["online"], **periods(1, 3, 1, 1, 5)}

    clock.set(2025, 2, 3, 8, 0)          # another month and week
    counter.hit(ARTICLE, "a")
    assert counter.stats() == {"online": 1, **periods(1, 1, 1, 2, 6)}
    assert counter.views(ARTICLE) == 6   # one view per visitor and day, none lost


def test_week_starts_on_monday_across_a_month_boundary(counter, clock):
    clock.set(2024, 9, 30, 8, 0)         # Monday 30 September
    counter.hit(ARTICLE, "a")
    clock.set(2024, 10, 2, 8, 0)         # Wednesday 2 October
    counter.hit(ARTICLE, "a")
    assert counter.stats() == {"online": 1, **periods(1, 2, 1, 2, 2)}
    clock.set(2024, 10, 7, 8, 0)         # next Monday
    assert counter.stats() == {"online": 0, **periods(0, 0, 1, 2, 2)}


def test_online_counts_distinct_visitors_of_the_last_five_minutes(counter, clock):
    counter.hit(ARTICLE, "a")
    counter.hit("/", "a")
    clock.forward(minutes=4)
    counter.hit(ARTICLE, "b")
    assert counter.stats()["online"] == 2
    clock.forward(minutes=1, seconds=1)  # a's last hit is 5 min 1 s old
    assert counter.stats()["online"] == 1
    clock.forward(minutes=5)
    assert counter.stats()["online"] == 0
    assert counter.stats()["today"] == 2


def test_a_reload_counts_once_per_thirty_minutes(counter, clock):
    assert counter.hit(ARTICLE, "a") == 204
    clock.forward(minutes=10)
    counter.hit(ARTICLE, "a")
    clock.forward(minutes=19, seconds=59)
    counter.hit(ARTICLE, "a")
    assert counter.views(ARTICLE) == 1
    clock.forward(seconds=2)             # 30 min since the counted view
    counter.hit(ARTICLE, "a")
    assert counter.views(ARTICLE) == 2
    assert counter.stats()["today"] == 1


def test_salts_and_visitor_hashes_live_two_days_and_survive_a_restart(tmp_path, clock,
                                                                      counter_database):
    service = InProcessCounter(tmp_path, clock, counter_database).start()
    service.hit(ARTICLE, "a")
    service.stop()
    service.start()                      # same day: the same visitor is not counted again
    service.hit("/", "a")
    assert service.stats()["today"] == 1
    for day in (30, 31):
        clock.set(2024, 12, day, 9, 0)
        service.hit(ARTICLE, "a")
    service.stop()
    # Yesterday's, today's and tomorrow's salt (made a day ahead); 29 December's is gone.
    assert service.rows("SELECT day FROM salts ORDER BY day") == [
        ("2024-12-30",), ("2024-12-31",), ("2025-01-01",)]
    assert service.rows("SELECT DISTINCT day FROM seen_visitors ORDER BY day") == [
        ("2024-12-30",), ("2024-12-31",)]
    assert dict(service.rows("SELECT day, visits FROM daily_visits")) == {
        "2024-12-29": 1, "2024-12-30": 1, "2024-12-31": 1}
    service.start()
    assert service.stats() == {"online": 1, **periods(1, 2, 3, 3, 3)}  # "a", a moment ago
    service.stop()
