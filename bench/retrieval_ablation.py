"""Retrieval ablation on MultiHop-RAG dev, over an index built by `news-qa eval multihop`.

    news-qa eval multihop --corpus C --queries Q          # builds .eval-data/multihop
    python bench/retrieval_ablation.py --queries Q [--data-dir .eval-data/multihop]

Scores dense only, BM25 only (chunk text, and chunk text with the article's title, outlet and
date), and their score fusions at several dense weights, with the benchmark's metrics.
MultiHop-RAG: Tang & Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from index.core.settings import Settings
from qa.engine.engine import open_engine
from qa.evaluate.metrics import mean_scores, metrics_table, score_query
from qa.retrieval.search import relative_fusion, take_turns
from qa.retrieval.sources import mentioned_outlets

N = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(".eval-data/multihop"))
    args = parser.parse_args()
    settings = replace(Settings.load(), data_dir=args.data_dir)
    engine = open_engine(settings)
    import Stemmer
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    plain_nodes = [TextNode(id_=c.chunk_id, text=c.text) for c in engine.chunks.values()]
    bm25_plain = BM25Retriever.from_defaults(
        nodes=plain_nodes,
        stemmer=Stemmer.Stemmer("english"),
        language="english",
        similarity_top_k=N,
    )
    assert engine.bm25 is not None  # the product's BM25: text plus title, outlet and date
    bm25_meta = engine.bm25
    # bm25s rejects a k above the corpus size (a tiny corpus, as in the smoke test).
    bm25_meta.similarity_top_k = min(N, len(engine.chunks))
    rows = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    outlet_of = {cid: c.outlet for cid, c in engine.chunks.items()}

    def per_outlet(fused: dict[str, float], groups: list[frozenset[str]]) -> dict[str, float]:
        ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)
        order = take_turns([[c for c in ranked if outlet_of[c] in g] for g in groups], ranked)
        return {cid: -i for i, cid in enumerate(order)}

    def top(scores: dict[str, float]) -> list[str]:
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:10]
        return [engine.chunks[cid].text for cid, _ in ranked]

    variants: dict[
        str, Callable[[dict[str, float], dict[str, float], dict[str, float]], dict[str, float]]
    ] = {
        "dense only": lambda d, b, m: d,
        "BM25 only": lambda d, b, m: b,
        "BM25 + metadata only": lambda d, b, m: m,
    }
    for w in (0.2, 0.3):
        variants[f"per-outlet, fusion {w} + BM25 meta"] = lambda d, b, m, w=w, q=None: per_outlet(
            relative_fusion(d, m, w), current["groups"]
        )
    for w in (0.2, 0.3, 0.5):
        variants[f"fusion dense {w} + BM25"] = lambda d, b, m, w=w: relative_fusion(d, b, w)
        variants[f"fusion dense {w} + BM25 meta"] = lambda d, b, m, w=w: relative_fusion(d, m, w)
    results: dict[str, list] = {name: [] for name in variants}
    current: dict[str, list[frozenset[str]]] = {"groups": []}
    started = time.perf_counter()
    ms: dict[str, list[float]] = {"dense": [], "bm25": [], "bm25 meta": []}
    for row in rows:
        q = row["query"]
        t0 = time.perf_counter()
        dense = dict(engine.store.query(engine.embedder.embed_query(q), N))
        t1 = time.perf_counter()
        lexical = {h.node.node_id: float(h.score or 0) for h in bm25_plain.retrieve(q)}
        t2 = time.perf_counter()
        meta = {h.node.node_id: float(h.score or 0) for h in bm25_meta.retrieve(q)}
        t3 = time.perf_counter()
        ms["dense"].append((t1 - t0) * 1000)
        ms["bm25"].append((t2 - t1) * 1000)
        ms["bm25 meta"].append((t3 - t2) * 1000)
        facts = [e["fact"] for e in row["evidence_list"]]
        current["groups"] = mentioned_outlets(q, engine.outlet_aliases)
        for name, fuse in variants.items():
            results[name].append(score_query(top(fuse(dense, lexical, meta)), facts))
    print(f"{len(rows)} queries, {time.perf_counter() - started:.0f} s")
    print("p50 ms: " + ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in ms.items()) + "\n")
    print(metrics_table([(str(name), mean_scores(v)) for name, v in results.items()], "retrieval"))


if __name__ == "__main__":
    main()
