"""Scaling properties for denial-of-service regressions: double the input, at most ~double the
work. Measured as process CPU time of the work alone (input built beforehand), best of a few
runs, against a generous bound (3x for 2x input), so a loaded 2-core machine cannot flake it
while a quadratic path (4x) still fails."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

LINEAR_BOUND = 3.0
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
    """CPU seconds of ``work(make_input(size))`` and of twice the size; fails unless the
    second is under ``bound`` times the first. Returns both timings."""
    small_input, big_input = make_input(size), make_input(2 * size)
    work(small_input)  # warm-up: lazy compiles and caches are not part of the scaling
    small = best_cpu_seconds(lambda: work(small_input), repeats)
    big = best_cpu_seconds(lambda: work(big_input), repeats)
    assert big < bound * max(small, FLOOR_SECONDS), (
        f"{size} -> {small:.3f}s, {2 * size} -> {big:.3f}s: not linear"
    )
    return small, big
