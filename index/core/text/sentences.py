"""Sentences of a text. Three splitters, side by side because their readers differ in what a
sentence boundary may cost and what it must get right (tests/index/core/text pins each):

- `sentence_spans` (punkt): passages and citations, where a quote must be exactly one
  sentence; it keeps an initial ("Gerald J. Ford"), "v." and an ellipsis inside their
  sentence (it still ends one after "Mr." or "U.S."), but costs ten times the regex.
- `sentence_units` (a regex): echo detection, which runs over every article at each update
  and only needs sentence-sized windows; it ends a sentence at any ".", "!" or "?" (after
  closing quotes) before a space.
- `first_sentence` (a regex): a title when an article has no headline; it ends a sentence
  only before a capital or digit ("U.S. officials" stays whole, "Gerald J. Ford" does not),
  drops the closing quote it ends at and keeps to the first line. Changing it changes titles
  (index/ingest/clean.py CLEANER_VERSION).

All three trim whitespace and never join lines.
"""

from __future__ import annotations

import re

_UNIT = re.compile(r"[^\n]+?(?:[.!?][\"'”’)]*(?=\s)|$)", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed; lines never join."""
    from llama_index.core.utils import globals_helper

    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        offset = line.start()
        for start, end in globals_helper.punkt_tokenizer.span_tokenize(line.group()):
            spans += _trimmed(text, offset + start, offset + end)
    return spans


def sentence_units(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets, whitespace trimmed, by the cheap regex."""
    spans: list[tuple[int, int]] = []
    for match in _UNIT.finditer(text):
        spans += _trimmed(text, *match.span())
    return spans


def first_sentence(text: str) -> str:
    """The text's first sentence (on its first line), trimmed."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].split("\n")[0].strip()


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[(start, end)] without the span's outer whitespace; [] when nothing else is left."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return [(start, end)] if end > start else []
