"""Wire copy beside a citation: the other indexed articles that carry its quote."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qa.types import Citation, Reprint

if TYPE_CHECKING:
    from qa.engine.engine import Engine


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
