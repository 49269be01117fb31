"""Timing helpers shared by the bench scripts (imported as `latency`: a script's own folder
is first on sys.path). Percentiles follow the one rule of the eval metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from qa.evaluate.metrics import percentile

__all__ = ["percentile", "timed", "timed_stream"]


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """`fn(*args, **kwargs)` and the seconds it took."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def timed_stream(question: str, settings: Any) -> tuple[Any, float | None, float]:
    """`ask_stream(question)`'s Answer, the seconds to its first text piece (None if none came)
    and the seconds to the Answer."""
    from qa import Answer, ask_stream

    started = time.perf_counter()
    first = None
    for piece in ask_stream(question, settings=settings):
        if isinstance(piece, str) and first is None:
            first = time.perf_counter() - started
        answer = piece
    assert isinstance(answer, Answer)
    return answer, first, time.perf_counter() - started
