"""Split an article into passages of at most `chunk_size` tokens that respect sentences.

llama-index's SentenceSplitter does the splitting. Two kinds of stretch are set apart before
it sees the text, so that its cost stays linear and small whatever a file holds:

- a run without whitespace longer than `chunk_size` tokens (a base64 blob, a minified page):
  the splitter cuts such a run one character at a time, with a Python object and a token
  count per character (a 2 MB run: 20 s and +250 MB), so it is cut here at token boundaries,
  each piece a passage;
- a line longer than LONG_LINE_CHARS (a whole article on one line): cut at its last sentence
  end before the limit, else at its last space, so one splitter call never holds more.

An article with neither (every news article seen: MultiHop-RAG's longest line is 7,912
characters) is one stretch, chunked as it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from index.core.text.tokens import cl100k, count_tokens, encode_tokens
from index.ingest.article import Article

if TYPE_CHECKING:
    from llama_index.core.node_parser import SentenceSplitter

# ~45 passages of news prose per splitter call; each cut costs at most one short passage.
LONG_LINE_CHARS = 50_000
# cl100k spends at most 4 tokens on a character (one per UTF-8 byte).
MAX_TOKENS_PER_CHAR = 4
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
_SPACE = re.compile(r"\s")
_LONG_LINE = re.compile(f"[^\\n]{{{LONG_LINE_CHARS + 1},}}")


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


@dataclass(frozen=True)
class Stretch:
    """`text[start:end]` of an article, chunked on its own: by the splitter, or, when `run`
    (whitespace-free and over the passage limit), at token boundaries."""

    start: int
    end: int
    run: bool = False


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
    spans: list[tuple[int, int]] = []
    for stretch in stretches(text, chunk_size):
        if stretch.run:
            spans += _token_spans(text, stretch, chunk_size)
        else:
            spans += _splitter_spans(splitter, text, stretch, chunk_size)
    return [
        Chunk(f"{article.article_id}#{n}", article.article_id, n, text[s:e], s, e)
        for n, (s, e) in enumerate(spans)
    ]


def stretches(text: str, chunk_size: int) -> list[Stretch]:
    """`text` in order as the stretches to chunk one by one (see the module's doc)."""
    found: list[Stretch] = []
    start = 0
    for run in re.finditer(f"\\S{{{chunk_size // MAX_TOKENS_PER_CHAR + 1},}}", text):
        if count_tokens(run.group()) > chunk_size:
            found += _line_stretches(text, start, run.start())
            found.append(Stretch(run.start(), run.end(), run=True))
            start = run.end()
    found += _line_stretches(text, start, len(text))
    return [s for s in found if not text[s.start : s.end].isspace()]


def _line_stretches(text: str, start: int, end: int) -> list[Stretch]:
    """`text[start:end]` as one stretch, cut inside each line longer than LONG_LINE_CHARS."""
    cuts = [start]
    for line in _LONG_LINE.finditer(text, start, end):
        at = line.start()
        while line.end() - at > LONG_LINE_CHARS:
            at = _line_cut(text, at, at + LONG_LINE_CHARS)
            cuts.append(at)
    cuts.append(end)
    return [Stretch(a, b) for a, b in pairwise(cuts) if b > a]


def _line_cut(text: str, start: int, limit: int) -> int:
    """Where to cut a long line before `limit`: after its last sentence end in the second
    half of the window, else at its last whitespace, else at the limit (never met: 50,000
    characters without whitespace are a run, set apart before this)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, (start + limit) // 2, limit)]
    spaces = [] if ends else [m.start() for m in _SPACE.finditer(text, start + 1, limit)]
    return (ends or spaces or [limit])[-1]


def _splitter_spans(
    splitter: SentenceSplitter, text: str, stretch: Stretch, chunk_size: int
) -> list[tuple[int, int]]:
    """The splitter's passages of one stretch, as offsets into `text`."""
    part = text[stretch.start : stretch.end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in splitter.split_text(part):
        start, end = _locate(part, piece, cursor)
        spans += [
            (stretch.start + s, stretch.start + e)
            for s, e in _enforce_limit(part, start, end, chunk_size)
        ]
        # Overlapping chunks start before the previous end, never before the previous start.
        cursor = start + 1
    return spans


def _token_spans(text: str, run: Stretch, limit: int) -> list[tuple[int, int]]:
    """A whitespace-free run cut every `limit` tokens (at character boundaries)."""
    tokens = encode_tokens(text[run.start : run.end])
    _, offsets = cl100k().decode_with_offsets(tokens)
    cuts = sorted({run.start + offsets[i] for i in range(0, len(tokens), limit)} | {run.end})
    # A piece re-encoded on its own may take a token or two more than its share.
    return [span for a, b in pairwise(cuts) for span in _enforce_limit(text, a, b, limit)]


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
