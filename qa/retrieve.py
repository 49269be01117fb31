"""Hybrid retrieval: dense (Chroma) and BM25 candidates, fused by normalised score."""

from __future__ import annotations

from qa.engine import Engine
from qa.types import Passage

# Dense and lexical scores are rescaled to [0, 1] over the candidates, then mixed.
DENSE_WEIGHT = 0.5
CANDIDATES = 30


def hybrid_search(engine: Engine, query: str, k: int) -> list[Passage]:
    """The `k` best passages for `query`, best first."""
    n = max(CANDIDATES, 3 * k)
    dense = {c.chunk_id: s for c, s in engine.store.query(engine.embedder.embed_query(query), n)}
    lexical: dict[str, float] = {}
    if engine.bm25 is not None:
        engine.bm25.similarity_top_k = min(n, len(engine.chunks))
        lexical = {
            hit.node.node_id: float(hit.score or 0.0)
            for hit in engine.bm25.retrieve(query)
            if (hit.score or 0.0) > 0.0
        }
    fused = _relative_fusion(dense, lexical)
    best = sorted(fused.items(), key=lambda item: item[1], reverse=True)[:k]
    return [_passage(engine, chunk_id, score) for chunk_id, score in best]


def _relative_fusion(dense: dict[str, float], lexical: dict[str, float]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for weight, scores in ((DENSE_WEIGHT, dense), (1.0 - DENSE_WEIGHT, lexical)):
        if not scores:
            continue
        low, high = min(scores.values()), max(scores.values())
        span = high - low
        for chunk_id, score in scores.items():
            scaled = (score - low) / span if span > 0 else 1.0
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * scaled
    return fused


def _passage(engine: Engine, chunk_id: str, score: float) -> Passage:
    c = engine.chunks[chunk_id]
    return Passage(
        c.chunk_id, c.article_id, c.title, c.outlet, c.date, c.text, c.start, c.end, round(score, 4)
    )
