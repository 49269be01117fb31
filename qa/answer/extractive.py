"""Extractive answers: the retrieved sentences that best answer the question, each cited."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.core.settings import Settings
from qa.analyze.question import is_summary_question
from qa.answer.candidates import (
    NOT_COVERED,
    Candidate,
    ExtractiveResult,
    Spans,
    candidate_citation,
    candidate_sentences,
    passage_sentences,
    score_candidates,
)
from qa.answer.citations import extractive_answer_of, same_statements
from qa.answer.conflicts import SideFinder, Value, asked_kind, markers, values
from qa.answer.request import AnswerRequest
from qa.answer.short import answer_value
from qa.answer.summary import summary_answer
from qa.answer.support import RELEVANCE_WEIGHT, sentence_evidence
from qa.engine.cross_encoder import CrossEncoder
from qa.engine.term_stats import TermStats
from qa.types import Answer, Citation, Conflict, Passage

if TYPE_CHECKING:
    from index.embed.embedder import Embedder
    from qa.engine.copies import WireCopies
    from qa.engine.engine import Engine

MAX_CITATIONS = 3
# Another article's sentence is cited too when it supports the answer nearly as well and
# says the same: it gives the answer's name, number or date, or (for other questions) the
# cross-encoder finds each sentence answering the other (qa/answer/citations.py says_same).
CORROBORATION_RATIO = 0.8


@dataclass(frozen=True)
class ExtractiveAnswerer:
    """Answers with the retrieved sentences that best answer the question, cited (no LLM)."""

    engine: Engine
    settings: Settings

    def answer(self, request: AnswerRequest) -> Answer:
        from qa.answer.compound.answerer import COMPOUND_KINDS, CompoundAnswerer

        if request.analysis is not None and request.analysis.kind in COMPOUND_KINDS:
            return CompoundAnswerer(self.engine, self.settings).answer(request)
        started = time.perf_counter()
        found = self.find(request)
        return extractive_answer_of(
            self.engine,
            request,
            started=started,
            citations=found.citations,
            text=found.text,
            grounded=found.grounded,
            conflicts=found.conflicts,
            short=found.short,
        )

    def find(self, request: AnswerRequest) -> ExtractiveResult:
        """The one place the kind of answer is chosen: a summary, or one cited sentence."""
        # Coverage has no weight at the calibrated setting, so its statistics are not built then.
        stats = self.engine.term_stats if RELEVANCE_WEIGHT < 1 else None
        reranker, min_support = self.engine.reranker, self.settings.min_support
        if is_summary_question(request.query):
            return summary_answer(
                request.query,
                request.passages,
                reranker,
                min_support,
                spans=self.spans,
                stats=stats,
                embedder=self.engine.embedder,
            )
        return extractive_answer(
            request.query,
            request.passages,
            reranker,
            min_support,
            spans=self.spans,
            more=request.more,
            stats=stats,
            embedder=self.engine.embedder,
            copies=self.engine.copies,
        )

    def stream(self, request: AnswerRequest) -> Iterator[str | Answer]:
        """The answer is chosen whole: its text as one piece, then the Answer."""
        answer = self.answer(request)
        yield answer.text
        yield answer

    def spans(self, passage: Passage) -> list[tuple[int, int]]:
        """A passage's sentences as offsets in its text (saved at index time)."""
        return self.engine.passage_spans(passage)


def quote_support(question: str, citations: list[Citation], reranker: CrossEncoder) -> float:
    """How well the best of the quotes answers the question (the extractive answer's scale)."""
    if not citations:
        return 0.0
    texts = [c.quote for c in citations]
    contexts = [f"{c.title}\n{c.quote}" for c in citations]
    evidence = sentence_evidence(
        question, texts, contexts, lambda some: reranker.probabilities(question, some)
    )
    return max(e.support() for e in evidence)


def extractive_answer(
    question: str,
    passages: list[Passage],
    reranker: CrossEncoder,
    min_support: float,
    *,
    spans: Spans = passage_sentences,
    more: list[Passage] | None = None,
    stats: TermStats | None = None,
    embedder: Embedder | None = None,
    copies: WireCopies | None = None,
) -> ExtractiveResult:
    """The best-supported sentence of `passages` as the answer, cited, with corroborations.

    A question asking for a name, number or date is answered only by a sentence giving one
    it does not already hold, else not at all; `short` is that value when it is clear. When
    sources disagree on it, the answer leads with the value most independent sources give
    (conflicts.SideFinder; `copies` says which articles are copies of one story) and says
    the others in a conflict line.
    `more` are further passages searched only for sources that disagree with the answer;
    `stats` weigh term coverage (unused at the calibrated RELEVANCE_WEIGHT of 1); `embedder`
    judges which other sentences say the same as the answer (citations.same_statements).
    """
    candidates = candidate_sentences(passages, spans)
    evidence = score_candidates(question, candidates, reranker, stats, floor=min_support)
    scored = {c.key: e.support() for c, e in zip(candidates, evidence, strict=True)}
    ranked = sorted(candidates, key=lambda c: scored[c.key], reverse=True)
    kind = asked_kind(question)
    if kind is not None:
        ranked = [c for c in ranked if values(kind, c.text, question)]
    if not ranked or scored[ranked[0].key] < min_support:
        return ExtractiveResult(NOT_COVERED, False)
    pool = candidate_sentences([*passages, *(more or [])], spans)
    finder = SideFinder(question, pool, scored, reranker, min_support, copies)
    best = _lead(finder, ranked[0])
    if best is not ranked[0]:
        ranked = [best, *(c for c in ranked if c.key != best.key)]
    value = answer_value(kind, best.text, question) if kind else None
    chosen = _corroborated(
        question,
        ranked,
        [scored[c.key] for c in ranked],
        min_support=min_support,
        value=value,
        embedder=embedder,
    )
    citations = [
        candidate_citation(n, ranked[i], scored[ranked[i].key]) for n, i in enumerate(chosen, 1)
    ]
    text = f"{best.text} {markers([c.n for c in citations])}"
    short = value.text if value else ""
    # The answer's own sentence leads; corroborations giving another value would contradict it.
    lead = citations[:1]
    conflict = finder.conflict(lead)
    if conflict is None:
        return ExtractiveResult(text, True, citations, short=short)
    own = next((v.citations for v in conflict.versions if 1 in v.citations), [1])
    text = f"{best.text} {markers(own)}\n{conflict.text}"
    return ExtractiveResult(text, True, lead, [conflict], short=short)


def _lead(finder: SideFinder, best: Candidate) -> Candidate:
    """The answer's sentence: `best`, unless sources disagree and more independent sources
    (or, as many, more articles) give another value than any `best` gives; then the
    best-supported sentence of that value. On a tie `best` stays."""
    kind = asked_kind(finder.question)
    given = {v.key for v in values(kind, best.text, finder.question)} if kind else set()
    sides = finder.sides(next(iter(given)) if len(given) == 1 else None)
    if len(sides) < 2:
        return best
    own = next((s for s in sides if s.value.key in given), None)
    # A sentence on no side (it gives several values) stands for its own article alone.
    held = (own.independent, len(own.sentences)) if own else (1, 1)
    top = sides[0]
    if (top.independent, len(top.sentences)) <= held:
        return best
    return next(iter(top.sentences.values()))


def _corroborated(
    question: str,
    ranked: list[Candidate],
    scores: list[float],
    *,
    min_support: float,
    value: Value | None,
    embedder: Embedder | None,
) -> list[int]:
    """The best candidate (`ranked[0]`), then others from other articles that support the
    answer nearly as well and say the same: give its `value` (the name, number or date
    asked for), or, without one, state the same thing (at most MAX_CITATIONS)."""
    floor = max(min_support, CORROBORATION_RATIO * scores[0])
    own = ranked[0].passage.article_id
    close = [
        i
        for i in range(1, len(ranked))
        if scores[i] >= floor and ranked[i].passage.article_id != own
    ]
    if value is not None:
        kind = asked_kind(question)
        same = [
            kind is not None
            and value.key in {v.key for v in values(kind, ranked[i].text, question)}
            for i in close
        ]
    else:
        found = same_statements([ranked[0].text, *(ranked[i].text for i in close)], embedder)
        same = list(found[0, 1:])
    chosen = [0]
    for i, agrees in zip(close, same, strict=True):
        articles = {ranked[j].passage.article_id for j in chosen}
        if agrees and ranked[i].passage.article_id not in articles and len(chosen) < MAX_CITATIONS:
            chosen.append(i)
    return chosen


def find_conflict(
    question: str,
    pool: list[Candidate],
    scored: dict[tuple[str, int], float],
    reranker: CrossEncoder,
    *,
    min_support: float,
    citations: list[Citation],
    copies: WireCopies | None = None,
) -> Conflict | None:
    """The sources of `pool` that disagree on the value the question asks for, their sides
    ranked as conflicts.SideFinder ranks them; new sources are appended to `citations`."""
    finder = SideFinder(question, pool, scored, reranker, min_support, copies)
    return finder.conflict(citations)
