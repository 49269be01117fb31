"""Generated answers: stream the LLM's tokens, then check every citation (qa/citecheck.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from index.core.errors import LLMError
from index.core.settings import Settings
from qa.answer.citecheck import check_generated
from qa.answer.prompt import answer_messages
from qa.engine.engine import Engine
from qa.llm.backends import stream_reply
from qa.types import Answer, Citation, Conflict, Passage

# The extractive answer, given the notes to attach (used when generation cannot be trusted).
Fallback = Callable[[list[str]], Answer]


def generated_answer(
    question: str,
    query: str,
    passages: list[Passage],
    more: list[Passage],
    engine: Engine,
    settings: Settings,
    notes: list[str],
    timings: dict[str, float],
    fallback: Fallback,
) -> Iterator[str | Answer]:
    """Yield the model's tokens as they come, then the checked Answer (or the fallback's)."""
    from qa.answer.extractive import NOT_COVERED, candidate_sentences, find_conflict, quote_support

    if not passages:
        yield fallback(notes)
        return
    started = time.perf_counter()
    pieces: list[str] = []
    try:
        for delta in stream_reply(settings, answer_messages(query, passages)):
            if not pieces:
                timings["first_token"] = round((time.perf_counter() - started) * 1000, 1)
            pieces.append(delta)
            yield delta
    except LLMError as err:
        yield fallback([*notes, f"No generated answer: {err}; answered from the articles."])
        return
    checked = check_generated("".join(pieces), passages, engine.term_stats, settings.citation_min)
    timings["answer"] = round((time.perf_counter() - started) * 1000, 1)
    removed = [c for c in checked.checks if not c.kept and c.reason != "says the sources lack it"]
    if removed:
        notes = [
            *notes,
            f"{len(removed)} generated sentence(s) removed: their sources do not support them.",
        ]

    def generated(
        text: str, grounded: bool, citations: list[Citation], conflicts: tuple[Conflict, ...] = ()
    ) -> Answer:
        return Answer(
            question,
            text,
            grounded,
            citations,
            passages,
            "generated",
            notes,
            timings,
            checked.checks,
            query,
            list(conflicts),
        )

    def extractive_instead(note: str) -> Answer:
        answer = fallback([*notes, note])
        return Answer(**{**answer.__dict__, "checks": checked.checks})

    if not checked.citations:
        if checked.says_not_covered:
            yield generated(NOT_COVERED, False, [])
        else:
            yield extractive_instead(
                "The generated answer had no supported sentence; answered from the articles."
            )
        return
    relevance = quote_support(query, checked.citations, engine.reranker)
    if relevance < settings.min_support:
        # Supported by its sources, but not an answer to the question (a small model may copy
        # any sentence): let the extractive path answer or say the articles do not cover it.
        yield extractive_instead(
            f"The generated answer did not answer the question (support {relevance:.2f} < "
            f"NEWSQA_MIN_SUPPORT {settings.min_support}); answered from the articles."
        )
        return
    citations = list(checked.citations)
    conflict = find_conflict(
        query,
        candidate_sentences(
            [*passages, *more], lambda p: engine.sentence_spans(p.passage_id, p.text)
        ),
        {},
        engine.reranker,
        settings.min_support,
        citations,
    )
    if conflict is None:
        yield generated(checked.text, True, citations)
        return
    text = checked.text
    # The check runs on the output: a model that left a side out gets it said, cited.
    if not all(v.value.lower() in text.lower() for v in conflict.versions):
        text = f"{text}\n{conflict.text}"
        notes = [*notes, "The sources disagree: each side is added from the articles, cited."]
    yield generated(text, True, citations, (conflict,))
