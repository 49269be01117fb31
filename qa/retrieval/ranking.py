"""What retrieval stages pass along: a ranking of chunk ids, the search it belongs to, and
each stage's result (its ranking, notes and timings). Every stage has one signature,
`stage.apply(ranking, search) -> StageResult`, in the manner of llama-index's node
postprocessors; qa/retrieval/search.py runs them in order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from qa.engine.engine import Engine
    from qa.retrieval.filters import Filters


@dataclass(frozen=True)
class Search:
    """One question's search: the engine, the query, how many passages, the filters."""

    engine: Engine
    query: str
    k: int
    filters: Filters | None = None


@dataclass(frozen=True)
class Ranking:
    """Candidates so far. `dense` and `lexical`: each retriever's raw scores by chunk id (set
    by the candidates stage); `scores`: the fused score of each candidate (a passage's score);
    `order`: chunk ids, best first. Stages return a new Ranking, never change one."""

    dense: dict[str, float] = field(default_factory=dict)
    lexical: dict[str, float] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.dense or self.lexical or self.scores)

    def rescored(self, scores: dict[str, float]) -> Ranking:
        """These scores, the order by them (ties keep the candidates' first order)."""
        return replace(
            self, scores=scores, order=sorted(scores, key=scores.__getitem__, reverse=True)
        )

    def reordered(self, order: list[str]) -> Ranking:
        return replace(self, order=order)


@dataclass(frozen=True)
class StageResult:
    """A stage's ranking, what it tells the reader (`notes`), and its milliseconds by name."""

    ranking: Ranking
    notes: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)


class Stage(Protocol):
    """One step of retrieval, e.g. fusion or the time boost."""

    def apply(self, ranking: Ranking, search: Search) -> StageResult: ...


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
