"""Scaling properties for denial-of-service regressions: more input, proportionally more work.
Measured as process CPU time of the work alone (input built beforehand), the small and the big
input interleaved and the best of a few runs kept, for 4x the input against a bound of 8x the
time: a loaded 2-core machine, bounded memo caches and GC pauses stay well inside it (a 2x/3x
bound flaked at 3.4x), while a quadratic path (16x) still fails."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

FACTOR = 4
LINEAR_BOUND = 8.0
# Timings below this are noise; a run this short cannot show a quadratic path anyway.
FLOOR_SECONDS = 0.05


def best_cpu_seconds(work: Callable[[], Any], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def assert_linear(
    make_input: Callable[[int], Any],
    work: Callable[[Any], Any],
    size: int,
    *,
    repeats: int = 3,
    bound: float = LINEAR_BOUND,
) -> tuple[float, float]:
    """CPU seconds of ``work(make_input(size))`` and of ``FACTOR`` times the size; fails unless
    the second is under ``bound`` times the first. Returns both timings."""
    small_input, big_input = make_input(size), make_input(FACTOR * size)
    work(small_input)  # warm-up: lazy compiles and caches are not part of the scaling
    small = big = float("inf")
    for _ in range(repeats):  # interleaved, so a burst of load hits both sizes alike
        small = min(small, best_cpu_seconds(lambda: work(small_input), 1))
        big = min(big, best_cpu_seconds(lambda: work(big_input), 1))
    assert big < bound * max(small, FLOOR_SECONDS), (
        f"{size} -> {small:.3f}s, {FACTOR * size} -> {big:.3f}s: not linear"
    )
    return small, big
