"""Timing helpers shared by the bench scripts (imported as `latency`: a script's own folder
is first on sys.path). Percentiles follow the one rule of the eval metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from qa.evaluate.metrics import percentile

__all__ = ["percentile", "timed"]


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """`fn(*args, **kwargs)` and the seconds it took."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started
