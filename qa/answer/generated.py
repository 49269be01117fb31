"""Generated answers: stream the LLM's tokens, then check every citation (qa/answer/citecheck.py).

When the generated answer cannot be trusted (the LLM failed, no sentence is supported, or the
supported text does not answer the question) the extractive answerer answers instead, with a
note saying why.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from index.core.errors import LLMError
from index.core.settings import Settings
from qa.answer.candidates import NOT_COVERED, candidate_sentences
from qa.answer.citations import with_reprints
from qa.answer.citecheck import CheckedAnswer, check_generated
from qa.answer.compound.answerer import COMPOUND_KINDS, CompoundAnswerer
from qa.answer.compound.generated import GeneratedCompound
from qa.answer.conflicts import asked_kind
from qa.answer.excerpts import answer_prompt
from qa.answer.extractive import ExtractiveAnswerer, find_conflict, quote_support
from qa.answer.request import AnswerRequest
from qa.answer.short import answer_value
from qa.llm.backends import stream_reply
from qa.types import Answer, Citation, Conflict

if TYPE_CHECKING:
    from qa.engine.engine import Engine


@dataclass(frozen=True)
class GeneratedAnswerer:
    """Answers with the configured LLM, keeping only the sentences their sources support."""

    engine: Engine
    settings: Settings
    extractive: ExtractiveAnswerer

    def stream(self, request: AnswerRequest) -> Iterator[str | Answer]:
        """Yield the model's tokens as they come, then the checked Answer (or the extractive
        answerer's, noted). The tokens are the text before the citation check."""
        if request.analysis is not None and request.analysis.kind in COMPOUND_KINDS:
            compound = GeneratedCompound(CompoundAnswerer(self.engine, self.settings))
            yield from compound.stream(request)
            return
        if not request.passages:
            yield self.extractive.answer(request)
            return
        started = time.perf_counter()
        timings = dict(request.timings_ms)
        pieces: list[str] = []
        try:
            messages = answer_prompt(
                request.query, request.passages, engine=self.engine, settings=self.settings
            )
            for delta in stream_reply(self.settings, messages):
                if not pieces:
                    timings["first_token"] = round((time.perf_counter() - started) * 1000, 1)
                pieces.append(delta)
                yield delta
        except LLMError as err:
            note = f"No generated answer: {err}; answered from the articles."
            yield self._fallback(replace(request, timings_ms=timings), note)
            return
        checked = check_generated(
            "".join(pieces), request.passages, self.engine.term_stats, self.settings.citation_min
        )
        timings["answer"] = round((time.perf_counter() - started) * 1000, 1)
        yield self._checked(replace(request, timings_ms=timings), checked)

    def _checked(self, request: AnswerRequest, checked: CheckedAnswer) -> Answer:
        """The Answer from a checked reply, or the extractive one when the reply is no answer."""
        removed = [c for c in checked.checks if not c.kept and c.verdict != "says-not-covered"]
        if removed:
            note = (
                f"{len(removed)} generated sentence(s) removed: their sources do not support them."
            )
            request = replace(request, notes=[*request.notes, note])
        if not checked.citations:
            if checked.says_not_covered:
                return self._answer(request, checked, text=NOT_COVERED, citations=[])
            note = "The generated answer had no supported sentence; answered from the articles."
            return self._fallback(request, note, checked)
        relevance = quote_support(request.query, checked.citations, self.engine.reranker)
        if relevance < self.settings.min_support:
            # Supported by its sources, but not an answer to the question (a small model may
            # copy any sentence): the extractive path answers or says the articles do not cover it.
            note = (
                f"The generated answer did not answer the question (support {relevance:.2f} < "
                f"NEWSQA_MIN_SUPPORT {self.settings.min_support}); answered from the articles."
            )
            return self._fallback(request, note, checked)
        return self._with_conflict(request, checked)

    def _with_conflict(self, request: AnswerRequest, checked: CheckedAnswer) -> Answer:
        """The checked answer, with the side of a conflict the model left out added, cited."""
        citations = list(checked.citations)
        pool = candidate_sentences([*request.passages, *request.more], self.extractive.spans)
        conflict = find_conflict(
            request.query,
            pool,
            {},
            self.engine.reranker,
            min_support=self.settings.min_support,
            citations=citations,
            copies=self.engine.copies,
        )
        if conflict is None:
            return self._answer(request, checked, text=checked.text, citations=citations)
        text = checked.text
        # The check runs on the output: a model that left a side out gets it said, cited.
        if not all(v.value.lower() in text.lower() for v in conflict.versions):
            text = f"{text}\n{conflict.text}"
            note = "The sources disagree: each side is added from the articles, cited."
            request = replace(request, notes=[*request.notes, note])
        return self._answer(request, checked, text=text, citations=citations, conflict=conflict)

    def _answer(
        self,
        request: AnswerRequest,
        checked: CheckedAnswer,
        *,
        text: str,
        citations: list[Citation],
        conflict: Conflict | None = None,
    ) -> Answer:
        # A name, number or date question: the value the generated answer gives, if any.
        asked = asked_kind(request.query)
        value = answer_value(asked, text, request.query) if asked and citations else None
        return Answer(
            question=request.question,
            text=text,
            grounded=bool(citations),
            citations=with_reprints(self.engine, citations),
            passages=request.passages,
            mode="generated",
            notes=request.notes,
            timings_ms=request.timings_ms,
            checks=checked.checks,
            query=request.query,
            conflicts=[conflict] if conflict else [],
            short=value.text if value else "",
            kind=request.analysis.kind if request.analysis else "fact",
        )

    def _fallback(
        self, request: AnswerRequest, note: str, checked: CheckedAnswer | None = None
    ) -> Answer:
        """The extractive answer with `note` said, keeping the generated reply's checks."""
        answer = self.extractive.answer(replace(request, notes=[*request.notes, note]))
        return replace(answer, checks=checked.checks) if checked else answer
