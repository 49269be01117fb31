"""Split an article into passages of at most `chunk_size` tokens that respect sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.core.text.tokens import count_tokens, encode_tokens
from index.ingest.article import Article


@dataclass(frozen=True)
class Chunk:
    """One passage of an article, as stored in the index.

    - `chunk_id`: `<article_id>#<n>`, stable while the article's text is unchanged.
    - `text`: exactly `article.text[start:end]`, at most `chunk_size` cl100k tokens.
    """

    chunk_id: str
    article_id: str
    n: int
    text: str
    start: int
    end: int


def chunk_article(article: Article, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks in reading order; each one's `start`/`end` point into `article.text`."""
    from llama_index.core.node_parser import SentenceSplitter

    splitter = SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=encode_tokens,
        paragraph_separator="\n\n",
    )
    text = article.text
    chunks: list[Chunk] = []
    cursor = 0
    for piece in splitter.split_text(text):
        start, end = _locate(text, piece, cursor)
        for s, e in _enforce_limit(text, start, end, chunk_size):
            chunks.append(
                Chunk(
                    f"{article.article_id}#{len(chunks)}",
                    article.article_id,
                    len(chunks),
                    text[s:e],
                    s,
                    e,
                )
            )
        # Overlapping chunks start before the previous end, never before the previous start.
        cursor = start + 1
    return chunks


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int]:
    """Where the splitter's piece lies in `text`; it may have re-joined whitespace."""
    found = text.find(piece, cursor)
    if found < 0:
        found = text.find(piece)
    if found >= 0:
        return found, found + len(piece)
    words = [re.escape(w) for w in piece.split()]
    match = re.compile(r"\s+".join(words)).search(text, cursor) or re.compile(
        r"\s+".join(words)
    ).search(text)
    if match is None:
        raise ValueError(f"chunk not found in article text: {piece[:60]!r}")
    return match.start(), match.end()


def _enforce_limit(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a span that is still over the limit (the splitter's estimate can be off) on spaces."""
    if count_tokens(text[start:end]) <= limit:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    while start < end:
        stop = end
        while count_tokens(text[start:stop]) > limit:
            space = text.rfind(" ", start, start + (stop - start) * 9 // 10)
            stop = space if space > start else start + (stop - start) * 9 // 10
        spans.append((start, stop))
        start = stop
        while start < end and text[start].isspace():
            start += 1
    return spans
