"""Calibrate NEWSQA_CITATION_MIN: the support a generated claim needs from its cited source.

    python bench/calibrate_citations.py [--claims bench/data/citation_claims.jsonl]

Indexes the seed articles into a temporary folder, scores each hand-labelled claim against
the passages of its article with the citation check's own scorer (qa/citecheck.py), and
prints accuracy, precision and recall of "supported" at each threshold.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from index.core.settings import Settings
from index.update.build import update_index
from qa.answer.citecheck import best_support
from qa.engine.engine import open_engine
from qa.retrieval.search import _passage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, default=Path("bench/data/citation_claims.jsonl"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="news-qa-cite-"))
    try:
        shutil.copytree(args.seeds, root / "seeds")
        settings = Settings.load(
            {"NEWSQA_SEEDS_DIR": str(root / "seeds"), "NEWSQA_DATA_DIR": str(root / "data")},
            env_file=None,
        )
        update_index(settings)
        engine = open_engine(settings)
        rows = [json.loads(line) for line in args.claims.read_text().splitlines() if line]
        scored = []
        for row in rows:
            passages = [
                _passage(engine, c.chunk_id, 0.0)
                for c in engine.chunks.values()
                if c.article_id == row["article_id"]
            ]
            score = max(best_support(row["claim"], p, engine.term_stats).score for p in passages)
            scored.append((score, row["supported"], row["claim"]))
        for score, label, claim in sorted(scored, reverse=True):
            print(f"{score:.3f} {'yes' if label else 'no ':3} {claim}")
        print("\n| threshold | accuracy | precision | recall |\n|---|---|---|---|")
        for threshold in [x / 20 for x in range(4, 19)]:
            said = [(s >= threshold, label) for s, label, _ in scored]
            tp = sum(1 for s, label in said if s and label)
            accuracy = sum(1 for s, label in said if s == label) / len(said)
            precision = tp / max(1, sum(1 for s, _ in said if s))
            recall = tp / max(1, sum(1 for _, label in said if label))
            print(f"| {threshold:.2f} | {accuracy:.3f} | {precision:.3f} | {recall:.3f} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
