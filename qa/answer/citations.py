"""Citations: one built from a span of a passage, and the wire copies beside it (the other
indexed articles that carry its quote)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from index.core.text.terms import content_terms
from qa.types import Citation, Passage, Reprint

if TYPE_CHECKING:
    from qa.engine.cross_encoder import CrossEncoder
    from qa.engine.engine import Engine

# Two sentences say the same when each, read as a question, has the other answer it (the
# cross-encoder, both ways): paraphrases across the seeds score 0.8-1.0 both ways, sentences
# on another point (a defence minister's talks for a question about another defence minister)
# below 0.05 one way or the other (tests/qa/answer/test_citations.py).
SAME_MIN = 0.5
# Sentences sharing this share of the shorter one's content terms are the same (wire copy).
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
    )


def says_same(reranker: CrossEncoder, first: str, second: str) -> bool:
    """Whether the two sentences state the same thing (a corroboration or a repetition)."""
    a, b = content_terms(first), content_terms(second)
    if a and b and len(a & b) >= SAME_TERMS * min(len(a), len(b)):
        return True
    forward = float(reranker.probabilities(first, [second])[0])
    return forward >= SAME_MIN and float(reranker.probabilities(second, [first])[0]) >= SAME_MIN


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
                )
                for a, start, end in engine.copies.echoes_of(c.article_id, c.start, c.end)
                if a in entries and a != c.article_id
            ],
        )
        for c in citations
    ]
