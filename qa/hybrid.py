"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused by normalised score, the best
candidates lifted by their best-matching sentence, then the best passages of each outlet the
question names take turns at the top.

Measured on MultiHop-RAG dev (docs/retrieval.md): BM25 over text plus title, outlet and date,
mixed 0.7 with 0.3 dense, a 0.3 sentence bonus, then outlet turns, is the best of the variants
tried.
"""

from __future__ import annotations

import time

from index.terms import content_terms
from qa.engine import Engine
from qa.outlets import mentioned_outlets
from qa.types import Passage

DENSE_WEIGHT = 0.3
# With NEWSQA_RERANK_TOP > 0, the cross-encoder's share in the final order of that many passages.
RERANK_BLEND = 0.2
# Candidates from each retriever; large enough that every named outlet has some.
CANDIDATES = 300
# A question is usually written from one sentence of an article; among an article's passages
# the one holding that sentence scored too low on passage-level BM25. The best fused candidates
# get this share of their best sentence's IDF-weighted term match (MultiHop-RAG dev: MRR@10
# +0.025, Hits@4 +0.01; docs/retrieval.md).
SENTENCE_WEIGHT = 0.3
SENTENCE_POOL = 60


def hybrid_search(
    engine: Engine, query: str, k: int, timings: dict[str, float] | None = None
) -> list[Passage]:
    """The `k` best passages for `query`, best first; a rerank's milliseconds go in `timings`."""
    n = min(max(CANDIDATES, 3 * k), len(engine.chunks))
    dense = dict(engine.store.query(engine.embedder.embed_query(query), n))
    lexical: dict[str, float] = {}
    if engine.bm25 is not None:
        engine.bm25.similarity_top_k = n
        lexical = {
            hit.node.node_id: float(hit.score or 0.0)
            for hit in engine.bm25.retrieve(query)
            if (hit.score or 0.0) > 0.0
        }
    fused = relative_fusion(dense, lexical, DENSE_WEIGHT)
    pool = sorted(fused, key=lambda chunk_id: fused[chunk_id], reverse=True)[:SENTENCE_POOL]
    for chunk_id, bonus in sentence_match(engine, query, pool).items():
        fused[chunk_id] += SENTENCE_WEIGHT * bonus
    ranked = sorted(fused, key=lambda chunk_id: fused[chunk_id], reverse=True)
    groups = mentioned_outlets(query, engine.outlet_aliases)
    if groups:
        outlet_of = {cid: engine.chunks[cid].outlet for cid in ranked}
        ranked = take_turns([[c for c in ranked if outlet_of[c] in g] for g in groups], ranked)
    passages = [_passage(engine, chunk_id, fused[chunk_id]) for chunk_id in ranked[:k]]
    rerank_top = engine.settings.rerank_top
    if rerank_top and len(ranked) > 1:
        head = [_passage(engine, c, fused[c]) for c in ranked[: max(rerank_top, k)]]
        started = time.perf_counter()
        passages = rerank(engine, query, head)[:k]
        if timings is not None:
            timings["rerank"] = round((time.perf_counter() - started) * 1000, 1)
    return passages


def sentence_match(engine: Engine, query: str, chunk_ids: list[str]) -> dict[str, float]:
    """Each chunk's best sentence: IDF of the query terms it holds, damped by its length,
    scaled so the best chunk gets 1."""
    stats = engine.term_stats
    wanted = content_terms(query)
    best = {
        chunk_id: max(
            (
                sum(stats.idf(t) for t in wanted & terms) / (1 + 0.1 * len(terms))
                for terms in engine.sentence_terms(chunk_id)
            ),
            default=0.0,
        )
        for chunk_id in chunk_ids
    }
    top = max(best.values(), default=0.0)
    return {chunk_id: score / top for chunk_id, score in best.items()} if top > 0 else {}


def rerank(engine: Engine, query: str, passages: list[Passage]) -> list[Passage]:
    """Reorder by a blend of the current rank and the cross-encoder's relevance."""
    probabilities = engine.passage_reranker.probabilities(query, [p.text for p in passages])
    n = len(passages)
    blended = [
        (1 - RERANK_BLEND) * (1 - i / n) + RERANK_BLEND * float(probabilities[i]) for i in range(n)
    ]
    order = sorted(range(n), key=lambda i: blended[i], reverse=True)
    return [passages[i] for i in order]


def relative_fusion(
    dense: dict[str, float], lexical: dict[str, float], dense_weight: float
) -> dict[str, float]:
    """Each list's scores rescaled to [0, 1] over its candidates, then mixed by weight."""
    fused: dict[str, float] = {}
    for weight, scores in ((dense_weight, dense), (1.0 - dense_weight, lexical)):
        if not scores:
            continue
        low, high = min(scores.values()), max(scores.values())
        span = high - low
        for chunk_id, score in scores.items():
            scaled = (score - low) / span if span > 0 else 1.0
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * scaled
    return fused


def take_turns(lists: list[list[str]], rest: list[str]) -> list[str]:
    """Round-robin over `lists` (a multi-part question needs each part's best passage near
    the top), then everything in `rest` not yet taken, each item once."""
    order: list[str] = []
    taken: set[str] = set()
    for depth in range(max((len(lst) for lst in lists), default=0)):
        for lst in lists:
            if depth < len(lst) and lst[depth] not in taken:
                order.append(lst[depth])
                taken.add(lst[depth])
    return order + [item for item in rest if item not in taken]


def _passage(engine: Engine, chunk_id: str, score: float) -> Passage:
    c = engine.chunks[chunk_id]
    return Passage(
        c.chunk_id, c.article_id, c.title, c.outlet, c.date, c.text, c.start, c.end, round(score, 4)
    )
