"""`ask()` and `retrieve()`: the one engine behind the CLI, the UI and Python callers."""

from __future__ import annotations

import time
from collections.abc import Iterator

from index.errors import QuestionError
from index.settings import Settings
from qa.types import Answer, Passage


def retrieve(question: str, k: int = 10, *, settings: Settings | None = None) -> list[Passage]:
    """The `k` passages of the live index that best match `question`, best first."""
    from qa.engine import open_engine
    from qa.retrieve import hybrid_search

    settings = settings or Settings.load()
    query, _ = _search_text(question, settings)
    return hybrid_search(open_engine(settings), query, k)


def ask(question: str, *, top_k: int | None = None, settings: Settings | None = None) -> Answer:
    """Answer `question` from the indexed articles, citing the sentences the answer rests on."""
    from qa.engine import open_engine
    from qa.extractive import extractive_answer
    from qa.retrieve import hybrid_search

    settings = settings or Settings.load()
    query, notes = _search_text(question, settings)
    engine = open_engine(settings)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    passages = hybrid_search(engine, query, top_k or settings.top_k, timings)
    retrieved = time.perf_counter()
    text, grounded, citations = extractive_answer(
        query,
        passages,
        engine.reranker,
        lambda: engine.term_stats,
        settings.min_support,
    )
    answered = time.perf_counter()
    return Answer(
        question=question,
        text=text,
        grounded=grounded,
        citations=citations,
        passages=passages,
        notes=notes,
        timings_ms={
            "retrieve": round((retrieved - started) * 1000 - timings.get("rerank", 0.0), 1),
            **timings,
            "answer": round((answered - retrieved) * 1000, 1),
        },
    )


def ask_stream(question: str, *, settings: Settings | None = None) -> Iterator[str | Answer]:
    """Like `ask()`, but yields the answer text in pieces as it is produced, then the Answer.

    An extractive answer is chosen whole, so it arrives as one piece.
    """
    answer = ask(question, settings=settings)
    yield answer.text
    yield answer


def article_text(article_id: str, *, settings: Settings | None = None) -> str:
    """The cleaned text of an indexed article: every Citation's `start`/`end` index into it."""
    from qa.engine import open_engine

    return open_engine(settings or Settings.load()).article_text(article_id)


def _search_text(question: object, settings: Settings) -> tuple[str, list[str]]:
    """The question as searched: validated, whitespace-normalised, cut to the length limit."""
    if not isinstance(question, str):
        raise QuestionError(f"The question must be text, not {type(question).__name__}")
    text = " ".join(question.split())
    if not text:
        raise QuestionError("The question is empty - type a question about the articles")
    if len(text) <= settings.max_question_chars:
        return text, []
    cut = (
        text[: settings.max_question_chars].rsplit(" ", 1)[0] or text[: settings.max_question_chars]
    )
    return cut, [
        f"The question was {len(text):,} characters; only its first {len(cut):,} were searched "
        "(NEWSQA_MAX_QUESTION_CHARS)."
    ]
