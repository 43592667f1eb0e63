"""Writes the tracker's counts to the storage every flush interval, off the event loop.

Each flush is one transaction: the batches not stored yet, oldest first, then the stored
values that changed (from every process sharing the database) come back to the tracker. So
a process with no hit of its own still refreshes what it shows.

When a write fails (disk full, file made read-only, database unreachable) the batches are
kept and written again at the next interval (a retry cannot count twice: storage.py), the
cause is logged, and the tracker answers 503 to new hits until a write succeeds: a hit is
never answered 204 while the service knows it cannot store it. On stop the last flush is
retried for a few seconds; the hits it still could not store are reported and the service
exits non-zero.
"""
from __future__ import annotations

import asyncio
import logging
import time

from .storage import ONLINE_EVERY_SECONDS, PURGE_EVERY_SECONDS, Batch, StorageError
from .tracker import Tracker

log = logging.getLogger("thidua.counter")

# Half the promised second: a kill -9 loses at most ~0.5 s of hits plus one write.
FLUSH_INTERVAL = 0.5
STOP_RETRY_SECONDS = 5.0


class Flusher:
    def __init__(self, tracker: Tracker, storage, interval: float = FLUSH_INTERVAL):
        self.tracker = tracker
        self.storage = storage
        self.interval = interval
        self.unwritten: list[Batch] = []
        self.last_error: StorageError | None = None
        self._last_purge = self._last_online = 0.0

    @property
    def unstored_hits(self) -> int:
        return sum(batch.hits for batch in self.unwritten)

    async def run(self, stop: asyncio.Event) -> None:
        """Every interval until `stop` is set; then the last flush, retried a few seconds."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.interval)
            except asyncio.TimeoutError:
                pass
            await self._flush(asyncio.to_thread)
        deadline = time.monotonic() + STOP_RETRY_SECONDS
        while self.unwritten and time.monotonic() < deadline:
            await asyncio.sleep(self.interval)
            await self._flush(asyncio.to_thread)

    def flush_now(self) -> bool:
        """The last flush when the event loop is gone. True when everything is stored."""
        if not self.tracker.buffered:
            return True
        asyncio.run(self._flush(_inline))
        return not self.unwritten

    async def _flush(self, run_write) -> None:
        """One flush. Only the write itself runs through `run_write` (in a worker thread);
        the tracker is touched on the calling thread, the event loop's."""
        batch = self.tracker.take_batch()
        if batch:
            self.unwritten.append(batch)
        batches = list(self.unwritten)
        now = self.tracker.clock().timestamp()
        purge = now - self._last_purge >= PURGE_EVERY_SECONDS
        online = now - self._last_online >= ONLINE_EVERY_SECONDS
        try:
            refresh = await run_write(self.storage.write, batches, self.tracker.salt_days(),
                                      now, purge, online)
        except StorageError as error:
            self._failed(error)
            return
        except Exception as error:  # a defect: never stop flushing, nor accept hits silently
            log.exception("Lỗi không lường trước khi ghi vào CSDL")
            self._failed(StorageError(f"Lỗi không lường trước: {error!r}."))
            return
        if purge:
            self._last_purge = now
        if online:
            self._last_online = now
        del self.unwritten[:len(batches)]
        self.tracker.confirm(batches, refresh)
        if not self.tracker.storage_ok:
            log.warning("Đã ghi lại được vào CSDL %s; nhận lượt truy cập trở lại.",
                        self.storage.description)
            self.tracker.storage_ok = True

    def _failed(self, error: StorageError) -> None:
        self.last_error = error
        if self.tracker.storage_ok:
            log.error("%s Lượt truy cập mới được trả lời 503 cho đến khi ghi lại được; "
                      "%d lượt đã nhận đang chờ ghi, thử lại sau mỗi %.1f giây.",
                      error, self.unstored_hits, self.interval)
        else:
            log.error("Vẫn chưa ghi được vào CSDL (%d lượt đang chờ): %s",
                      self.unstored_hits, error)
        self.tracker.storage_ok = False


async def _inline(function, *args):
    return function(*args)
