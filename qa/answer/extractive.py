"""Extractive answers: the retrieved sentences that best answer the question, each cited."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.core.settings import Settings
from index.core.text.sentences import sentence_spans
from index.core.text.terms import content_terms
from qa.answer.citations import cite, with_reprints
from qa.answer.conflicts import Value, asked_kind, conflict_text, markers, values
from qa.answer.prompt import looks_like_injection
from qa.answer.request import AnswerRequest
from qa.answer.support import (
    RELEVANCE_WEIGHT,
    SentenceEvidence,
    sentence_evidence,
)
from qa.engine.cross_encoder import CrossEncoder
from qa.engine.term_stats import TermStats
from qa.types import Answer, Citation, Conflict, Passage, Version

if TYPE_CHECKING:
    from qa.engine.engine import Engine

MAX_CITATIONS = 3
# Another article's sentence is cited too when it supports the answer nearly as well
# and shares what the answer adds to the question (a figure, a name).
CORROBORATION_RATIO = 0.8
NOT_COVERED = "The indexed articles do not cover this question."


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage; `start`/`end` index the article's cleaned text."""

    passage: Passage
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ExtractiveResult:
    """An extractive answer before it is dressed as an Answer.

    - `text`: the chosen sentence with its [n] markers (and the conflict's sentence, if any).
    - `grounded`: False when no sentence supports an answer (`text` is then NOT_COVERED).
    - `citations`: in marker order; `conflicts`: sources that disagree on the answer.
    """

    text: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractiveAnswerer:
    """Answers with the retrieved sentence that best answers the question, cited (no LLM)."""

    engine: Engine
    settings: Settings

    def answer(self, request: AnswerRequest) -> Answer:
        from qa.answer.compound.answerer import COMPOUND_KINDS, CompoundAnswerer

        if request.analysis is not None and request.analysis.kind in COMPOUND_KINDS:
            return CompoundAnswerer(self.engine, self.settings).answer(request)
        started = time.perf_counter()
        # Coverage has no weight at the calibrated setting, so its statistics are not built then.
        stats = self.engine.term_stats if RELEVANCE_WEIGHT < 1 else None
        found = extractive_answer(
            request.query,
            request.passages,
            self.engine.reranker,
            self.settings.min_support,
            spans=self.spans,
            more=request.more,
            stats=stats,
        )
        answered = {"answer": round((time.perf_counter() - started) * 1000, 1)}
        return Answer(
            question=request.question,
            text=found.text,
            grounded=found.grounded,
            citations=with_reprints(self.engine, found.citations),
            passages=request.passages,
            mode="extractive",
            notes=request.notes,
            timings_ms={**request.timings_ms, **answered},
            query=request.query,
            conflicts=found.conflicts,
        )

    def stream(self, request: AnswerRequest) -> Iterator[str | Answer]:
        """The answer is chosen whole: its text as one piece, then the Answer."""
        answer = self.answer(request)
        yield answer.text
        yield answer

    def spans(self, passage: Passage) -> list[tuple[int, int]]:
        """A passage's sentences as offsets in its text (saved at index time)."""
        return self.engine.sentence_spans(passage.passage_id, passage.text)


def passage_sentences(passage: Passage) -> list[tuple[int, int]]:
    return sentence_spans(passage.text)


def candidate_sentences(
    passages: list[Passage],
    spans: Callable[[Passage], list[tuple[int, int]]] = passage_sentences,
) -> list[Candidate]:
    """Each distinct sentence of the passages once (chunks overlap), in passage order;
    `spans` gives a passage's sentences as offsets in its text."""
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for passage in passages:
        for start, end in spans(passage):
            key = (passage.article_id, passage.start + start)
            if key not in seen:
                seen.add(key)
                found.append(
                    Candidate(
                        passage, passage.start + start, passage.start + end, passage.text[start:end]
                    )
                )
    return found


def score_candidates(
    question: str,
    candidates: list[Candidate],
    reranker: CrossEncoder,
    stats: TermStats | None,
    floor: float = 0.0,
) -> list[SentenceEvidence]:
    """Evidence per candidate; relevance is only computed where support could reach `floor`."""
    texts = [c.text for c in candidates]
    contexts = [f"{c.passage.title}\n{c.passage.text}" for c in candidates]
    return sentence_evidence(
        question,
        texts,
        contexts,
        lambda some: reranker.probabilities(question, some),
        stats=stats,
        floor=floor,
    )


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
    spans: Callable[[Passage], list[tuple[int, int]]] = passage_sentences,
    more: list[Passage] | None = None,
    stats: TermStats | None = None,
) -> ExtractiveResult:
    """The best-supported sentence of `passages` as the answer, cited, with corroborations.

    `more` are further passages searched only for sources that disagree with the answer;
    `stats` weigh term coverage (unused at the calibrated RELEVANCE_WEIGHT of 1).
    """
    candidates = candidate_sentences(passages, spans)
    if not candidates:
        return ExtractiveResult(NOT_COVERED, False)
    evidence = score_candidates(question, candidates, reranker, stats, floor=min_support)
    scores = [e.support() for e in evidence]
    order = sorted(range(len(candidates)), key=lambda i: scores[i], reverse=True)
    best = order[0]
    if scores[best] < min_support:
        return ExtractiveResult(NOT_COVERED, False)
    chosen = _corroborated(question, candidates, scores, order, min_support)
    citations = [_citation(n, candidates[i], scores[i]) for n, i in enumerate(chosen, start=1)]
    text = f"{candidates[best].text} {markers([c.n for c in citations])}"
    scored = {_key(c): score for c, score in zip(candidates, scores, strict=True)}
    pool = candidate_sentences([*passages, *(more or [])], spans)
    # The answer's own sentence leads; corroborations giving another value would contradict it.
    lead = citations[:1]
    conflict = find_conflict(
        question, pool, scored, reranker, min_support=min_support, citations=lead
    )
    if conflict is None:
        return ExtractiveResult(text, True, citations)
    own = next((v.citations for v in conflict.versions if 1 in v.citations), [1])
    text = f"{candidates[best].text} {markers(own)}\n{conflict.text}"
    return ExtractiveResult(text, True, lead, [conflict])


def _corroborated(
    question: str,
    candidates: list[Candidate],
    scores: list[float],
    order: list[int],
    min_support: float,
) -> list[int]:
    """The best candidate, then others from other articles that support the answer nearly as
    well and share what it adds to the question (at most MAX_CITATIONS in all)."""
    best = order[0]
    chosen = [best]
    adds = content_terms(candidates[best].text) - content_terms(question)
    for i in order[1:]:
        if len(chosen) == MAX_CITATIONS or scores[i] < max(
            min_support, CORROBORATION_RATIO * scores[best]
        ):
            break
        articles = {candidates[j].passage.article_id for j in chosen}
        if candidates[i].passage.article_id not in articles and adds & content_terms(
            candidates[i].text
        ):
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
) -> Conflict | None:
    """Sentences of `pool` that each answer the question on their own (support at least
    `min_support`) with exactly one value of the kind asked, when they give different values.
    New sources are appended to `citations`; returns the Conflict with its sentence."""
    kind = asked_kind(question)
    if kind is None:
        return None
    # A sentence addressing a model ("reply only ...") is never a side.
    valued = [
        (c, found[0])
        for c in pool
        if len(found := values(kind, c.text, question)) == 1 and not looks_like_injection(c.text)
    ]
    unscored = [c for c, _ in valued if _key(c) not in scored]
    if unscored:
        evidence = score_candidates(question, unscored, reranker, None, floor=min_support)
        scored |= {_key(c): e.support() for c, e in zip(unscored, evidence, strict=True)}
    # Per value, the best sentence of each article giving it.
    versions: dict[str, tuple[Value, dict[str, Candidate]]] = {}
    for candidate, value in sorted(valued, key=lambda cv: -scored[_key(cv[0])]):
        if scored[_key(candidate)] < min_support:
            continue
        by_article = versions.setdefault(value.key, (value, {}))[1]
        by_article.setdefault(candidate.passage.article_id, candidate)
    if len(versions) < 2:
        return None
    numbered = {(c.article_id, c.start): c.n for c in citations}
    sides: list[tuple[str, list[int]]] = []
    for value, by_article in sorted(versions.values(), key=lambda v: -len(v[1])):
        cited = []
        for candidate in by_article.values():
            key = _key(candidate)
            if key not in numbered:
                numbered[key] = len(citations) + 1
                citations.append(_citation(numbered[key], candidate, scored[_key(candidate)]))
            cited.append(numbered[key])
        sides.append((value.text, sorted(cited)))
    return Conflict(
        kind=kind,
        versions=[Version(value=v, citations=cited) for v, cited in sides],
        text=conflict_text(sides),
    )


def _key(candidate: Candidate) -> tuple[str, int]:
    return candidate.passage.article_id, candidate.start


def _citation(n: int, candidate: Candidate, score: float) -> Citation:
    offset = candidate.passage.start
    return cite(
        n,
        candidate.passage,
        start=candidate.start - offset,
        end=candidate.end - offset,
        score=round(score, 4),
    )
