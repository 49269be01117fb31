"""Hybrid retrieval: dense (Chroma) and BM25 candidates fused by normalised score, the best
candidates lifted by their best-matching sentence, then the best passages of each outlet the
question names take turns at the top.

Measured on MultiHop-RAG dev (docs/retrieval.md): BM25 over text plus title, outlet and date,
mixed 0.7 with 0.3 dense, a 0.3 sentence bonus, then outlet turns, is the best of the variants
tried.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

from index.core.text.dates import event_dates, month_day
from index.core.text.terms import content_terms
from qa.engine.copies import PASSAGE_OVERLAP, WireCopies
from qa.engine.engine import Engine
from qa.retrieval.filters import Filters
from qa.retrieval.sources import attributes_to, mentioned_outlets, named_sources
from qa.retrieval.times import time_windows
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
# Added to the fused score of passages dated in a time the question names. Chosen on
# MultiHop-RAG dev queries 1-300 (0.2/0.3/0.5/0.8: MRR@10 0.682/0.683/0.680/0.677), held on
# 301-600 (MRR@10 0.710 -> 0.724, MAP@10 0.383 -> 0.392; docs/retrieval.md).
TIME_WEIGHT = 0.3
# Passages read for the date of an event the question names ("before the coup").
EVENT_PASSAGES = 30


def hybrid_search(
    engine: Engine,
    query: str,
    k: int,
    timings: dict[str, float] | None = None,
    filters: Filters | None = None,
    notes: list[str] | None = None,
) -> list[Passage]:
    """The `k` best passages for `query`, best first; a rerank's milliseconds go in `timings`,
    what the question's dates and sources changed in `notes`. `filters` limit the search."""
    allowed = None
    if filters is not None and filters.active:
        allowed = {cid for cid, chunk in engine.chunks.items() if filters.allows(chunk)}
        if not allowed:
            return []
    n = min(max(CANDIDATES, 3 * k), len(engine.chunks))
    where = filters.where() if allowed is not None and filters is not None else None
    dense = dict(engine.store.query(engine.embedder.embed_query(query), n, where))
    # Filtered: score every chunk, since the best allowed ones may rank anywhere.
    lexical = engine.bm25_hits(query, n if allowed is None else len(engine.chunks))
    if allowed is not None:
        kept = [(cid, score) for cid, score in lexical.items() if cid in allowed]
        lexical = dict(sorted(kept, key=lambda kv: -kv[1])[:n])
    fused = relative_fusion(dense, lexical, DENSE_WEIGHT)
    boost_windows(engine, query, fused, notes)
    pool = sorted(fused, key=lambda chunk_id: fused[chunk_id], reverse=True)[:SENTENCE_POOL]
    for chunk_id, bonus in sentence_match(engine, query, pool).items():
        fused[chunk_id] += SENTENCE_WEIGHT * bonus
    ranked = sorted(fused, key=lambda chunk_id: fused[chunk_id], reverse=True)
    ranked = source_turns(engine, query, ranked)
    rerank_top = engine.settings.rerank_top
    if engine.settings.diversity:
        ranked = diverse(engine.copies, ranked, max(k, rerank_top))
    passages = [_passage(engine, chunk_id, fused[chunk_id]) for chunk_id in ranked[:k]]
    if rerank_top and len(ranked) > 1:
        head = [_passage(engine, c, fused[c]) for c in ranked[: max(rerank_top, k)]]
        started = time.perf_counter()
        passages = rerank(engine, query, head)[:k]
        if timings is not None:
            timings["rerank"] = round((time.perf_counter() - started) * 1000, 1)
    return passages


def source_turns(engine: Engine, query: str, ranked: list[str]) -> list[str]:
    """The best passages of each source the question names take turns at the top: an
    indexed outlet ("according to The Age") by publisher, any other name ("what did Le Monde
    report?") by the passages that attribute something to it ("..., Le Monde reported")."""
    outlets = mentioned_outlets(query, engine.outlet_aliases)
    groups = [[c for c in ranked if engine.chunks[c].outlet in group] for group in outlets]
    # Beside a named outlet, another name is mostly a person or company (MultiHop-RAG dev:
    # turns for them cost MRR@10 0.001), so other sources count only on their own.
    for name in [] if outlets else named_sources(query):
        groups.append([c for c in ranked if attributes_to(engine.chunks[c].text, name)])
    groups = [group for group in groups if group]
    return take_turns(groups, ranked) if groups else ranked


def boost_windows(
    engine: Engine, query: str, fused: dict[str, float], notes: list[str] | None
) -> None:
    """Lift passages of articles dated in a time the question names."""
    newest = engine.newest_date
    windows = time_windows(query, newest, lambda event: event_day(engine, event))
    if not windows:
        return
    dated = {
        cid: date.fromisoformat(engine.chunks[cid].date or "")
        for cid in fused
        if engine.chunks[cid].date
    }
    inside = {cid for cid, day in dated.items() if any(w.holds(day) for w in windows)}
    for cid in inside:
        fused[cid] += TIME_WEIGHT
    if notes is not None:
        said = "; ".join(f'{w.describe()} ("{w.said}")' for w in windows)
        if inside:
            notes.append(f"Articles dated {said} came first.")
        else:
            notes.append(f"No article found is dated {said}; searched all dates.")


def event_day(engine: Engine, event: str) -> date | None:
    """The date the articles most often give an event ("the coup": "the July 26 coup"),
    read from the passages that best match it; the year is the passage's article's."""
    head = event.split()[-1].lower()
    near = event_dates(head)
    votes: Counter[tuple[int, int]] = Counter()
    years: dict[tuple[int, int], int] = {}
    for chunk_id in engine.bm25_hits(event, EVENT_PASSAGES):
        chunk = engine.chunks[chunk_id]
        for match in near.finditer(chunk.text):
            found = month_day(match.group(1))
            if found:
                votes[found] += 1
                if chunk.date:
                    years.setdefault(found, int(chunk.date[:4]))
    if not votes:
        return None
    (month, day), _ = votes.most_common(1)[0]
    year = years.get((month, day)) or (engine.newest_date or date.today()).year
    try:
        return date(year, month, day)
    except ValueError:
        return None


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
