"""One chat turn and opening a cited source: the Gradio event handlers, free of layout."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from index.core.errors import NewsQAError
from index.core.settings import Settings
from qa.types import Answer
from ui.web.render import (
    answer_markdown,
    article_html,
    escape_text,
    linked_article_html,
    sources_html,
    timing_line,
)
from ui.web.timeline import timeline_html

Message = dict[str, Any]
SEARCHING = "_Searching the articles…_"
_CITE = re.compile(r"^#?cite-(\d+)-(\d+)$")


class Panels(NamedTuple):
    """The HTML of the panels beside the chat that follow the latest answer."""

    sources: str
    timeline: str


def chat_turn(
    question: str,
    history: list[Message],
    turns: list[Answer],
    settings: Settings,
    *,
    outlets: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Iterator[tuple[list[Message], Panels | None, str, list[Answer]]]:
    """Stream one turn: yields (history, panels or None to keep them, input box, answers).

    `turns` holds every answer of the conversation, so `[n]` links of earlier answers still
    open their own sources. `outlets`, `since` and `until` (YYYY-MM-DD, empty for no bound)
    limit the articles searched; the engine checks them.
    """
    from qa import ask_stream
    from qa.api import check_history

    history = [*history, {"role": "user", "content": escape_text(question)}]
    yield [*history, {"role": "assistant", "content": SEARCHING}], None, "", turns
    streamed = ""
    try:
        check_history([message_text(m) for m in history], settings)
        previous = [t.query or t.question for t in turns]
        pieces = ask_stream(
            question,
            settings=settings,
            history=previous,
            outlets=list(outlets or []) or None,
            since=(since or "").strip() or None,
            until=(until or "").strip() or None,
        )
        for piece in pieces:
            if isinstance(piece, Answer):
                answer = piece
                break
            streamed += piece
            yield (
                [*history, {"role": "assistant", "content": escape_text(streamed)}],
                None,
                "",
                turns,
            )
        else:  # pragma: no cover - ask_stream always ends with the Answer
            return
    except NewsQAError as err:
        yield (
            [*history, {"role": "assistant", "content": f"⚠️ {escape_text(str(err))}"}],
            None,
            "",
            turns,
        )
        return
    turn = len(turns)
    turns = [*turns, answer]
    history = [*history, {"role": "assistant", "content": answer_message(answer, turn)}]
    sources = sources_html(answer, turn, cited_texts(answer, settings))
    yield history, Panels(sources, timeline_html(answer, turn)), "", turns


def answer_message(answer: Answer, turn: int) -> str:
    """The chat message of answer number `turn`: its Markdown, then how long it took."""
    return f"{answer_markdown(answer, turn)}\n\n<sub>{timing_line(answer)}</sub>"


def message_text(message: object) -> str:
    """A chat message's text (a string, or the text of its parts), for the history limits."""
    content = message.get("content") if isinstance(message, dict) else message
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return content if isinstance(content, str) else str(content)


def open_source(request: str, turns: list[Answer], settings: Settings) -> tuple[str, str]:
    """(sources HTML of that answer, whole-article HTML) for a `cite-<turn>-<n>` request."""
    match = _CITE.match(request.strip())
    if not match or int(match[1]) >= len(turns):
        return sources_html(None, 0, {}), "<p>That source is no longer available - ask again.</p>"
    turn, n = int(match[1]), int(match[2])
    answer = turns[turn]
    citation = next((c for c in answer.citations if c.n == n), None)
    if citation is None:
        return sources_html(answer, turn, {}), f"<p>Answer {turn + 1} has no source [{n}].</p>"
    texts = cited_texts(answer, settings)
    if citation.article_id not in texts:
        return sources_html(answer, turn, texts), (
            f"<p>{html.escape(citation.article_id)} is no longer in the index; its quote was:</p>"
            f"<mark id='nq-cited'>{html.escape(citation.quote)}</mark>"
        )
    return sources_html(answer, turn, texts), article_html(citation, texts[citation.article_id])


def linked_article(params: Mapping[str, str], settings: Settings) -> str | None:
    """The article panel for a page opened at `/?article=<id>&start=<s>&end=<e>` (the url of
    a citation from /v1): that article, those characters marked; None without `article`."""
    from qa import indexed_article

    article_id = params.get("article")
    if not article_id:
        return None
    try:
        start, end = int(params.get("start", "0")), int(params.get("end", "0"))
    except ValueError:
        start = end = 0
    try:
        article = indexed_article(article_id, settings=settings)
    except NewsQAError as err:
        return f"<p>{html.escape(str(err))}</p>"
    return linked_article_html(article, start, end)


def cited_texts(answer: Answer, settings: Settings) -> dict[str, str]:
    from qa import article_text

    texts = {}
    for article_id in {c.article_id for c in answer.citations}:
        try:
            texts[article_id] = article_text(article_id, settings=settings)
        except (NewsQAError, OSError):
            continue  # removed since the answer: the panel shows the quote alone
    return texts
