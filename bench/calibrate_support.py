"""Calibrate NEWSQA_MIN_SUPPORT: the support score above which an extractive answer is given.

Indexes the seeds into a temporary folder, scores the candidate sentences of every question of
a JSONL file (`{question, answer_regex, article_ids}`; `answer_regex: null` marks a question the
articles cannot answer) and, for each mix of cross-encoder relevance and term coverage, picks the
threshold that best separates answerable from unanswerable questions (the middle of the widest
best-accuracy gap). Reports how often the best sentence holds the expected answer.

    python bench/calibrate_support.py [--questions bench/data/calibration_questions.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from itertools import pairwise
from pathlib import Path

from index.core.settings import Settings
from index.update.build import update_index
from qa.answer.candidates import candidate_sentences, score_candidates
from qa.engine.engine import open_engine
from qa.retrieval.search import hybrid_search

HERE = Path(__file__).resolve().parent


def best_threshold(scored: list[tuple[float, bool]]) -> tuple[float, float]:
    """(threshold, accuracy) for 'answer when score >= threshold'."""
    cuts = sorted({s for s, _ in scored})
    candidates = [0.0] + [(a + b) / 2 for a, b in pairwise(cuts)] + [1.0]

    def accuracy(t: float) -> float:
        return sum((s >= t) == answerable for s, answerable in scored) / len(scored)

    def margin(t: float) -> float:
        return min(abs(s - t) for s, _ in scored)

    best = max(candidates, key=lambda t: (accuracy(t), margin(t)))
    return round(best, 3), accuracy(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=HERE / "data/calibration_questions.jsonl")
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "seeds")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(
            {"NEWSQA_SEEDS_DIR": str(args.seeds), "NEWSQA_DATA_DIR": tmp}, env_file=None
        )
        update_index(settings)
        engine = open_engine(settings)
        per_question = []
        for row in rows:
            passages = hybrid_search(engine, row["question"], settings.top_k)
            candidates = candidate_sentences(passages)
            evidence = score_candidates(
                row["question"], candidates, engine.reranker, engine.term_stats
            )
            per_question.append((row, candidates, evidence))

    print("| relevance weight | threshold | grounding accuracy | right sentence (answerable) |")
    print("|---|---|---|---|")
    results = []
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
        scored, right = [], 0
        for row, candidates, evidence in per_question:
            supports = [e.support(weight) for e in evidence]
            best = max(range(len(supports)), key=supports.__getitem__)
            answerable = row["answer_regex"] is not None
            scored.append((supports[best], answerable))
            right += answerable and bool(re.search(row["answer_regex"], candidates[best].text))
        threshold, accuracy = best_threshold(scored)
        answerable_count = sum(a for _, a in scored)
        results.append((accuracy + right / answerable_count, weight, threshold))
        print(f"| {weight} | {threshold} | {accuracy:.0%} | {right}/{answerable_count} |")
    _, weight, threshold = max(results)
    print(f"\nchosen: relevance weight {weight}, NEWSQA_MIN_SUPPORT={threshold}")


if __name__ == "__main__":
    main()
