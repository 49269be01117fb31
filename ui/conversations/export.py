"""A saved conversation as Markdown, with the sources of every answer."""

from __future__ import annotations

from qa.types import Citation
from ui.conversations.records import Conversation, Turn

RATINGS = {1: "rated 👍", -1: "rated 👎"}


def conversation_markdown(conversation: Conversation) -> str:
    """The conversation's questions and answers in order; under each answer its sources:
    `[n] title`, outlet, date, article id, character offsets, and the quoted sentence."""
    count = len(conversation.turns)
    lines = [
        f"# {_one_line(conversation.title) or 'Conversation'}",
        "",
        f"news-qa conversation `{conversation.conversation_id}`, started "
        f"{_when(conversation.created_at)}, {count} answer{'s' if count != 1 else ''}.",
    ]
    for number, turn in enumerate(conversation.turns, 1):
        lines += ["", *_turn(number, turn)]
    return "\n".join(lines) + "\n"


def _turn(number: int, turn: Turn) -> list[str]:
    answer = turn.answer
    meta = [f"asked {_when(turn.asked_at)}", answer.mode]
    if turn.rating:
        meta.append(RATINGS[turn.rating] + (f": {turn.comment}" if turn.comment else ""))
    lines = [f"## {number}. {_one_line(turn.question)}", "", f"_{' · '.join(meta)}_", ""]
    lines += [answer.text]
    lines += [f"\n> Note: {_one_line(note)}" for note in answer.notes]
    if answer.citations:
        lines += ["", "Sources:", ""]
        for citation in answer.citations:
            lines += _source(citation)
    return lines


def _source(c: Citation) -> list[str]:
    where = ", ".join(x for x in (c.outlet, c.date) if x)
    lines = [
        f"- [{c.n}] **{_one_line(c.title) or c.article_id}**" + (f" ({where})" if where else ""),
        f"  `{c.article_id}`, characters {c.start}-{c.end}, support {c.score:.2f}",
    ]
    if c.also_reported_by:
        others = "; ".join(
            f"{r.outlet or r.title or r.article_id}"
            + (f" ({r.date})" if r.date else "")
            + f" `{r.article_id}` {r.start}-{r.end}"
            for r in c.also_reported_by
        )
        lines.append(f"  Also reported by: {others}")
    # Last: a line after a quote would join it.
    return [*lines, f"  > {_one_line(c.quote)}"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _when(stamp: str) -> str:
    """ "2025-06-01T10:00:03.120+00:00" as "2025-06-01 10:00 UTC"."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp
