"""The bench scripts run end to end on a tiny corpus, so they cannot rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.slow


def tiny_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The seed articles as a MultiHop-RAG-shaped corpus, and two queries about them."""
    corpus = [
        {
            "title": p.stem,
            "source": "Seeds",
            "published_at": "2023-09-05T00:00:00+00:00",
            "body": p.read_text(),
        }
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    fact = "Currently, about 1500 French troops are deployed in Niger"
    queries = [
        {
            "query": q,
            "question_type": "inference_query",
            "answer": "1500",
            "evidence_list": [{"fact": fact}],
        }
        for q in ("How many French troops are in Niger?", "French troops deployed in Niger")
    ]
    (tmp_path / "corpus.json").write_text(json.dumps(corpus))
    (tmp_path / "queries.json").write_text(json.dumps(queries))
    return tmp_path / "corpus.json", tmp_path / "queries.json"


def test_performance_bench_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "performance.py"),
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--cold-runs",
            "1",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((out / "performance.json").read_text())
    assert results["index"]["chunks"] > 0 and results["latency"]["retrieve"]["n"] == 2
    serving = results["serving"]
    assert serving["questions"] == 2 and serving["peak_rss_mb"] >= serving["rss_after_start_mb"] > 0
    assert "| full index |" in (out / "performance.md").read_text()
