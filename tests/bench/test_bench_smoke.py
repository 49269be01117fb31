"""The bench scripts run end to end on a tiny corpus, so they cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench.scripts import run_script, tiny_corpus

pytestmark = pytest.mark.slow


def test_performance_bench_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run_script(
        tmp_path,
        "performance.py",
        "--corpus",
        corpus,
        "--queries",
        queries,
        "--cold-runs",
        1,
        "--out",
        out,
        timeout=600,
    )
    results = json.loads((out / "performance.json").read_text())
    assert results["index"]["chunks"] > 0 and results["latency"]["retrieve"]["n"] == 2
    serving = results["serving"]
    assert serving["questions"] == 2 and serving["peak_rss_mb"] >= serving["rss_after_start_mb"] > 0
    assert "| full index |" in (out / "performance.md").read_text()
