"""`ask()` and `retrieve()`: the one engine behind the CLI, the UI and Python callers."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from index.core.errors import QuestionError
from index.core.settings import Settings
from qa.retrieval.filters import Filters, make_filters
from qa.types import Answer, Citation, Passage, Reprint

if TYPE_CHECKING:
    from qa.engine.engine import Engine

# Passages searched for sources that disagree with the answer (the answer uses the top_k).
CONFLICT_PASSAGES = 10


def retrieve(
    question: str,
    k: int = 10,
    *,
    settings: Settings | None = None,
    outlets: Iterable[str] | str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> list[Passage]:
    """The `k` passages of the live index that best match `question`, best first; `outlets`,
    `since` and `until` (YYYY-MM-DD, both ends included) limit the search as in `ask()`."""
    from qa.engine.engine import open_engine
    from qa.retrieval.search import hybrid_search

    settings = settings or Settings.load()
    query, _ = _search_text(question, settings)
    engine = open_engine(settings)
    filters = make_filters(outlets, since, until, engine.outlet_names)
    return hybrid_search(engine, query, k, filters=filters)


def ask(
    question: str,
    *,
    top_k: int | None = None,
    settings: Settings | None = None,
    history: list[str] | None = None,
    outlets: Iterable[str] | str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Answer:
    """Answer `question` from the indexed articles, citing the sentences the answer rests on.

    `history` holds the conversation's earlier questions: a follow-up ("and how many
    Americans?") is rewritten to stand alone before the search (noted in `Answer.notes`).
    `outlets` (indexed outlet names), `since` and `until` (dates, YYYY-MM-DD, both ends
    included; undated articles are then left out) limit the articles searched. Times and
    sources the question itself names ("in August", "according to Le Monde") are favoured
    without filtering, and said in `Answer.notes`.
    """
    for piece in ask_stream(
        question,
        top_k=top_k,
        settings=settings,
        history=history,
        outlets=outlets,
        since=since,
        until=until,
    ):
        if isinstance(piece, Answer):
            return piece
    raise AssertionError("ask_stream ends with an Answer")  # pragma: no cover


def ask_stream(
    question: str,
    *,
    top_k: int | None = None,
    settings: Settings | None = None,
    history: list[str] | None = None,
    outlets: Iterable[str] | str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Iterator[str | Answer]:
    """Like `ask()`, but yields the answer text in pieces as it is produced, then the Answer.

    With an LLM configured the pieces are its tokens (before the citation check; the final
    Answer holds the checked text). An extractive answer is chosen whole: one piece.
    """
    from qa.engine.engine import open_engine
    from qa.llm.condense import condense_question
    from qa.retrieval.search import Retriever

    settings = settings or Settings.load()
    query, notes = _search_text(question, settings)
    if history:
        standalone = condense_question(query, history, settings)
        if standalone != query:
            query, notes = standalone, [*notes, f"Searched as: {standalone}"]
    engine = open_engine(settings)
    filters = make_filters(outlets, since, until, engine.outlet_names)
    notes = [*notes, *engine.notes, *filter_notes(engine, filters)]
    started = time.perf_counter()
    timings: dict[str, float] = {}
    k = top_k or settings.top_k
    # Deeper passages are read only for sources that disagree with the answer.
    retrieved = Retriever(engine).search(query, max(k, CONFLICT_PASSAGES), filters)
    found, notes = retrieved.passages, [*notes, *retrieved.notes]
    timings.update(retrieved.timings)
    passages, more = found[:k], found[k:]
    timings["retrieve"] = round(
        (time.perf_counter() - started) * 1000 - timings.get("rerank", 0.0), 1
    )

    def extractive(notes: list[str]) -> Answer:
        from qa.answer.extractive import extractive_answer

        started = time.perf_counter()
        text, grounded, citations, conflicts = extractive_answer(
            query,
            passages,
            engine.reranker,
            lambda: engine.term_stats,
            settings.min_support,
            lambda p: engine.sentence_spans(p.passage_id, p.text),
            more,
        )
        answered = {"answer": round((time.perf_counter() - started) * 1000, 1)}
        return Answer(
            question,
            text,
            grounded,
            with_reprints(engine, citations),
            passages,
            notes=notes,
            timings_ms={**timings, **answered},
            query=query,
            conflicts=conflicts,
        )

    if settings.llm == "none":
        answer = extractive(notes)
        yield answer.text
        yield answer
        return
    from qa.answer.generated import generated_answer

    for piece in generated_answer(
        question, query, passages, more, engine, settings, notes, timings, extractive
    ):
        if isinstance(piece, Answer):
            piece = replace(piece, citations=with_reprints(engine, piece.citations))
        yield piece


def with_reprints(engine: Engine, citations: list[Citation]) -> list[Citation]:
    """Each citation with the other articles that carry its quote (wire copy)."""
    entries = engine.manifest.articles
    return [
        replace(
            c,
            also_reported_by=[
                Reprint(a, entries[a].title, entries[a].outlet, entries[a].date, start, end)
                for a, start, end in engine.copies.echoes_of(c.article_id, c.start, c.end)
                if a in entries and a != c.article_id
            ],
        )
        for c in citations
    ]


def filter_notes(engine: Engine, filters: Filters) -> list[str]:
    """What the filters leave out, said with the answer."""
    if not filters.active:
        return []
    notes = [f"Searched only articles {filters.describe()}."]
    if filters.since or filters.until:
        undated = sum(1 for e in engine.manifest.articles.values() if not e.date)
        if undated:
            notes.append(f"{undated} undated article(s) were left out by the date filter.")
    return notes


def article_text(article_id: str, *, settings: Settings | None = None) -> str:
    """The cleaned text of an indexed article: every Citation's `start`/`end` index into it."""
    from qa.engine.engine import open_engine

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
