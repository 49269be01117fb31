"""Answers, sources and articles for the chat UI.

Article text is always escaped: it is shown as the characters it contains, never as HTML or
Markdown, so an article holding `<script>` shows those characters and runs nothing.
"""

from __future__ import annotations

import html
import re

from qa.types import Answer, Citation

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|>~])")
# Characters of article text shown on each side of a quote in the sources panel.
CONTEXT_CHARS = 240


def escape_text(text: str) -> str:
    """Text for a Markdown message: no HTML, no Markdown formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def cite_anchor(turn: int, n: int) -> str:
    """The link target of marker `[n]` in answer number `turn`; the page script opens it."""
    return f"#cite-{turn}-{n}"


def answer_markdown(answer: Answer, turn: int | None = None) -> str:
    """The answer as Markdown; each `[n]` marker links to its source when `turn` is given."""
    text = escape_text(answer.text)
    if turn is None:
        text = re.sub(r" ?\\\[(\d+)\\\]", r" **[\1]**", text)
    else:
        text = re.sub(
            r" ?\\\[(\d+)\\\]",
            lambda m: f" [**\\[{m[1]}\\]**]({cite_anchor(turn, int(m[1]))})",
            text,
        )
    notes = "".join(f"\n\n_{escape_text(n)}_" for n in answer.notes)
    return text + notes


def timing_line(answer: Answer) -> str:
    """`extractive · retrieval 9 ms · rerank off · answer 180 ms`, from the answer's timings."""
    t = answer.timings_ms
    rerank = f"{t['rerank']:.0f} ms" if "rerank" in t else "off"
    retrieval, answer_ms = t.get("retrieve", 0.0), t.get("answer", 0.0)
    first = f" · first token {t['first_token']:.0f} ms" if "first_token" in t else ""
    how = "generated, citations checked" if answer.mode == "generated" else "extractive"
    return (
        f"{how} · retrieval {retrieval:.0f} ms · rerank {rerank}{first} · answer {answer_ms:.0f} ms"
    )


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _meta(c: Citation) -> str:
    parts = [_esc(x) for x in (c.outlet, c.date) if x]
    return " · ".join([*parts, f"support {c.score:.2f}"])


def quote_in_context(article: str, c: Citation, width: int = CONTEXT_CHARS) -> str:
    """HTML of the article around the quote, the quoted span in `<mark>`."""
    if article[c.start : c.end] != c.quote:
        # The article changed since this answer: show the quote alone rather than a wrong span.
        return f'<mark>{_esc(c.quote)}</mark> <em class="nq-stale">(article changed since)</em>'
    left = max(0, c.start - width)
    right = min(len(article), c.end + width)
    if left > 0 and " " in article[left : c.start]:
        left = article.index(" ", left) + 1
    if right < len(article) and " " in article[c.end : right]:
        right = article.rindex(" ", c.end, right)
    before = ("… " if left > 0 else "") + article[left : c.start]
    after = article[c.end : right] + (" …" if right < len(article) else "")
    return f"{_esc(before)}<mark>{_esc(c.quote)}</mark>{_esc(after)}"


def sources_html(answer: Answer | None, turn: int, articles: dict[str, str]) -> str:
    """The sources panel for one answer; `articles` maps article ids to their cleaned text."""
    return f'<div class="nq-scroll">{_sources_body(answer, turn, articles)}</div>'


def _sources_body(answer: Answer | None, turn: int, articles: dict[str, str]) -> str:
    if answer is None:
        return '<p class="nq-empty">The sources of each answer appear here.</p>'
    if not answer.citations:
        closest = "".join(
            f"<li>{_esc(p.title)} <span class='nq-id'>{_esc(p.article_id)}</span></li>"
            for p in answer.passages[:3]
        )
        body = f"<p>Closest articles:</p><ul>{closest}</ul>" if closest else ""
        return f"<p>No passage answers this.</p>{body}"
    items = []
    for c in answer.citations:
        context = quote_in_context(articles.get(c.article_id, ""), c)
        items.append(
            f'<section class="nq-source" id="source-{turn}-{c.n}">'
            f'<h4><a href="{cite_anchor(turn, c.n)}" class="nq-open" '
            f'title="Open the whole article">[{c.n}] {_esc(c.title)}</a></h4>'
            f'<p class="nq-meta">{_meta(c)} · <span class="nq-id">{_esc(c.article_id)}</span></p>'
            f'<blockquote class="nq-context">{context}</blockquote></section>'
        )
    return "".join(items)


def article_html(c: Citation, article: str) -> str:
    """The whole cleaned article with the cited span in `<mark id="nq-cited">`."""
    head = (
        f'<h3>[{c.n}] {_esc(c.title)}</h3><p class="nq-meta">{_meta(c)} · '
        f'<span class="nq-id">{_esc(c.article_id)}</span> · characters {c.start}–{c.end}</p>'
    )
    if article[c.start : c.end] != c.quote:
        body = (
            f"<p><em>This article changed after the answer was given; the quote was:</em></p>"
            f'<mark id="nq-cited">{_esc(c.quote)}</mark>'
        )
        return f'<article class="nq-article nq-scroll">{head}{body}</article>'
    body = (
        f"{_esc(article[: c.start])}<mark id='nq-cited'>{_esc(c.quote)}</mark>"
        f"{_esc(article[c.end :])}"
    )
    return (
        f'<article class="nq-article nq-scroll">{head}<div class="nq-body">{body}</div></article>'
    )
