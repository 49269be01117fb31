"""bench/llamaindex_baseline.py runs end to end on a tiny corpus, so it cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench.scripts import run_script, tiny_corpus

pytestmark = pytest.mark.slow


def test_llamaindex_baseline_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run_script(
        tmp_path,
        "llamaindex_baseline.py",
        "--corpus",
        corpus,
        "--queries",
        queries,
        "--batch-sizes",
        "10,64",
        "--out",
        out,
        # No key anywhere: any fall-back to OpenAI would fail rather than call out.
        env={"OPENAI_API_KEY": ""},
        timeout=600,
    )
    results = json.loads((out / "llamaindex_baseline.json").read_text())
    runs = results["index_by_batch"]
    assert runs["10"]["chunks"] > 0 and runs["10"]["chunks"] == runs["64"]["chunks"]
    assert results["latency"]["n"] == 2
    # The French-troops fact is in the seeds: plain llama-index finds it too.
    assert results["retrieval"]["Hits@10"] == 1.0
    assert "| retrieve (top 10) |" in (out / "llamaindex_baseline.md").read_text()
