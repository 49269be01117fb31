"""Citations: one built from a span of a passage, and the wire copies beside it (the other
indexed articles that carry its quote)."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from index.core.text.terms import content_terms
from index.core.text.values import marks_disagree, value_marks
from qa.types import Answer, Citation, Passage, Reprint

if TYPE_CHECKING:
    from index.embed.embedder import Embedder
    from qa.answer.request import AnswerRequest
    from qa.engine.engine import Engine

# Two sentences state the same thing when the embedder puts them this close or they share
# this share of the shorter one's content terms. Both are strict on purpose (a wrong
# "same" cites an unrelated sentence): on the seeds' pairs, copies and close paraphrases score
# 0.90-0.98 cosine, sentences on another point of the same story up to 0.79
# (tests/qa/answer/test_citations.py); a fact repeated as a clause shares 0.9 of the terms.
SAME_COSINE = 0.85
SAME_TERMS = 0.8


def cite(n: int, passage: Passage, *, start: int, end: int, score: float) -> Citation:
    """Citation [n] of `passage.text[start:end]`; its `start`/`end` index the article's text."""
    return Citation(
        n=n,
        article_id=passage.article_id,
        title=passage.title,
        outlet=passage.outlet,
        date=passage.date,
        quote=passage.text[start:end],
        start=passage.start + start,
        end=passage.start + end,
        score=score,
        url=passage.url,
        author=passage.author,
    )


def same_statements(texts: list[str], embedder: Embedder | None) -> np.ndarray:
    """`same[i, j]`: whether texts i and j state the same thing (a corroboration or a
    repetition). Without an embedder only shared terms count. Two texts that differ in a
    number, date or name never do, however close ("about 1500 troops" / "about 7000 troops"
    score 0.94 cosine): they are sources that disagree (index/core/text/values.py)."""
    terms = [content_terms(t) for t in texts]
    same = np.array(
        [
            [bool(a and b and len(a & b) >= SAME_TERMS * min(len(a), len(b))) for b in terms]
            for a in terms
        ],
        dtype=bool,
    ).reshape(len(texts), len(texts))
    if embedder is not None and len(texts) > 1:
        vectors = np.asarray(embedder.embed_passages(texts), dtype=float)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        same |= vectors @ vectors.T >= SAME_COSINE
    marks = [value_marks(t) for t in texts]
    for i, j in zip(*np.nonzero(same), strict=True):
        if i < j and marks_disagree(marks[i], marks[j]):
            same[i, j] = same[j, i] = False
    return same


def with_reprints(engine: Engine, citations: list[Citation]) -> list[Citation]:
    """Each citation with the other articles that carry its quote (wire copy)."""
    entries = engine.manifest.articles
    return [
        replace(
            c,
            also_reported_by=[
                Reprint(
                    article_id=a,
                    title=entries[a].title,
                    outlet=entries[a].outlet,
                    date=entries[a].date,
                    start=start,
                    end=end,
                    url=entries[a].url,
                )
                for a, start, end in engine.copies.echoes_of(c.article_id, c.start, c.end)
                if a in entries and a != c.article_id
            ],
        )
        for c in citations
    ]


def extractive_answer_of(
    engine: Engine,
    request: AnswerRequest,
    *,
    started: float,
    citations: list[Citation],
    **fields: object,
) -> Answer:
    """The Answer of an offline answerer for `request`: its citations with their wire copies,
    the request's passages, notes and timings with "answer" (ms since `started`, a
    perf_counter reading) added, and `fields` (text, grounded, short, ...)."""
    answered = round((time.perf_counter() - started) * 1000, 1)
    return Answer(
        question=request.question,
        citations=with_reprints(engine, citations),
        passages=request.passages,
        mode="extractive",
        notes=request.notes,
        timings_ms={**request.timings_ms, "answer": answered},
        query=request.query,
        kind=request.analysis.kind if request.analysis else "fact",
        **fields,  # type: ignore[arg-type]
    )
