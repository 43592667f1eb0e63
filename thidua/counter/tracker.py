"""The counts, in memory: visits per day and period, views per page, who is online.

Everything here runs on the event loop thread, so no locks. Reads never touch SQLite: the
totals are loaded once at start and kept up to date here; store.Flusher persists the changes.
The clock is injected (a function returning an aware datetime) so tests can cross a
day, week, month or year boundary without waiting; it is expected not to go backwards.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import date, datetime, timedelta
from typing import Callable

from ..core.dates import TZ, TZ_NAME
from .store import Batch, Snapshot
from .visitors import RateLimiter, new_salt, visitor_hash

Clock = Callable[[], datetime]

ONLINE_SECONDS = 5 * 60        # "Đang truy cập": distinct visitors of the last 5 minutes
VIEW_DEDUP_SECONDS = 30 * 60   # one visitor reloading a page counts once per 30 minutes
# Safety valve for the in-memory windows under a flood: beyond this, the oldest entries go
# (a flood then counts a few more views, memory stays bounded).
MAX_WINDOW_ENTRIES = 1_000_000


def vietnam_now() -> datetime:
    return datetime.now(TZ)


class Totals:
    """Visits per day, with month, year and all-time sums kept alongside for O(1) reads."""

    def __init__(self, daily: dict[date, int]):
        self.daily: Counter = Counter(daily)
        self.monthly: Counter = Counter()
        self.yearly: Counter = Counter()
        for day, visits in daily.items():
            self.monthly[day.year, day.month] += visits
            self.yearly[day.year] += visits
        self.total = sum(daily.values())

    def add(self, day: date, visits: int = 1) -> None:
        self.daily[day] += visits
        self.monthly[day.year, day.month] += visits
        self.yearly[day.year] += visits
        self.total += visits

    def periods(self, today: date) -> dict[str, int]:
        monday = today - timedelta(days=today.weekday())
        week = sum(self.daily[monday + timedelta(days=i)] for i in range(today.weekday() + 1))
        return {"today": self.daily[today], "week": week,
                "month": self.monthly[today.year, today.month],
                "year": self.yearly[today.year], "total": self.total}


class TimeWindow:
    """Keys last marked within `seconds`, oldest first, so expiry pops from the front."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._marks: OrderedDict = OrderedDict()

    def expire(self, now: float) -> None:
        marks, horizon = self._marks, now - self.seconds
        while marks and (len(marks) > MAX_WINDOW_ENTRIES or next(iter(marks.values())) <= horizon):
            marks.popitem(last=False)

    def mark(self, key, now: float) -> None:
        self._marks[key] = now
        self._marks.move_to_end(key)

    def __contains__(self, key) -> bool:
        return key in self._marks

    def __len__(self) -> int:
        return len(self._marks)


class Tracker:
    def __init__(self, snapshot: Snapshot, clock: Clock = vietnam_now,
                 limiter: RateLimiter | None = None):
        self.clock = clock
        self.totals = Totals(snapshot.daily)
        self.views: Counter = Counter(snapshot.views)
        self._salts = dict(snapshot.salts)
        self._stored_seen = snapshot.seen        # only used when a day starts
        self._day: date | None = None
        self._salt = b""
        self._seen_today: set[bytes] = set()
        self._pending = Batch()
        self.online = TimeWindow(ONLINE_SECONDS)
        self.recent_views = TimeWindow(VIEW_DEDUP_SECONDS)
        self.limiter = limiter or RateLimiter()

    # ---- counting ----------------------------------------------------------------------

    def hit(self, page_id: str, ip: str, user_agent: str) -> float:
        """Count a page view. Returns 0, or the seconds to wait when rate limited."""
        now = self.clock()
        self._roll_day(now)
        moment = now.timestamp()
        visitor = visitor_hash(self._salt, ip, user_agent)
        wait = self.limiter.take(visitor, moment)
        if wait:
            return wait
        self.online.expire(moment)
        self.online.mark(visitor, moment)
        if visitor not in self._seen_today:  # first time today: one visit
            self._seen_today.add(visitor)
            self.totals.add(self._day)
            self._pending.visits[self._day] += 1
            self._pending.seen.append((self._day, visitor))
        self.recent_views.expire(moment)
        key = (visitor, page_id)
        if key not in self.recent_views:  # not a reload within 30 minutes
            self.recent_views.mark(key, moment)
            self.views[page_id] += 1
            self._pending.views[page_id] += 1
        return 0.0

    def _roll_day(self, now: datetime) -> None:
        """On the first call of a calendar day: that day's salt and visitors; old ones go."""
        day = now.astimezone(TZ).date()
        if day == self._day:
            return
        self._day = day
        if day not in self._salts:
            self._salts[day] = new_salt()
            self._pending.salts[day] = self._salts[day]
        self._salt = self._salts[day]
        self._seen_today = self._stored_seen.pop(day, set())
        self._stored_seen.clear()
        # Salts and hashes live two days at most (today's and yesterday's).
        keep_from = day - timedelta(days=1)
        self._salts = {d: s for d, s in self._salts.items() if d >= keep_from}
        self._pending.purge_before = keep_from

    # ---- reading -----------------------------------------------------------------------

    def stats(self) -> dict:
        now = self.clock().astimezone(TZ)
        self.online.expire(now.timestamp())
        return {"online": len(self.online), **self.totals.periods(now.date()),
                "tz": TZ_NAME, "as_of": now.isoformat(timespec="seconds")}

    def page_views(self, page_id: str) -> int:
        return self.views[page_id]

    # ---- persistence (store.Flusher) ---------------------------------------------------

    def take_batch(self) -> Batch:
        self._roll_day(self.clock())  # purge old salts soon after midnight, even when idle
        batch, self._pending = self._pending, Batch()
        return batch

    def put_back(self, batch: Batch) -> None:
        self._pending.merge(batch)
