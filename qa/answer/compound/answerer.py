"""Answers to compound questions, offline: verdicts, choices, orders and bridging entities
from each part's own evidence (qa/analyze takes the question apart)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from index.core.settings import Settings
from qa.answer.citations import extractive_answer_of
from qa.answer.compound.entity import entity_answer
from qa.answer.compound.evidence import part_findings
from qa.answer.compound.verdict import (
    CompoundResult,
    order_answer,
    source_answer,
    verdict_answer,
)
from qa.answer.request import AnswerRequest
from qa.engine.engine import Engine
from qa.types import Answer

# Kinds this answerer writes; the others are the extractive answerer's.
COMPOUND_KINDS = frozenset({"verdict", "choice", "order", "source", "entity", "unanswerable"})
LETTERS = (
    "The indexed articles cannot answer this: it asks about letters of names, which no "
    "article states."
)


def unanswerable_text(missing_sources: tuple[str, ...]) -> str:
    if not missing_sources:
        return LETTERS
    names = " or ".join(missing_sources)
    return (
        f"The indexed articles cannot answer this: it relies on what {names} reported, and "
        f"no indexed article is from {names} - add their articles to the index to ask about them."
    )


@dataclass(frozen=True)
class CompoundAnswerer:
    """Writes the answer of a verdict, choice, order, entity or unanswerable question."""

    engine: Engine
    settings: Settings

    def result(self, request: AnswerRequest) -> CompoundResult:
        analysis = request.analysis
        assert analysis is not None and analysis.kind in COMPOUND_KINDS
        if analysis.kind == "unanswerable":
            return CompoundResult(unanswerable_text(analysis.missing_sources), "", grounded=False)
        if analysis.kind == "entity":
            return entity_answer(analysis, request.parts, request.passages, engine=self.engine)
        findings = part_findings(self.engine, request.parts)
        if analysis.kind == "order":
            return order_answer(analysis, findings)
        if analysis.kind == "source":
            return source_answer(findings)
        return verdict_answer(analysis, findings)

    def answer(self, request: AnswerRequest, found: CompoundResult | None = None) -> Answer:
        """The Answer for `request`; `found`: its `result`, when the caller has it already."""
        started = time.perf_counter()
        found = found or self.result(request)
        return extractive_answer_of(
            self.engine,
            request,
            started=started,
            citations=found.citations,
            text=found.text,
            grounded=found.grounded,
            short=found.short,
            parts=found.parts,
        )
