"""The counts, in memory, for every site this service counts: periods, page views, online.

Everything here runs on the event loop thread, so no locks. Reads never touch the database.
What a reader sees is the stored value (as of the last flush, from every process sharing the
database) plus what this process counted since and the storage has not judged yet. The
storage has the last word (storage.py): each flush takes back this process's tentative
counts and puts in the stored values that came back.

The local windows (today's visitors, the 30-minute reload window, online) decide what is
worth sending to the storage; with several processes the storage's answer is what counts.
The clock is injected (a function returning an aware datetime) so tests can cross a day,
week, month or year boundary without waiting; it is expected not to go backwards.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Callable, Iterable

from ..core.dates import TZ, TZ_NAME
from .storage import ONLINE_SECONDS, VIEW_DEDUP_SECONDS, Batch, Refresh, Snapshot
from .visitors import RateLimiter, address_key, view_key, visitor_hash

Clock = Callable[[], datetime]

# Safety valve for the in-memory windows under a flood: beyond this, the oldest entries go
# (a flood then sends a few more candidates to the storage, memory stays bounded).
MAX_WINDOW_ENTRIES = 1_000_000
# Hits accepted and not yet stored, beyond which new hits are refused (503): the memory a
# slow database may make us hold, and what a kill -9 could lose.
MAX_BUFFERED_HITS = 100_000
# A visitor still reading is sent to the storage (for "online") at most this often: a few
# rows a minute per reader instead of one per hit; "online" is then exact to this much.
ONLINE_RESOLUTION_SECONDS = 30


def vietnam_now() -> datetime:
    return datetime.now(TZ)


class Verdict(Enum):
    COUNTED = "counted"          # 204
    LIMITED = "limited"          # 429, with the seconds to wait
    UNAVAILABLE = "unavailable"  # 503: the storage is failing or the buffer is full


class Totals:
    """Visits per day, with month, year and all-time sums kept alongside for O(1) reads."""

    def __init__(self):
        self.daily: Counter = Counter()
        self.monthly: Counter = Counter()
        self.yearly: Counter = Counter()
        self.total = 0

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

    def last(self, key) -> float | None:
        return self._marks.get(key)

    def __len__(self) -> int:
        return len(self._marks)


class SiteCounts:
    """One site's numbers as shown, and the stored values under them."""

    def __init__(self):
        self.shown = Totals()                  # stored + tentative visits
        self.views: Counter = Counter()        # stored + tentative views
        self.stored_visits: dict[date, int] = {}
        self.stored_views: dict[str, int] = {}
        self.seen_today: set[bytes] = set()
        self.online = TimeWindow(ONLINE_SECONDS)
        self.recent_views = TimeWindow(VIEW_DEDUP_SECONDS)
        self.shared_online: Counter = Counter()  # second -> visitors, all processes
        self._online_cache = (0, 0)            # (second, shared visitors online then)

    def store_visits(self, day: date, visits: int) -> None:
        self.shown.add(day, visits - self.stored_visits.get(day, 0))
        self.stored_visits[day] = visits

    def share_online(self, histogram: Counter) -> None:
        self.shared_online = histogram
        self._online_cache = (0, 0)

    def online_now(self, moment: float) -> int:
        """Distinct visitors of the last 5 minutes: this process's own window, or all
        processes' as of the last flush, aged to this second (whichever knows more)."""
        self.online.expire(moment)
        second = int(moment)
        if self._online_cache[0] != second:
            horizon = moment - ONLINE_SECONDS
            self._online_cache = (second, sum(n for last, n in self.shared_online.items()
                                              if last > horizon))
        return max(len(self.online), self._online_cache[1])

    def store_views(self, page: str, views: int) -> None:
        self.views[page] += views - self.stored_views.get(page, 0)
        self.stored_views[page] = views


class Tracker:
    def __init__(self, sites: Iterable[str], snapshot: Snapshot, clock: Clock = vietnam_now,
                 limiter: RateLimiter | None = None, newcomers: RateLimiter | None = None):
        self.clock = clock
        self.sites = {name: SiteCounts() for name in sites}
        self.limiter = limiter or RateLimiter()
        self.newcomers = newcomers     # new visitors per address, or None for no limit
        self.salts: dict[date, bytes] = {}
        self.storage_ok = True         # set by the flusher after each write
        self.buffered = 0              # accepted hits not stored yet
        self._day: date | None = None
        self._salt = b""
        self._pending = Batch()
        self._stored_seen = snapshot.seen   # today's visitors at start, per site
        self.apply(snapshot.counts)

    # ---- counting ----------------------------------------------------------------------

    def hit(self, site: str, page_id: str, ip: str, user_agent: str) -> tuple[Verdict, float]:
        """Count a page view of `site`: the verdict, and the seconds to wait if not counted."""
        now = self.clock()
        if not self.storage_ok or self.buffered >= MAX_BUFFERED_HITS or not self._roll_day(now):
            return Verdict.UNAVAILABLE, 0.0
        counts, day, moment = self.sites[site], self._day, now.timestamp()
        visitor = visitor_hash(self._salt, ip, user_agent)
        new_visitor = visitor not in counts.seen_today
        if new_visitor and self.newcomers is not None:
            wait = self.newcomers.take(address_key(self._salt, ip), moment)
            if wait:
                return Verdict.LIMITED, wait
        wait = self.limiter.take(visitor, moment)
        if wait:
            return Verdict.LIMITED, wait
        self._record(site, counts, day, visitor, new_visitor, page_id, moment)
        return Verdict.COUNTED, 0.0

    def _record(self, site: str, counts: SiteCounts, day: date, visitor: bytes,
                new_visitor: bool, page_id: str, moment: float) -> None:
        """Show the hit at once and queue for the storage what it may add."""
        pending = self._pending
        pending.hits += 1
        self.buffered += 1
        counts.online.expire(moment)
        last_sent = counts.online.last(visitor)
        if new_visitor or last_sent is None or moment - last_sent >= ONLINE_RESOLUTION_SECONDS:
            counts.online.mark(visitor, moment)
            pending.visitors.setdefault((site, day), {})[visitor] = int(moment * 1000)
        if new_visitor:  # first time today, as far as this process knows: one visit
            counts.seen_today.add(visitor)
            counts.shown.add(day)
            pending.visits[site, day] += 1
        counts.recent_views.expire(moment)
        key = view_key(visitor, page_id)
        if key not in counts.recent_views:  # not a reload within 30 minutes
            counts.recent_views.mark(key, moment)
            counts.views[page_id] += 1
            pending.page_views[site, page_id] += 1
            pending.views.setdefault(site, {})[key] = (page_id, int(moment * 1000))

    def _roll_day(self, now: datetime) -> bool:
        """On the first call of a calendar day, that day's salt and visitors. False when the
        day's salt is not known yet (the storage has been unreachable since before it)."""
        day = now.astimezone(TZ).date()
        if day == self._day:
            return True
        salt = self.salts.get(day)
        if salt is None:
            return False
        self._day, self._salt = day, salt
        for name, counts in self.sites.items():
            counts.seen_today = self._stored_seen.pop(name, set())
        self._stored_seen.clear()
        return True

    # ---- reading -----------------------------------------------------------------------

    def stats(self, site: str) -> dict:
        counts = self.sites[site]
        now = self.clock().astimezone(TZ)
        return {"online": counts.online_now(now.timestamp()),
                **counts.shown.periods(now.date()),
                "tz": TZ_NAME, "as_of": now.isoformat(timespec="seconds")}

    def page_views(self, site: str, page_id: str) -> int:
        return self.sites[site].views[page_id]

    # ---- persistence (flusher.py) ------------------------------------------------------

    def salt_days(self) -> list[date]:
        """The days whose salt the storage should make or send: today and tomorrow (made a
        day ahead, so that midnight never waits for the database)."""
        today = self.clock().astimezone(TZ).date()
        return [day for day in (today, today + timedelta(days=1)) if day not in self.salts]

    def take_batch(self) -> Batch:
        batch, self._pending = self._pending, Batch()
        return batch

    def confirm(self, batches: list[Batch], refresh: Refresh) -> None:
        """The batches are stored: take back their tentative counts, show the stored ones."""
        for batch in batches:
            self.buffered -= batch.hits
            for (site, day), visits in batch.visits.items():
                self.sites[site].shown.add(day, -visits)
            for (site, page), views in batch.page_views.items():
                self.sites[site].views[page] -= views
        self.apply(refresh)

    def apply(self, refresh: Refresh) -> None:
        for (site, day), visits in refresh.visits.items():
            if site in self.sites:
                self.sites[site].store_visits(day, visits)
        for (site, page), views in refresh.views.items():
            if site in self.sites:
                self.sites[site].store_views(page, views)
        if refresh.online is not None:
            for name, counts in self.sites.items():
                counts.share_online(refresh.online.get(name, Counter()))
        today = self.clock().astimezone(TZ).date()
        self.salts = {day: salt for day, salt in {**self.salts, **refresh.salts}.items()
                      if day >= today - timedelta(days=1)}
