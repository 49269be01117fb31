"""The retrieval stages (qa/retrieval/ranking.py has their one signature): candidates from
the dense and BM25 retrievers, their fusion, the sentence bonus, turns for the sources a
question names, diversity over wire copies and the optional cross-encoder rerank. The time
boost is in qa/retrieval/search.py beside the event dates it reads."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.core.text.outlets import mentioned_outlets
from index.core.text.terms import content_terms
from qa.engine.copies import PASSAGE_OVERLAP
from qa.retrieval.ranking import Ranking, Search, StageResult, relative_fusion, take_turns
from qa.retrieval.sources import attributes_to, named_sources

if TYPE_CHECKING:
    from qa.engine.copies import WireCopies
    from qa.engine.engine import Engine


@dataclass(frozen=True)
class Candidates:
    """The `depth` best chunks of each retriever (at least 3k), within the filters."""

    depth: int

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        engine, filters = search.engine, search.filters
        allowed = None
        if filters is not None and filters.active:
            allowed = {cid for cid, chunk in engine.chunks.items() if filters.allows(chunk)}
            if not allowed:
                return StageResult(Ranking())
        n = min(max(self.depth, 3 * search.k), len(engine.chunks))
        where = filters.where() if allowed is not None and filters is not None else None
        dense = dict(engine.store.query(engine.embedder.embed_query(search.query), n, where))
        # Filtered: score every chunk, since the best allowed ones may rank anywhere.
        lexical = engine.bm25_hits(search.query, n if allowed is None else len(engine.chunks))
        if allowed is not None:
            kept = [(cid, score) for cid, score in lexical.items() if cid in allowed]
            lexical = dict(sorted(kept, key=lambda kv: -kv[1])[:n])
        return StageResult(Ranking(dense=dense, lexical=lexical))


@dataclass(frozen=True)
class Fusion:
    """Dense and BM25 scores, each rescaled to [0, 1], mixed `dense_weight` to the rest."""

    dense_weight: float

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        return StageResult(
            ranking.rescored(relative_fusion(ranking.dense, ranking.lexical, self.dense_weight))
        )


@dataclass(frozen=True)
class SentenceBonus:
    """The best `pool` candidates gain `weight` times their best sentence's term match."""

    weight: float
    pool: int

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        scores = dict(ranking.scores)
        pool = ranking.order[: self.pool]
        for chunk_id, bonus in sentence_match(search.engine, search.query, pool).items():
            scores[chunk_id] += self.weight * bonus
        return StageResult(ranking.rescored(scores))


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


@dataclass(frozen=True)
class SourceTurns:
    """The best passages of each source the question names take turns at the top: an
    indexed outlet ("according to The Age") by publisher; with `other_names`, any other name
    ("what did Le Monde report?") by the passages that attribute something to it."""

    other_names: bool = True

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        engine, ranked = search.engine, ranking.order
        outlets = mentioned_outlets(search.query, engine.outlet_aliases)
        groups = [[c for c in ranked if engine.chunks[c].outlet in group] for group in outlets]
        # Beside a named outlet, another name is mostly a person or company (MultiHop-RAG dev:
        # turns for them cost MRR@10 0.001), so other sources count only on their own.
        names = named_sources(search.query) if self.other_names and not outlets else []
        for name in names:
            groups.append([c for c in ranked if attributes_to(engine.chunks[c].text, name)])
        groups = [group for group in groups if group]
        return StageResult(ranking.reordered(take_turns(groups, ranked)) if groups else ranking)


@dataclass(frozen=True)
class Diversity:
    """A passage whose text the ones above it already carry goes below the first
    max(k, `at_least`) others (a rerank after it needs that many distinct passages)."""

    at_least: int = 0

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        need = max(search.k, self.at_least)
        return StageResult(ranking.reordered(diverse(search.engine.copies, ranking.order, need)))


def diverse(copies: WireCopies, ranked: list[str], need: int) -> list[str]:
    """`ranked` with each passage whose text the ones above it already carry (at least
    PASSAGE_OVERLAP of it, wire copy) moved below the first `need` others."""
    shown: list[str] = []
    held: list[str] = []
    for i, chunk_id in enumerate(ranked):
        if len(shown) == need:
            return shown + held + ranked[i:]
        if copies.redundancy(chunk_id, shown) >= PASSAGE_OVERLAP:
            held.append(chunk_id)
        else:
            shown.append(chunk_id)
    return shown + held


@dataclass(frozen=True)
class Rerank:
    """The first max(k, `top`) passages reordered by a blend of their rank and the
    cross-encoder's relevance (its share: `blend`); its milliseconds as "rerank"."""

    top: int
    blend: float

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        if len(ranking.order) <= 1:
            return StageResult(ranking)
        engine = search.engine
        head = ranking.order[: max(self.top, search.k)]
        started = time.perf_counter()
        texts = [engine.chunks[c].text for c in head]
        probabilities = engine.passage_reranker.probabilities(search.query, texts)
        order = [head[i] for i in blended_order([float(p) for p in probabilities], self.blend)]
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        reordered = ranking.reordered(order + ranking.order[len(head) :])
        return StageResult(reordered, timings={"rerank": elapsed})


def blended_order(probabilities: list[float], blend: float) -> list[int]:
    """Positions of a ranking reordered by (1 - blend) * rank score + blend * probability,
    the rank score falling from 1 at the top by 1/n a place."""
    n = len(probabilities)
    mixed = [(1 - blend) * (1 - i / n) + blend * probabilities[i] for i in range(n)]
    return sorted(range(n), key=lambda i: mixed[i], reverse=True)
