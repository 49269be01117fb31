"""What an answerer is given: the question, what retrieval found, and what was said so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.analyze.question import QuestionAnalysis
from qa.retrieval.filters import Filters
from qa.retrieval.parts import PartEvidence
from qa.types import Passage


@dataclass(frozen=True)
class AnswerRequest:
    """One question to answer from retrieved passages.

    - `question`: as asked; `query`: as searched (normalised, cut, follow-ups made standalone).
    - `passages`: the top_k passages the answer is written from, best first.
    - `more`: further passages, read only for sources that disagree with the answer.
    - `filters`, `history`: the outlet/date limits and earlier questions the search used.
    - `notes`: said with the answer so far (truncation, rewrites, filters, the engine's).
    - `timings_ms`: milliseconds spent so far ("retrieve", "rerank"); the answerer adds its own.
    - `analysis`: what the question asks for and its parts (qa/analyze); None: not analysed.
    - `parts`: each part's own passages, for compound questions.
    """

    question: str
    query: str
    passages: list[Passage]
    more: list[Passage] = field(default_factory=list)
    filters: Filters | None = None
    history: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    analysis: QuestionAnalysis | None = None
    parts: list[PartEvidence] = field(default_factory=list)
