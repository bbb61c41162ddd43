"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def best_of(function: Callable[[], Any], *, repeat: int = 5, number: int = 1) -> float:
    """Return the best time of ``repeat`` runs of ``number`` calls, per call, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def median_of(function: Callable[[], Any], *, repeat: int = 5) -> float:
    """Return the median time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(
    operation: str,
    ours: float,
    baseline: float | None,
    *,
    max_ratio: float | None = None,
    max_seconds: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Build a result row; ``ok`` checks the ratio or the absolute target."""
    ratio = ours / baseline if baseline else None
    if max_ratio is not None and ratio is not None:
        target, ok = f"≤ {max_ratio}x", ratio <= max_ratio
    elif max_seconds is not None:
        target, ok = f"< {max_seconds:g} s", ours < max_seconds
    else:
        target, ok = "", None
    return {
        "operation": operation,
        "ours_s": ours,
        "baseline_s": baseline,
        "ratio": ratio,
        "target": target,
        "ok": ok,
        "note": note,
    }
