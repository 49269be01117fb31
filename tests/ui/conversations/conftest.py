"""Answers to save, built by hand (the store never reads the index) or asked for real."""

from __future__ import annotations

from qa.types import Answer, Citation, Reprint


def made_answer(question: str, n: int = 1) -> Answer:
    """An answer with one citation (and one wire copy of it), distinct per `n`."""
    quote = f"About {1000 + n} French troops are deployed in Niger."
    citation = Citation(
        n=1,
        article_id=f"article-{n}.txt",
        title=f"Troops story {n}",
        outlet="WION",
        date="2023-09-05",
        quote=quote,
        start=10 * n,
        end=10 * n + len(quote),
        score=0.9,
        also_reported_by=[Reprint("copy.txt", "A wire copy", "AP", None, 3, 3 + len(quote))],
    )
    return Answer(
        question=question,
        text=f"{quote} [1]",
        grounded=True,
        citations=[citation],
        passages=[],
        notes=["Searched only articles from WION."],
        timings_ms={"retrieve": 12.0, "answer": 30.0},
        query=question,
        short=str(1000 + n),
        kind="value",
    )
