"""Does the cross-encoder earn its place? Rerank the top fused candidates on MultiHop-RAG dev.

    python bench/rerank_ablation.py --queries Q [--data-dir .eval-data/multihop] [--top 20]

Scores the product's hybrid ranking, then reorders its top `--top` passages by a blend of the
rank-normalised hybrid score and the ms-marco cross-encoder probability, for several blends,
and times the cross-encoder. MultiHop-RAG: Tang & Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from index.core.settings import Settings
from qa.engine.cross_encoder import MAX_PAIR_TOKENS, CrossEncoder, bundled_folder
from qa.engine.engine import open_engine
from qa.evaluate.metrics import mean_scores, metrics_table, score_query
from qa.retrieval.config import RetrievalConfig
from qa.retrieval.search import Retriever
from qa.retrieval.stages import blended_order

BLENDS = (0.0, 0.2, 0.4, 0.6, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(".eval-data/multihop"))
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--max-tokens", type=int, default=MAX_PAIR_TOKENS)
    args = parser.parse_args()
    engine = open_engine(replace(Settings.load(), data_dir=args.data_dir))
    rows = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    rows = rows[: args.limit]
    reranker = CrossEncoder(bundled_folder(engine.settings.reranker), args.max_tokens)
    # The product's ranking without its own rerank: the blends below are the rerank stage's.
    retriever = Retriever(engine, replace(RetrievalConfig.of(engine.settings), rerank_top=0))
    scores: dict[float, list] = {b: [] for b in BLENDS}
    timings = []
    for row in rows:
        passages = retriever.search(row["query"], args.top).passages
        started = time.perf_counter()
        probs = reranker.probabilities(row["query"], [p.text for p in passages])
        timings.append((time.perf_counter() - started) * 1000)
        facts = [e["fact"] for e in row["evidence_list"]]
        for blend in BLENDS:
            order = blended_order([float(p) for p in probs], blend)
            scores[blend].append(score_query([passages[i].text for i in order[:10]], facts))
    print(
        f"{len(rows)} queries; cross-encoder on {args.top} passages: p50 "
        f"{statistics.median(timings):.0f} ms (at most {args.max_tokens} wordpieces)\n"
    )
    print(
        metrics_table(
            [(str(name), mean_scores(v)) for name, v in scores.items()], "cross-encoder blend"
        )
    )


if __name__ == "__main__":
    main()
