"""Retrieval ablation on MultiHop-RAG dev, over an index built by `news-qa eval multihop`.

    news-qa eval multihop --corpus C --queries Q          # builds .eval-data/multihop
    python bench/retrieval_ablation.py --queries Q [--data-dir .eval-data/multihop]

Scores dense only, BM25 only (chunk text, and chunk text with the article's title, outlet and
date), and their score fusions at several dense weights, with the benchmark's metrics. Each
variant is a list of the product's retrieval stages run over the same candidates.
MultiHop-RAG: Tang & Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from index.core.settings import Settings
from index.store.lexical import LexicalCorpus, LexicalIndex
from qa.engine.engine import Engine, open_engine
from qa.evaluate.metrics import mean_scores, metrics_table, score_query
from qa.retrieval.ranking import Ranking, Search, Stage
from qa.retrieval.search import run_stages
from qa.retrieval.stages import Candidates, Fusion, SourceTurns

N = 300


def variants() -> dict[str, tuple[str, list[Stage]]]:
    """Name: (which BM25, "plain" text or "meta" with title/outlet/date; the stages after
    the candidates). Fusion at weight 1 (0) ranks by the dense (BM25) score alone."""
    found: dict[str, tuple[str, list[Stage]]] = {
        "dense only": ("meta", [Fusion(1.0)]),
        "BM25 only": ("plain", [Fusion(0.0)]),
        "BM25 + metadata only": ("meta", [Fusion(0.0)]),
    }
    for w in (0.2, 0.3):
        turns: list[Stage] = [Fusion(w), SourceTurns(other_names=False)]
        found[f"per-outlet, fusion {w} + BM25 meta"] = ("meta", turns)
    for w in (0.2, 0.3, 0.5):
        found[f"fusion dense {w} + BM25"] = ("plain", [Fusion(w)])
        found[f"fusion dense {w} + BM25 meta"] = ("meta", [Fusion(w)])
    return found


def plain_bm25(engine: Engine) -> LexicalIndex:
    """BM25 over the chunks' text alone (the product's adds title, outlet and date)."""
    chunks = list(engine.chunks.values())
    ids, texts = [c.chunk_id for c in chunks], [c.text for c in chunks]
    return LexicalIndex.of_corpus(LexicalCorpus.of_texts(ids, ids, texts, texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(".eval-data/multihop"))
    args = parser.parse_args()
    engine = open_engine(replace(Settings.load(), data_dir=args.data_dir))
    plain = plain_bm25(engine)
    rows = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    runs = variants()
    results: dict[str, list] = {name: [] for name in runs}
    ms: dict[str, list[float]] = {"dense": [], "bm25": [], "bm25 meta": []}
    started = time.perf_counter()
    for row in rows:
        search = Search(engine, row["query"], 10)
        t0 = time.perf_counter()
        meta = Candidates(N).apply(Ranking(), search).ranking
        t1 = time.perf_counter()
        candidates = {"meta": meta, "plain": replace(meta, lexical=plain.search(search.query, N))}
        t2 = time.perf_counter()
        engine.bm25_hits(search.query, N)  # timed again alone: the candidates' other part is dense
        t3 = time.perf_counter()
        ms["dense"].append((t1 - t0 - (t3 - t2)) * 1000)
        ms["bm25"].append((t2 - t1) * 1000)
        ms["bm25 meta"].append((t3 - t2) * 1000)
        facts = [e["fact"] for e in row["evidence_list"]]
        for name, (which, stages) in runs.items():
            ranking, _, _ = run_stages(stages, search, candidates[which])
            top = [engine.chunks[c].text for c in ranking.order[:10]]
            results[name].append(score_query(top, facts))
    print(f"{len(rows)} queries, {time.perf_counter() - started:.0f} s")
    print("p50 ms: " + ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in ms.items()) + "\n")
    print(metrics_table([(str(name), mean_scores(v)) for name, v in results.items()], "retrieval"))


if __name__ == "__main__":
    main()
