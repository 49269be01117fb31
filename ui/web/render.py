"""Answers, sources and articles for the chat UI.

Article text is always escaped: it is shown as the characters it contains, never as HTML or
Markdown, so an article holding `<script>` shows those characters and runs nothing.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from qa.types import Answer, Citation, IndexedArticle, Reprint

# ":" and "@" too: the chat's Markdown turns bare URLs and e-mail addresses into live links;
# escaped, they show as the same text (with "www." below).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|>~:@])")
_BARE_WWW = re.compile(r"(?i)\b(www)\.")
_MARKER = re.compile(r" ?\\\[(\d+)\\\]")
# Characters of article text shown on each side of a quote in the sources panel.
CONTEXT_CHARS = 240
# Titles are often the article's whole first sentence: cut them in one-line lists.
SHORT_TITLE = 60


def escape_text(text: str) -> str:
    """Text for a Markdown message: no HTML, no Markdown formatting, no links."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _BARE_WWW.sub(r"\1\\.", escaped)


def cite_anchor(turn: int, n: int) -> str:
    """The link target of marker `[n]` in answer number `turn`; the page script opens it."""
    return f"#cite-{turn}-{n}"


def answer_markdown(answer: Answer, turn: int | None = None) -> str:
    """The answer as Markdown; each `[n]` marker links to its source when `turn` is given.

    Only our markers: a "[1]" inside a quoted sentence is the article's own and stays text.
    """
    pieces = []
    for segment, quoted in quoted_segments(answer.text, [c.quote for c in answer.citations]):
        shown = escape_text(segment)
        if quoted:
            pieces.append(shown)
        elif turn is None:
            pieces.append(_MARKER.sub(r" **[\1]**", shown))
        else:
            pieces.append(
                _MARKER.sub(lambda m: f" [**\\[{m[1]}\\]**]({cite_anchor(turn, int(m[1]))})", shown)
            )
    text = "".join(pieces)
    notes = "".join(f"\n\n_{escape_text(n)}_" for n in answer.notes)
    return text + notes


def quoted_segments(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (segment, is a quote) pieces: where each of `quotes` occurs, longest
    first, and the text between."""
    taken: list[tuple[int, int]] = []
    for quote in sorted({q for q in quotes if q}, key=len, reverse=True):
        start = text.find(quote)
        while start >= 0:
            end = start + len(quote)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
            start = text.find(quote, end)
    pieces, at = [], 0
    for start, end in sorted(taken):
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    return [p for p in [*pieces, (text[at:], False)] if p[0]]


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


def esc(text: str | None) -> str:
    """Text (None: empty) for HTML, quotes included: safe in an element and an attribute."""
    return html.escape(text or "", quote=True)


def outlet_name(outlet: str) -> str:
    """An outlet as shown: quoted, since the name is the article's own text and could read
    like our metadata ("WION (2023-09-05) · support 0.99"); its double quotes are
    straightened, so it cannot close ours."""
    return "“" + outlet.replace("“", '"').replace("”", '"') + "”"


def outlet_html(outlet: str) -> str:
    name = esc(outlet_name(outlet))
    return f'<span class="nq-outlet" title="Outlet, as the article names it">{name}</span>'


def _meta(c: Citation) -> str:
    parts = [outlet_html(c.outlet)] if c.outlet else []
    parts += [f'<span class="nq-author">by {esc(c.author)}</span>'] if c.author else []
    parts += [f'<span class="nq-date">{esc(c.date)}</span>'] if c.date else []
    parts += original_link(c.url)
    return " · ".join([*parts, f"support {c.score:.2f}"])


def original_link(url: str | None) -> list[str]:
    """A link to where the article was published: http(s) only (never javascript:, data:),
    in a new tab that cannot reach back into this page nor learn where the reader came from."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return []
    attributes = 'target="_blank" rel="noopener noreferrer nofollow"'
    return [f'<a class="nq-original" href="{esc(url)}" {attributes}>original ↗</a>']


def quote_in_context(article: str, c: Citation, width: int = CONTEXT_CHARS) -> str:
    """HTML of the article around the quote, the quoted span in `<mark>`."""
    if article[c.start : c.end] != c.quote:
        # The article changed since this answer: show the quote alone rather than a wrong span.
        return f'<mark>{esc(c.quote)}</mark> <em class="nq-stale">(article changed since)</em>'
    left = max(0, c.start - width)
    right = min(len(article), c.end + width)
    if left > 0 and " " in article[left : c.start]:
        left = article.index(" ", left) + 1
    if right < len(article) and " " in article[c.end : right]:
        right = article.rindex(" ", c.end, right)
    before = ("… " if left > 0 else "") + article[left : c.start]
    after = article[c.end : right] + (" …" if right < len(article) else "")
    return f"{esc(before)}<mark>{esc(c.quote)}</mark>{esc(after)}"


def sources_html(answer: Answer | None, turn: int, articles: dict[str, str]) -> str:
    """The sources panel for one answer; `articles` maps article ids to their cleaned text."""
    return f'<div class="nq-scroll">{_sources_body(answer, turn, articles)}</div>'


def _sources_body(answer: Answer | None, turn: int, articles: dict[str, str]) -> str:
    if answer is None:
        return '<p class="nq-empty">The sources of each answer appear here.</p>'
    if not answer.citations:
        closest = "".join(
            f"<li>{esc(p.title)} <span class='nq-id'>{esc(p.article_id)}</span></li>"
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
            f'title="Open the whole article">[{c.n}] {esc(c.title)}</a></h4>'
            f'<p class="nq-meta">{_meta(c)} · <span class="nq-id">{esc(c.article_id)}</span></p>'
            f'<blockquote class="nq-context">{context}</blockquote>{also_reported(c)}</section>'
        )
    return "".join(items)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, an ellipsis marking the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def reprint_name(r: Reprint) -> str:
    """`“WION” (2023-09-05)`: the outlet, else the shortened title, else the article id."""
    name = outlet_name(r.outlet) if r.outlet else shorten(r.title, SHORT_TITLE) or r.article_id
    return f"{name} ({r.date})" if r.date else name


def also_reported(c: Citation) -> str:
    """The line naming the other articles that carry the citation's quote, or ""."""
    if not c.also_reported_by:
        return ""
    names = ", ".join(
        f'<span class="nq-reprint" title="{esc(r.article_id)}">{esc(reprint_name(r))}</span>'
        for r in c.also_reported_by
    )
    return f'<p class="nq-also">Also reported by: {names}</p>'


def article_html(c: Citation, article: str) -> str:
    """The whole cleaned article with the cited span in `<mark id="nq-cited">`."""
    head = (
        f'<h3>[{c.n}] {esc(c.title)}</h3><p class="nq-meta">{_meta(c)} · '
        f'<span class="nq-id">{esc(c.article_id)}</span> · characters {c.start}–{c.end}</p>'
    )
    return _marked(head, article, c.start, c.end, c.quote)


def linked_article_html(a: IndexedArticle, start: int, end: int) -> str:
    """An article opened by a link to its characters `start`-`end` (a /v1 citation's url),
    those in `<mark id="nq-cited">`."""
    meta = " · ".join(esc(x) for x in (a.outlet, a.date) if x)
    head = (
        f'<h3>{esc(a.title)}</h3><p class="nq-meta">{meta} · '
        f'<span class="nq-id">{esc(a.article_id)}</span> · characters {start}–{end}</p>'
    )
    if not 0 <= start < end <= len(a.text):
        note = "<p><em>The link points past this article's text (it changed since).</em></p>"
        body = f'{note}<div class="nq-body">{esc(a.text)}</div>'
        return f'<article class="nq-article nq-scroll">{head}{body}</article>'
    return _marked(head, a.text, start, end, a.text[start:end])


def _marked(head: str, article: str, start: int, end: int, quote: str) -> str:
    if article[start:end] != quote:
        body = (
            f"<p><em>This article changed after the answer was given; the quote was:</em></p>"
            f'<mark id="nq-cited">{esc(quote)}</mark>'
        )
        return f'<article class="nq-article nq-scroll">{head}{body}</article>'
    body = f"{esc(article[:start])}<mark id='nq-cited'>{esc(quote)}</mark>{esc(article[end:])}"
    return (
        f'<article class="nq-article nq-scroll">{head}<div class="nq-body">{body}</div></article>'
    )
