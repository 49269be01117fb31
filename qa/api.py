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
    from qa.hybrid import hybrid_search

    settings = settings or Settings.load()
    query, _ = _search_text(question, settings)
    return hybrid_search(open_engine(settings), query, k)


def ask(
    question: str,
    *,
    top_k: int | None = None,
    settings: Settings | None = None,
    history: list[str] | None = None,
) -> Answer:
    """Answer `question` from the indexed articles, citing the sentences the answer rests on.

    `history` holds the conversation's earlier questions: a follow-up ("and how many
    Americans?") is rewritten to stand alone before the search (noted in `Answer.notes`).
    """
    for piece in ask_stream(question, top_k=top_k, settings=settings, history=history):
        if isinstance(piece, Answer):
            return piece
    raise AssertionError("ask_stream ends with an Answer")  # pragma: no cover


def ask_stream(
    question: str,
    *,
    top_k: int | None = None,
    settings: Settings | None = None,
    history: list[str] | None = None,
) -> Iterator[str | Answer]:
    """Like `ask()`, but yields the answer text in pieces as it is produced, then the Answer.

    With an LLM configured the pieces are its tokens (before the citation check; the final
    Answer holds the checked text). An extractive answer is chosen whole: one piece.
    """
    from qa.condense import condense_question
    from qa.engine import open_engine
    from qa.hybrid import hybrid_search

    settings = settings or Settings.load()
    query, notes = _search_text(question, settings)
    if history:
        standalone = condense_question(query, history, settings)
        if standalone != query:
            query, notes = standalone, [*notes, f"Searched as: {standalone}"]
    engine = open_engine(settings)
    notes = [*notes, *engine.notes]
    started = time.perf_counter()
    timings: dict[str, float] = {}
    passages = hybrid_search(engine, query, top_k or settings.top_k, timings)
    timings["retrieve"] = round(
        (time.perf_counter() - started) * 1000 - timings.get("rerank", 0.0), 1
    )

    def extractive(notes: list[str]) -> Answer:
        from qa.extractive import extractive_answer

        started = time.perf_counter()
        text, grounded, citations = extractive_answer(
            query,
            passages,
            engine.reranker,
            lambda: engine.term_stats,
            settings.min_support,
            lambda p: engine.sentence_spans(p.passage_id, p.text),
        )
        answered = {"answer": round((time.perf_counter() - started) * 1000, 1)}
        return Answer(
            question,
            text,
            grounded,
            citations,
            passages,
            notes=notes,
            timings_ms={**timings, **answered},
            query=query,
        )

    if settings.llm == "none":
        answer = extractive(notes)
        yield answer.text
        yield answer
        return
    from qa.generate import generated_answer

    yield from generated_answer(
        question, query, passages, engine, settings, notes, timings, extractive
    )


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
