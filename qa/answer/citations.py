"""Citations: one built from a span of a passage, and the wire copies beside it (the other
indexed articles that carry its quote)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qa.types import Citation, Passage, Reprint

if TYPE_CHECKING:
    from qa.engine.engine import Engine


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
