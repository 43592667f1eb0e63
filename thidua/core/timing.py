"""How long each phase of a build took, printed by `build.py build -v` and the benchmark."""
from __future__ import annotations

import resource
import time
from contextlib import contextmanager

PHASES: list[tuple[str, float, float, float]] = []  # name, wall, user, system seconds


def _cpu() -> tuple[float, float]:
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + children.ru_utime, own.ru_stime + children.ru_stime


@contextmanager
def phase(name: str):
    start, (user, system) = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        now_user, now_system = _cpu()
        PHASES.append((name, time.perf_counter() - start, now_user - user, now_system - system))


def report() -> str:
    return ", ".join(f"{name} {wall:.2f}s (cpu {user:.1f}+{system:.1f})"
                     for name, wall, user, system in PHASES)
