"""`ask()` and `retrieve()`: the one engine behind the CLI, the UI and Python callers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from index.core.errors import HistoryTooLongError, QuestionError
from index.core.settings import Settings
from qa.analyze.question import PART_KINDS, analyze_question
from qa.answer.request import AnswerRequest
from qa.retrieval.filters import Filters, make_filters
from qa.types import Answer, IndexedArticle, Passage

if TYPE_CHECKING:
    from qa.answer.extractive import ExtractiveAnswerer
    from qa.answer.generated import GeneratedAnswerer
    from qa.engine.engine import Engine
    from qa.retrieval.parts import PartEvidence
    from qa.retrieval.search import Retrieved

# Passages searched for sources that disagree with the answer (the answer uses the top_k).
CONFLICT_PASSAGES = 10
# Answerers are built once per engine and settings (see `answerer`).
_answerers_lock = threading.Lock()


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

    settings = settings or Settings.load()
    query, _ = _search_text(question, settings)
    engine = open_engine(settings)
    filters = make_filters(outlets, since, until, engine.outlet_names)
    return _search(engine, query, k, filters).passages


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

    settings = settings or Settings.load()
    check_history(history or [], settings)
    query, notes = _search_text(question, settings)
    if history:
        condensed = condense_question(query, history, settings)
        notes = [*notes, *condensed.notes]
        if condensed.question != query:
            query, notes = condensed.question, [*notes, f"Searched as: {condensed.question}"]
    engine = open_engine(settings)
    filters = make_filters(outlets, since, until, engine.outlet_names)
    asked = AnswerRequest(
        question=question,
        query=query,
        passages=[],
        filters=filters,
        history=list(history or []),
        notes=[*notes, *engine.notes, *filter_notes(engine, filters)],
        analysis=analyze_question(query, engine.outlet_aliases),
    )
    request = _retrieved(engine, asked, top_k or settings.top_k)
    yield from answerer(engine, settings).stream(request)


def _retrieved(engine: Engine, request: AnswerRequest, k: int) -> AnswerRequest:
    """`request` with the `k` passages found for its query, and deeper ones read only for
    sources that disagree with the answer; retrieval's notes and milliseconds added."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    retrieved = _search(engine, request.query, max(k, CONFLICT_PASSAGES), request.filters)
    found, notes = retrieved.passages, [*request.notes, *retrieved.notes]
    timings.update(retrieved.timings)
    parts: list[PartEvidence] = []
    if request.analysis is not None and request.analysis.kind in PART_KINDS:
        from qa.retrieval.parts import part_evidence
        from qa.retrieval.search import Retriever

        parts = part_evidence(Retriever(engine), request.analysis, found, filters=request.filters)
    timings["retrieve"] = round(
        (time.perf_counter() - started) * 1000 - timings.get("rerank", 0.0), 1
    )
    return replace(
        request, passages=found[:k], more=found[k:], notes=notes, timings_ms=timings, parts=parts
    )


def answerer(engine: Engine, settings: Settings) -> ExtractiveAnswerer | GeneratedAnswerer:
    """The answerer for `settings` (NEWSQA_LLM) over `engine`, built once per engine."""
    from qa.answer.extractive import ExtractiveAnswerer
    from qa.answer.generated import GeneratedAnswerer

    with _answerers_lock:
        # Kept on the engine, so they go with it when a newer generation replaces it.
        held = engine.answerers.get(settings)
        if held is not None:
            return held
        extractive = ExtractiveAnswerer(engine, settings)
        built: ExtractiveAnswerer | GeneratedAnswerer = (
            extractive
            if settings.llm == "none"
            else GeneratedAnswerer(engine, settings, extractive)
        )
        return engine.keep_answerer(settings, built)


def _search(engine: Engine, query: str, k: int, filters: Filters | None) -> Retrieved:
    """The one call into retrieval (ask and retrieve): the `k` best passages for `query`."""
    from qa.retrieval.search import Retriever

    return Retriever(engine).search(query, k, filters)


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


def indexed_article(article_id: str, *, settings: Settings | None = None) -> IndexedArticle:
    """An indexed article's title, outlet, date and cleaned text; ArticleNotFoundError when
    the live index has no article of that name."""
    from qa.engine.engine import open_engine

    engine = open_engine(settings or Settings.load())
    text = engine.article_text(article_id)
    entry = engine.manifest.articles[article_id]
    return IndexedArticle(
        article_id=article_id,
        title=entry.title,
        outlet=entry.outlet,
        date=entry.date,
        text=text,
        url=entry.url,
        author=entry.author,
    )


def check_history(history: Sequence[str], settings: Settings) -> None:
    """Raise HistoryTooLongError when a conversation is longer than NEWSQA_MAX_HISTORY_MESSAGES
    messages or NEWSQA_MAX_HISTORY_CHARS characters: refused whole, never cut silently."""
    if len(history) > settings.max_history_messages:
        raise HistoryTooLongError(
            size=len(history),
            limit=settings.max_history_messages,
            setting="NEWSQA_MAX_HISTORY_MESSAGES",
            unit="messages",
        )
    chars = sum(len(text) for text in history)
    if chars > settings.max_history_chars:
        raise HistoryTooLongError(
            size=chars,
            limit=settings.max_history_chars,
            setting="NEWSQA_MAX_HISTORY_CHARS",
            unit="characters",
        )


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
