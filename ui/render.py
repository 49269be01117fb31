"""Answer and sources as Markdown for the chat UI; article text is always escaped, never HTML."""

from __future__ import annotations

import html
import re

from qa.types import Answer, Citation

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|>~])")


def escape_text(text: str) -> str:
    """Article text shown as the characters it contains: no HTML, no Markdown formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(answer: Answer) -> str:
    """The answer with its `[n]` markers kept readable (the text is escaped first)."""
    text = escape_text(answer.text)
    text = re.sub(r" ?\\\[(\d+)\\\]", r" **[\1]**", text)
    notes = "".join(f"\n\n_{escape_text(n)}_" for n in answer.notes)
    return text + notes


def source_line(c: Citation) -> str:
    where = " · ".join(escape_text(x) for x in (c.outlet, c.date) if x)
    head = f"**[{c.n}] {escape_text(c.title)}**" + (f" — {where}" if where else "")
    return (
        f"{head}  \n{escape_text(c.article_id)} · characters {c.start}–{c.end} · "
        f"support {c.score:.2f}\n\n> {escape_text(c.quote)}"
    )


def sources_markdown(answer: Answer) -> str:
    if answer.citations:
        return "### Sources\n\n" + "\n\n".join(source_line(c) for c in answer.citations)
    if answer.passages:
        closest = "\n".join(
            f"- {escape_text(p.title)} ({escape_text(p.article_id)})" for p in answer.passages[:3]
        )
        return "### Sources\n\nNo passage answers this. Closest articles:\n\n" + closest
    return "### Sources\n\nThe index has no passages yet."
