"""Running the bench scripts in tests: a tiny corpus and a child process with a clean setup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS


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


def run_script(
    tmp_path: Path,
    script: str,
    *args: object,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> str:
    """Run bench/`script` from `tmp_path`; its stdout, after checking it exited 0."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSQA_")}
    clean.update(
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        GRADIO_ANALYTICS_ENABLED="False",
        TMPDIR=str(tmp_path),
        **(env or {}),
    )
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
        env=clean,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout
