"""Warm `ask()` latency on the seeds: index into a temporary folder, ask each held-out
question once to warm up, then time `--rounds` passes over them.

    python bench/ask_latency.py [--rounds 3] [--questions tests/data/seed_questions.jsonl]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from latency import percentile

from index.core.settings import Settings
from index.update.build import update_index
from qa import ask

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/seed_questions.jsonl")
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text().splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(
            {"NEWSQA_SEEDS_DIR": str(ROOT / "seeds"), "NEWSQA_DATA_DIR": tmp}, env_file=None
        )
        started = time.perf_counter()
        update_index(settings)
        print(
            f"index seeds (in process, model load included): {time.perf_counter() - started:.2f} s"
        )
        for q in questions:
            ask(q, settings=settings)
        wall, retrieve, answer = [], [], []
        for _ in range(args.rounds):
            for q in questions:
                started = time.perf_counter()
                result = ask(q, settings=settings)
                wall.append((time.perf_counter() - started) * 1000)
                retrieve.append(result.timings_ms["retrieve"])
                answer.append(result.timings_ms["answer"])
    for name, values in (("ask", wall), ("retrieve", retrieve), ("answer", answer)):
        p95 = percentile(values, 0.95)
        print(f"{name:9s} n={len(values)} p50 {statistics.median(values):.0f} ms  p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
