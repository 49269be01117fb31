"""bench/scale.py runs end to end on a tiny corpus, both stores (a real `chroma run`)."""

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


def test_scale_bench_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "scale.py"),
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--scales",
            "1,3",
            "--stores",
            "embedded,server",
            "--ask-n",
            "0",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((out / "scale.json").read_text())
    rows = {(r["scale"], r["store"]): r for r in results["rows"]}
    assert sorted(rows) == [(1, "embedded"), (1, "server"), (3, "embedded"), (3, "server")]
    base = results["real_1x_build"]["chunks"]
    for (scale, store), row in rows.items():
        assert row["chunks"] == row["chunks_in_store"] == scale * base > 0
        assert row["retrieve"]["n"] > 0 and row["rss_mb"]["open"] > 0
        assert (row["server_rss_mb"] is not None) == (store == "server")
    assert "| 3x | server |" in (out / "scale.md").read_text()
