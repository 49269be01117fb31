"""Evidence per part: each part of a compound question searched under its own outlets and
publication day, merged so that the top passages hold evidence for every part."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from qa.analyze.parts import Part
from qa.analyze.question import QuestionAnalysis
from qa.retrieval.filters import Filters
from qa.retrieval.search import Retrieved, Retriever
from qa.types import Passage

# A question's "on November 18, 2023" may be a day off the article's date (time zones).
DAY_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class PartEvidence:
    """One part of a question and the passages found for it, best first."""

    part: Part
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class PartsRetrieved:
    """A compound question's merged passages (`retrieved`) and each part's own."""

    retrieved: Retrieved
    parts: list[PartEvidence]


def part_filters(part: Part, filters: Filters | None, *, with_day: bool) -> Filters:
    """The part's outlets and day within the user's own filters (theirs win a clash)."""
    base = filters or Filters()
    outlets = part.outlets & base.outlets if base.outlets else part.outlets
    if base.outlets and not outlets:
        outlets = base.outlets
    since, until = base.since, base.until
    if with_day and part.day is not None:
        since = max(d for d in (since, part.day - DAY_SLACK) if d is not None)
        until = min(d for d in (until, part.day + DAY_SLACK) if d is not None)
    return replace(base, outlets=frozenset(outlets), since=since, until=until)


def search_parts(
    retriever: Retriever, analysis: QuestionAnalysis, k: int, filters: Filters | None = None
) -> PartsRetrieved:
    """The `k` best passages for a compound question: each part's best (under its outlets
    and day) take turns with the whole question's, duplicates once."""
    whole = retriever.search(analysis.question, k, filters)
    evidence = []
    timings = dict(whole.timings)
    for part in analysis.parts:
        found = retriever.search(part.text, k, part_filters(part, filters, with_day=True))
        if not found.passages and part.day is not None:
            found = retriever.search(part.text, k, part_filters(part, filters, with_day=False))
        for name, ms in found.timings.items():
            timings[name] = timings.get(name, 0.0) + ms
        evidence.append(PartEvidence(part, found.passages))
    merged = take_passage_turns([*(e.passages for e in evidence), whole.passages], k)
    return PartsRetrieved(replace(whole, passages=merged, timings=timings), evidence)


def take_passage_turns(lists: list[list[Passage]], k: int) -> list[Passage]:
    """The lists' first passages in turn, then their second ..., each passage once."""
    merged: list[Passage] = []
    seen: set[str] = set()
    for rank in range(max((len(x) for x in lists), default=0)):
        for passages in lists:
            if rank < len(passages) and passages[rank].passage_id not in seen:
                seen.add(passages[rank].passage_id)
                merged.append(passages[rank])
                if len(merged) == k:
                    return merged
    return merged
