"""bench/llamaindex_baseline.py runs end to end on a tiny corpus, so it cannot rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.test_bench_smoke import tiny_corpus
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_llamaindex_baseline_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "llamaindex_baseline.py"),
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--batch-sizes",
            "10,64",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            # No key anywhere: any fall-back to OpenAI would fail rather than call out.
            "OPENAI_API_KEY": "",
        },
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((out / "llamaindex_baseline.json").read_text())
    runs = results["index_by_batch"]
    assert runs["10"]["chunks"] > 0 and runs["10"]["chunks"] == runs["64"]["chunks"]
    assert results["latency"]["n"] == 2
    # The French-troops fact is in the seeds: plain llama-index finds it too.
    assert results["retrieval"]["Hits@10"] == 1.0
    assert "| retrieve (top 10) |" in (out / "llamaindex_baseline.md").read_text()
