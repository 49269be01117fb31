"""Hybrid retrieval as configured stages: dense (Chroma) and BM25 candidates fused by
normalised score, passages dated in a time the question names lifted, the best candidates
lifted by their best-matching sentence, then the best passages of each outlet the question
names take turns at the top, wire copies pass below, and an optional cross-encoder rerank.

Measured on MultiHop-RAG dev (docs/retrieval.md): BM25 over text plus title, outlet and date,
mixed 0.7 with 0.3 dense, a 0.3 sentence bonus, then outlet turns, is the best of the variants
tried. The values are a RetrievalConfig (qa/retrieval/config.py, from Settings); a bench
passes another config or its own stage list to Retriever.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from index.core.text.dates import event_dates, month_day
from qa.engine.engine import Engine
from qa.retrieval.config import RetrievalConfig
from qa.retrieval.filters import Filters
from qa.retrieval.ranking import Ranking, Search, Stage, StageResult
from qa.retrieval.stages import Candidates, Diversity, Fusion, Rerank, SentenceBonus, SourceTurns
from qa.retrieval.times import time_windows
from qa.types import Passage


@dataclass(frozen=True)
class Retrieved:
    """A search's passages (best first; `score` is the fused one), what the question's dates
    and sources changed (`notes`), and stage milliseconds by name (e.g. "rerank")."""

    passages: list[Passage]
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class Retriever:
    """Runs the stages of `config` (default: the engine's settings), or the given `stages`."""

    def __init__(
        self,
        engine: Engine,
        config: RetrievalConfig | None = None,
        *,
        stages: Sequence[Stage] | None = None,
    ) -> None:
        self.engine = engine
        self.config = config or RetrievalConfig.of(engine.settings)
        self.stages = list(stages) if stages is not None else default_stages(self.config)

    def search(self, query: str, k: int, filters: Filters | None = None) -> Retrieved:
        """The `k` best passages for `query`; `filters` limit the search."""
        ranking, notes, timings = run_stages(self.stages, Search(self.engine, query, k, filters))
        passages = [_passage(self.engine, c, ranking.scores[c]) for c in ranking.order[:k]]
        return Retrieved(passages, notes, timings)


def default_stages(config: RetrievalConfig) -> list[Stage]:
    """The product's stages, in order, as `config` sets them."""
    stages: list[Stage] = [
        Candidates(config.candidates),
        Fusion(config.dense_weight),
        TimeBoost(config.time_weight, config.event_passages),
        SentenceBonus(config.sentence_weight, config.sentence_pool),
    ]
    if config.source_turns:
        stages.append(SourceTurns())
    if config.diversity:
        stages.append(Diversity(config.rerank_top))
    if config.rerank_top:
        stages.append(Rerank(config.rerank_top, config.rerank_blend))
    return stages


def run_stages(
    stages: Sequence[Stage], search: Search, ranking: Ranking | None = None
) -> tuple[Ranking, list[str], dict[str, float]]:
    """`ranking` (default: none yet) through `stages`, with their notes and timings; an empty
    ranking (nothing within the filters) ends the run."""
    ranking = ranking or Ranking()
    notes: list[str] = []
    timings: dict[str, float] = {}
    for stage in stages:
        result = stage.apply(ranking, search)
        ranking = result.ranking
        notes.extend(result.notes)
        timings.update(result.timings)
        if ranking.empty:
            break
    return ranking, notes, timings


def hybrid_search(
    engine: Engine, query: str, k: int, *, filters: Filters | None = None
) -> list[Passage]:
    """The `k` best passages for `query` by the engine's settings (Retriever.search gives
    the stages' notes and timings too)."""
    return Retriever(engine).search(query, k, filters).passages


@dataclass(frozen=True)
class TimeBoost:
    """Passages of articles dated in a time the question names gain `weight`; an event it
    names ("before the coup") is dated from the `event_passages` that best match it."""

    weight: float
    event_passages: int

    def apply(self, ranking: Ranking, search: Search) -> StageResult:
        engine, scores = search.engine, dict(ranking.scores)
        windows = time_windows(
            search.query,
            engine.newest_date,
            lambda event: event_day(engine, event, self.event_passages),
        )
        if not windows:
            return StageResult(ranking)
        dated = {
            cid: date.fromisoformat(engine.chunks[cid].date or "")
            for cid in scores
            if engine.chunks[cid].date
        }
        inside = {cid for cid, day in dated.items() if any(w.holds(day) for w in windows)}
        for cid in inside:
            scores[cid] += self.weight
        said = "; ".join(f'{w.describe()} ("{w.said}")' for w in windows)
        if inside:
            note = f"Articles dated {said} came first."
        else:
            note = f"No article found is dated {said}; searched all dates."
        return StageResult(ranking.rescored(scores), (note,))


def event_day(engine: Engine, event: str, passages: int) -> date | None:
    """The date the articles most often give an event ("the coup": "the July 26 coup"),
    read from the passages that best match it; the year is the passage's article's."""
    head = event.split()[-1].lower()
    near = event_dates(head)
    votes: Counter[tuple[int, int]] = Counter()
    years: dict[tuple[int, int], int] = {}
    for chunk_id in engine.bm25_hits(event, passages):
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


def _passage(engine: Engine, chunk_id: str, score: float) -> Passage:
    c = engine.chunks[chunk_id]
    return Passage(
        c.chunk_id,
        c.article_id,
        c.title,
        c.outlet,
        c.date,
        c.text,
        c.start,
        c.end,
        round(score, 4),
        url=c.url,
        author=c.author,
    )
