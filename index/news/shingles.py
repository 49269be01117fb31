"""Shingles: each sentence of the index as the set of its 3-word shingles of stemmed content
words, with the marks of the values it gives; what echoes are found from (echoes.py).

Kept per generation (SHINGLES in the echoes folder), so an update shingles only new articles.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.core.text.sentences import sentence_units
from index.core.text.terms import STOPWORDS, stem_words
from index.core.text.values import value_marks

SHINGLE = 3
# Sentences shorter than this match by chance ("The source did not give details.").
MIN_WORDS = 6

log = logging.getLogger(__name__)
_WORD = re.compile(r"[a-z0-9]+")


def sentence_shingles(text: str) -> list[tuple[int, int, list[int], list[int]]]:
    """Each sentence long enough to compare, with its shingles as crc32 hashes (stable across
    processes, so they can be kept) and its values' marks (values.value_marks); the article
    is stemmed in one call."""
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    bounds: list[tuple[int, int]] = []
    for start, end in sentence_units(text):
        found = [w for w in _WORD.findall(text[start:end].lower()) if w not in STOPWORDS]
        if len(found) >= MIN_WORDS:
            spans.append((start, end))
            bounds.append((len(words), len(words) + len(found)))
            words += found
    stems = stem_words(words)
    return [
        (
            start,
            end,
            sorted(
                {
                    zlib.crc32(" ".join(stems[i : i + SHINGLE]).encode())
                    for i in range(a, b - SHINGLE + 1)
                }
            ),
            value_marks(text[start:end]),
        )
        for (start, end), (a, b) in zip(spans, bounds, strict=True)
    ]


_COLUMNS = ("articles", "starts", "ends", "offsets", "hashes", "value_offsets", "marks")


@dataclass(frozen=True)
class ShingleTable:
    """Every comparable sentence of the index with its shingle hashes, kept in the generation
    so an update shingles only new articles. Unit i is sentence `starts[i]:ends[i]` of
    `articles[i]`, its hashes `hashes[offsets[i]:offsets[i + 1]]`, its values' marks
    `marks[value_offsets[i]:value_offsets[i + 1]]`."""

    articles: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    offsets: np.ndarray
    hashes: np.ndarray
    value_offsets: np.ndarray
    marks: np.ndarray

    @classmethod
    def of_texts(cls, texts: dict[str, str]) -> ShingleTable:
        rows = [(a, *unit) for a in sorted(texts) for unit in sentence_shingles(texts[a])]
        return cls(
            np.array([a for a, *_ in rows], dtype=str),
            np.array([s for _, s, _, _, _ in rows], dtype=np.int64),
            np.array([e for _, _, e, _, _ in rows], dtype=np.int64),
            *_ragged([h for _, _, _, h, _ in rows]),
            *_ragged([m for *_, m in rows]),
        )

    def unit_marks(self, i: int) -> np.ndarray:
        return self.marks[self.value_offsets[i] : self.value_offsets[i + 1]]

    def without(self, article_ids: set[str]) -> ShingleTable:
        keep = ~np.isin(self.articles, list(article_ids)) if article_ids else None
        return self if keep is None else self._units(np.flatnonzero(keep))

    @classmethod
    def joined(cls, a: ShingleTable, b: ShingleTable) -> ShingleTable:
        return cls(
            np.concatenate([a.articles, b.articles]).astype(str),
            np.concatenate([a.starts, b.starts]),
            np.concatenate([a.ends, b.ends]),
            np.concatenate([a.offsets[:-1], a.offsets[-1] + b.offsets]),
            np.concatenate([a.hashes, b.hashes]),
            np.concatenate([a.value_offsets[:-1], a.value_offsets[-1] + b.value_offsets]),
            np.concatenate([a.marks, b.marks]),
        )

    def _units(self, keep: np.ndarray) -> ShingleTable:
        return ShingleTable(
            self.articles[keep],
            self.starts[keep],
            self.ends[keep],
            *_ragged([self.hashes[self.offsets[i] : self.offsets[i + 1]] for i in keep]),
            *_ragged([self.unit_marks(i) for i in keep]),
        )

    def save(self, path: Path) -> None:
        with path.open("wb") as out:
            np.savez(out, **{column: getattr(self, column) for column in _COLUMNS})

    @classmethod
    def load(cls, path: Path) -> ShingleTable | None:
        try:
            with np.load(path) as saved:
                return cls(*(saved[k] for k in _COLUMNS))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as err:
            log.warning("%s is damaged (%s): its shingles are made again", path, err)
            return None


def _ragged(lists: Sequence[Sequence[int] | np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, flat uint32 values) of a list of lists: list i is flat[offsets[i]:offsets[i+1]]."""
    sizes = [len(x) for x in lists]
    offsets = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
    flat = np.concatenate([np.asarray(x, dtype=np.uint32) for x in lists]) if lists else None
    return offsets, flat if flat is not None else np.zeros(0, np.uint32)
