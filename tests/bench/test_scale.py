"""bench/scale.py runs end to end on a tiny corpus, both stores (a real `chroma run`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench.scripts import run_script, tiny_corpus

pytestmark = pytest.mark.slow


def test_scale_bench_runs_on_a_tiny_corpus(tmp_path: Path):
    corpus, queries = tiny_corpus(tmp_path)
    out = tmp_path / "out"
    run_script(
        tmp_path,
        "scale.py",
        "--corpus",
        corpus,
        "--queries",
        queries,
        "--scales",
        "2",  # one scale with copies: the 1x build is made (and checked) for it anyway
        "--stores",
        "embedded,server",
        "--ask-n",
        0,
        "--out",
        out,
        timeout=600,
    )
    results = json.loads((out / "scale.json").read_text())
    rows = {(r["scale"], r["store"]): r for r in results["rows"]}
    assert sorted(rows) == [(2, "embedded"), (2, "server")]
    base = results["real_1x_build"]["chunks"]
    for (scale, store), row in rows.items():
        assert row["chunks"] == row["chunks_in_store"] == scale * base > 0
        assert row["retrieve"]["n"] > 0 and row["rss_mb"]["open"] > 0
        assert (row["server_rss_mb"] is not None) == (store == "server")
    assert "| 2x | server |" in (out / "scale.md").read_text()
