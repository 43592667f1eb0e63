"""The one way work is handed to the machine's cores.

Workers are forked, so they start with everything the parent has loaded (the site model,
templates, the job at hand) without pickling it; only each task's result travels back. The
job is kept here, in one module-level slot the forked workers inherit: callers pass any
function (a closure, a bound method), never set globals of their own.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # below this, starting processes costs more than it saves

_TASK: Callable | None = None  # the job of the running pool, inherited by its forked workers


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Forked workers. The parent's objects are frozen out of the garbage collector first and
    the workers collect no garbage: a collection writes to every object, which would make the
    kernel copy every shared memory page into every worker. (No collection before: on a
    large model it costs a third of a second, for garbage a short build can keep.)"""
    gc.freeze()
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=gc.disable)


def cores() -> int:
    """Worker processes to use: the CPUs this process may run on (THIDUA_JOBS overrides)."""
    wanted = os.environ.get("THIDUA_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def _call(*args):
    """What a worker runs: the job its parent set before forking it."""
    assert _TASK is not None
    return _TASK(*args)


def _forked(task: Callable, jobs: int, calls: list[tuple]) -> list:
    """[task(*args) for args in calls], in order, by `jobs` forked workers."""
    global _TASK
    _TASK = task
    try:
        with _pool(jobs) as pool:
            futures = [pool.submit(_call, *args) for args in calls]
            return [future.result() for future in futures]
    finally:
        _TASK = None
        gc.unfreeze()


def parallel_map(function: Callable[[T], R], items: Sequence[T], jobs: int | None = None,
                 min_items: int = MIN_ITEMS) -> list[R]:
    """[function(item) for item in items], in order, on every core (from `min_items` items:
    fewer when each item is costly, such as a picture)."""
    jobs = jobs or cores()
    if jobs <= 1 or len(items) < min_items:
        return [function(item) for item in items]

    def run_slice(start: int, stop: int) -> list:
        return [function(items[index]) for index in range(start, stop)]

    # Slices handed out as workers free up: none waits for a slower one, and the parent
    # takes in the results of a slice while the next ones are worked on.
    size = max(min(16, min_items), len(items) // (jobs * 8))
    slices = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    return [result for part in _forked(run_slice, jobs, slices) for result in part]


def share_out(function: Callable[[int, int], R], jobs: int | None = None) -> list[R]:
    """[function(worker, jobs) for each worker], on every core, for work the function splits
    itself (worker `w` of `jobs` takes its share); any callable will do."""
    jobs = jobs or cores()
    if jobs <= 1:
        return [function(0, 1)]
    return _forked(function, jobs, [(worker, jobs) for worker in range(jobs)])


class Background(Generic[R]):
    """function() in a forked process while the parent goes on (a full build writes its feeds
    and search index while its pages are written); result() waits for it and returns what it
    returned, or raises what it raised. Run at once, in this process, on one core or when
    threads run (serve): forking a process with threads may deadlock the child.

    A plain fork and a pipe rather than a pool: a pool runs a thread in the parent, and the
    page workers forked next would inherit it. The child works on one core (no workers of
    its own): the parent's workers have the others, and cancel() has one process to stop."""

    def __init__(self, function: Callable[[], R], *, worth_it: bool = True):
        """`worth_it`: the work is large enough to pay for a process (not for a small site)."""
        self._pid: int | None = None
        if not worth_it or cores() <= 1 or threading.active_count() > 1:
            self._value = function()
            return
        reading, writing = os.pipe()
        sys.stdout.flush()  # else what waits in the buffers would be written twice
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _run_child(function, reading, writing)  # never returns
        os.close(writing)
        self._pid, self._reading = pid, reading

    def result(self) -> R:
        if self._pid is None:
            return self._value
        try:
            with os.fdopen(self._reading, "rb") as pipe:
                data = pipe.read()  # before waiting: a result larger than the pipe must flow
        finally:
            os.waitpid(self._pid, 0)
            self._pid = None
        try:
            done, value, trace = pickle.loads(data)
        except Exception:  # nothing, or half of it: the child was killed
            raise RuntimeError("tiến trình chạy song song đã dừng mà không trả kết quả") from None
        if not done:
            value.add_note(trace)  # where it happened, in the child
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (the parent failed: what it writes is not wanted)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._reading)
            self._pid = None


def _run_child(function: Callable, reading: int, writing: int) -> None:
    """The forked child of Background: report, then leave without running any of the
    parent's code (exit handlers, the build's own exceptions)."""
    code = 1
    try:
        gc.disable()  # a collection would copy every shared memory page
        os.close(reading)
        os.environ["THIDUA_JOBS"] = "1"
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(_outcome(function))
        code = 0
    finally:
        os._exit(code)


def _outcome(function: Callable[[], R]) -> bytes:
    """(True, what function returned, "") or (False, what it raised, its traceback), pickled."""
    try:
        return pickle.dumps((True, function(), ""))
    except BaseException as error:  # noqa: BLE001 - raised again in the parent
        trace = traceback.format_exc()
        try:
            return pickle.dumps((False, error, trace))
        except Exception:  # an exception that does not pickle still reaches the parent
            return pickle.dumps((False, RuntimeError(repr(error)), trace))
