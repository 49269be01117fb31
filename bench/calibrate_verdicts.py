"""Calibrate offline verdicts: which evidence signal tells a true part of a compound question
from a false one, chosen on the first half of MultiHop-RAG's dev queries, checked on the rest.

For every comparison and temporal query with a yes/no answer it takes the question apart
(qa/analyze), finds each part's evidence and best sentence as `ask()` does, then scores
"Yes" rules by balanced accuracy per half:
- `support>=t`: every part's cross-encoder support reaches t (t chosen on the first half);
- `negatives<=v`: every part's sentence carries its claim's negative words, a word being
  negative at VADER valence <= v (the product's rule, index/core/text/polarity.py);
- each with the question's relation (qa/answer/compound/verdict.py) applied.
Also reports inference accuracy (the bridging entity holds the gold answer) per half.

    python bench/calibrate_verdicts.py --corpus ../shared/bench/multihop-rag/corpus.json \\
        --queries ../shared/bench/multihop-rag/queries_dev.json [--data-dir .eval-data/multihop]

MultiHop-RAG: Tang & Yang 2024, arXiv:2401.15391, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import index.core.text.polarity as polarity
from index.core.settings import Settings
from index.update.build import sync_articles
from qa.analyze.question import analyze_question
from qa.answer.compound.entity import entity_answer
from qa.answer.compound.evidence import part_findings
from qa.answer.compound.verdict import verdict_answer
from qa.engine.engine import open_engine
from qa.evaluate.answers import balanced_accuracy, gold_verdict
from qa.evaluate.benchmarks import multihop_articles
from qa.retrieval.parts import part_evidence
from qa.retrieval.search import Retriever

VALENCES = (-0.5, -1.0, -1.5, -2.0)
SUPPORTS = tuple(i / 20 for i in range(20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(".eval-data/multihop"))
    args = parser.parse_args()
    settings = replace(Settings.load(), data_dir=args.data_dir)
    sync_articles(settings, multihop_articles(args.corpus), [])
    engine = open_engine(settings)
    retriever = Retriever(engine)
    rows = json.loads(args.queries.read_text(encoding="utf-8"))
    half = len(rows) // 2
    cases: list[tuple[int, str, bool, object, list]] = []
    entity_right = {0: [0, 0], 1: [0, 0]}
    for i, row in enumerate(rows):
        analysis = analyze_question(row["query"], engine.outlet_aliases)
        found = retriever.search(row["query"], 10).passages
        evidence = part_evidence(retriever, analysis, found)
        side = int(i >= half)
        if row["question_type"] == "inference_query" and analysis.kind == "entity":
            short = entity_answer(analysis, evidence, found, engine=engine).short.lower()
            gold = row["answer"].lower()
            entity_right[side][0] += bool(short) and (gold in short or short in gold)
            entity_right[side][1] += 1
        verdict = gold_verdict(row["answer"])
        if row["question_type"] in ("comparison_query", "temporal_query") and verdict:
            findings = part_findings(engine, evidence)
            cases.append((side, row["question_type"], verdict == "yes", analysis, findings))
    for side, (right, total) in entity_right.items():
        print(f"inference, half {side + 1}: {right}/{total} = {right / max(total, 1):.3f}")
    report(cases)


def report(cases: list) -> None:
    def scores(rule, side: int, kind: str) -> float:
        pairs = [
            ("yes" if yes else "no", "yes" if rule(a, f) else "no")
            for s, k, yes, a, f in cases
            if s == side and k == kind
        ]
        return balanced_accuracy(pairs) or 0.0

    for kind in ("comparison_query", "temporal_query"):
        best = max(
            SUPPORTS,
            key=lambda t: scores(lambda a, f, t=t: all(x.support >= t for x in f), 0, kind),
        )
        rule = lambda a, f, t=best: all(x.support >= t for x in f)  # noqa: E731
        print(
            f"{kind} support>={best:.2f}: {scores(rule, 0, kind):.3f} -> "
            f"{scores(rule, 1, kind):.3f}"
        )
        for valence in VALENCES:
            polarity.NEGATIVE_VALENCE = valence
            rule = lambda a, f: verdict_answer(a, f).short.lower() in ("yes", "consistent")  # noqa: E731
            print(
                f"{kind} negatives<={valence}: {scores(rule, 0, kind):.3f} -> "
                f"{scores(rule, 1, kind):.3f}"
            )


if __name__ == "__main__":
    main()
