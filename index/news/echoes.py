"""Echoes: a sentence of one article that another article carries near-verbatim (wire copy).

Found at index time by shingle overlap: each sentence becomes the set of its 3-word shingles
of stemmed content words, and two sentences of different articles echo each other when the
shared shingles are at least MIN_OVERLAP of the smaller set. Stemming and dropping stopwords
lets light edits through ("the movement" / "movements", "Defence" / "Defense" costs a few
shingles, not the match); a 3-word window keeps two sentences that only share names apart.
Measured against embedding similarity on MultiHop-RAG in docs/retrieval.md.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.core.text.sentences import sentence_units
from index.core.text.terms import STOPWORDS, stem_words

FOLDER = "echoes"
ECHOES = "echoes.json"
SHINGLES = "shingles.npz"
SHINGLE = 3
# Sentences shorter than this match by chance ("The source did not give details.").
MIN_WORDS = 6
MIN_OVERLAP = 0.5
# ...and at least this many shingles: a 6-word caption shares half of itself by naming a product.
MIN_SHARED = 3
# A shingle in more sentences than this is boilerplate ("share this article on"), not copy.
MAX_POSTINGS = 40

log = logging.getLogger(__name__)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Echo:
    """Sentence `a_start:a_end` of article `a` and `b_start:b_end` of article `b` are
    near-copies; `overlap` is their shared share of shingles, in [MIN_OVERLAP, 1]."""

    a: str
    a_start: int
    a_end: int
    b: str
    b_start: int
    b_end: int
    overlap: float


def sentence_shingles(text: str) -> list[tuple[int, int, list[int]]]:
    """Each sentence long enough to compare, with its shingles as crc32 hashes (stable across
    processes, so they can be kept); the article is stemmed in one call."""
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
        )
        for (start, end), (a, b) in zip(spans, bounds, strict=True)
    ]


@dataclass(frozen=True)
class ShingleTable:
    """Every comparable sentence of the index with its shingle hashes, kept in the generation
    so an update shingles only new articles. Unit i is sentence `starts[i]:ends[i]` of
    `articles[i]`, its hashes `hashes[offsets[i]:offsets[i + 1]]`."""

    articles: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    offsets: np.ndarray
    hashes: np.ndarray

    @classmethod
    def of_texts(cls, texts: dict[str, str]) -> ShingleTable:
        rows = [(a, s, e, h) for a in sorted(texts) for s, e, h in sentence_shingles(texts[a])]
        sizes = [len(h) for *_, h in rows]
        return cls(
            np.array([a for a, *_ in rows], dtype=str),
            np.array([s for _, s, _, _ in rows], dtype=np.int64),
            np.array([e for _, _, e, _ in rows], dtype=np.int64),
            np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            np.array([x for *_, h in rows for x in h], dtype=np.uint32),
        )

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
        )

    def _units(self, keep: np.ndarray) -> ShingleTable:
        sizes = (self.offsets[1:] - self.offsets[:-1])[keep]
        parts = [self.hashes[self.offsets[i] : self.offsets[i + 1]] for i in keep]
        return ShingleTable(
            self.articles[keep],
            self.starts[keep],
            self.ends[keep],
            np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            np.concatenate(parts).astype(np.uint32) if parts else np.zeros(0, np.uint32),
        )

    def save(self, path: Path) -> None:
        with path.open("wb") as out:
            np.savez(
                out,
                articles=self.articles,
                starts=self.starts,
                ends=self.ends,
                offsets=self.offsets,
                hashes=self.hashes,
            )

    @classmethod
    def load(cls, path: Path) -> ShingleTable | None:
        try:
            with np.load(path) as saved:
                return cls(*(saved[k] for k in ("articles", "starts", "ends", "offsets", "hashes")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as err:
            log.warning("%s is damaged (%s): its shingles are made again", path, err)
            return None


def find_echoes(table: ShingleTable, fresh: set[str] | None = None) -> list[Echo]:
    """Every pair of near-copy sentences in different articles, each pair once; with `fresh`,
    only pairs with a sentence of those articles (an update keeps the others)."""
    unit_of = np.repeat(np.arange(len(table.starts)), np.diff(table.offsets))
    hashes = table.hashes
    if fresh is not None:
        # Only shingles of fresh sentences can make a new pair: look at those alone.
        is_fresh = np.isin(table.articles, list(fresh))
        wanted = np.unique(hashes[is_fresh[unit_of]])
        picked = np.isin(hashes, wanted)
        hashes, unit_of = hashes[picked], unit_of[picked]
    order = np.argsort(hashes, kind="stable")
    hashes, unit_of = hashes[order], unit_of[order]
    cuts = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(hashes)]])
    articles = table.articles
    sizes = np.diff(table.offsets)
    shared: Counter[tuple[int, int]] = Counter()
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        if not 1 < hi - lo <= MAX_POSTINGS:
            continue
        holders = unit_of[lo:hi].tolist()
        for x, i in enumerate(holders):
            for j in holders[x + 1 :]:
                if articles[i] != articles[j] and (
                    fresh is None or articles[i] in fresh or articles[j] in fresh
                ):
                    shared[min(i, j), max(i, j)] += 1
    echoes = []
    for (i, j), count in shared.items():
        overlap = count / min(int(sizes[i]), int(sizes[j]))
        if overlap >= MIN_OVERLAP and count >= MIN_SHARED:
            a, b = sorted([(str(articles[i]), i), (str(articles[j]), j)])
            echoes.append(
                Echo(
                    a[0],
                    int(table.starts[a[1]]),
                    int(table.ends[a[1]]),
                    b[0],
                    int(table.starts[b[1]]),
                    int(table.ends[b[1]]),
                    round(overlap, 3),
                )
            )
    return sorted(echoes, key=_order)


def refresh_echoes(
    generation: Path,
    revision: int,
    text_of: Callable[[str], str],
    article_ids: set[str],
    changed: tuple[int, set[str]] | None = None,
) -> list[Echo]:
    """Find and keep the echoes of `article_ids` for `revision` of the generation.

    `changed` is (the revision the generation was copied at, the articles added, changed or
    removed since): only those are shingled and compared, when what was kept is that
    revision's; otherwise every article is (1.8 s on MultiHop-RAG's 609, against 0.05 s).
    """
    kept = _kept(generation, changed[0]) if changed else None
    if changed is None or kept is None:
        table = ShingleTable.of_texts({a: text_of(a) for a in article_ids})
        echoes = find_echoes(table)
    else:
        stale = changed[1]
        fresh = stale & article_ids
        table = ShingleTable.joined(
            kept[0].without(stale), ShingleTable.of_texts({a: text_of(a) for a in fresh})
        )
        unchanged = [e for e in kept[1] if e.a not in stale and e.b not in stale]
        echoes = sorted(unchanged + find_echoes(table, fresh), key=_order)
    folder, tmp = generation / FOLDER, generation / (FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    table.save(tmp / SHINGLES)
    rows = [[e.a, e.a_start, e.a_end, e.b, e.b_start, e.b_end, e.overlap] for e in echoes]
    (tmp / ECHOES).write_text(json.dumps({"revision": revision, "echoes": rows}), "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return echoes


def load_echoes(generation: Path, revision: int) -> list[Echo] | None:
    """The generation's echoes when they belong to `revision`, else None (find them again):
    none kept yet, kept for another revision, or damaged (logged)."""
    path = generation / FOLDER / ECHOES
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved["revision"] != revision:
            return None
        return [
            Echo(a, int(s), int(e), b, int(t), int(u), float(o))
            for a, s, e, b, t, u, o in saved["echoes"]
        ]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("%s is damaged (%s): its echoes are found again", path, err)
        return None


def _kept(generation: Path, revision: int) -> tuple[ShingleTable, list[Echo]] | None:
    echoes = load_echoes(generation, revision)
    table = ShingleTable.load(generation / FOLDER / SHINGLES) if echoes is not None else None
    return (table, echoes) if table is not None and echoes is not None else None


def _order(e: Echo) -> tuple[str, int, str, int]:
    return (e.a, e.a_start, e.b, e.b_start)
