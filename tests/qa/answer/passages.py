"""Constructed passages for answer tests: one sentence per line, one article per call."""

from __future__ import annotations

from qa.types import Passage


def article(article_id: str, *sentences: str, date: str | None = None) -> Passage:
    """A whole article as one passage; its sentences separated by spaces."""
    text = " ".join(sentences)
    return Passage(
        passage_id=f"{article_id}#0",
        article_id=article_id,
        title=sentences[0][:60],
        outlet=None,
        date=date,
        text=text,
        start=0,
        end=len(text),
        score=1.0,
    )
