"""Echoes: a sentence of one article that another article carries near-verbatim (wire copy).

Found at index time by shingle overlap: each sentence becomes the set of its 3-word shingles
of stemmed content words, and two sentences of different articles echo each other when the
shared shingles are at least MIN_OVERLAP of the smaller set. Stemming and dropping stopwords
lets light edits through ("the movement" / "movements", "Defence" / "Defense" costs a few
shingles, not the match); a 3-word window keeps two sentences that only share names apart.
Measured against embedding similarity on MultiHop-RAG in docs/retrieval.md.

Shingles ignore the very values a reader checks ("about 1500 troops" and "about 7000
troops" share every shingle but one), so two sentences echo only when their numbers, dates and
names also agree (index/core/text/values.py): one that differs in a value is a source that
disagrees, never a copy (on MultiHop-RAG, 116 of 813 wire near-copies: "$36" / "$35").
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.core.text.values import marks_disagree
from index.news.shingles import ShingleTable

FOLDER = "echoes"
# Bump when what makes an echo changes: kept echoes of another version are found again.
ECHOES_VERSION = 2
ECHOES = "echoes.json"
SHINGLES = "shingles.npz"
MIN_OVERLAP = 0.5
# ...and at least this many shingles: a 6-word caption shares half of itself by naming a product.
MIN_SHARED = 3
# A shingle in more sentences than this is boilerplate ("share this article on"), not copy.
MAX_POSTINGS = 40

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class NearCopies:
    """Pairs of near-copy sentences: `echoes` agree in their numbers, dates and names (wire
    copy); `variants` differ in one ("about 1500" / "about 7000"): sources that disagree,
    which retrieval must not treat as repeats of each other (qa/engine/copies.py)."""

    echoes: list[Echo]
    variants: list[Echo]

    def without(self, stale: set[str]) -> NearCopies:
        """The pairs touching none of the `stale` articles."""
        return NearCopies(_touching_none(self.echoes, stale), _touching_none(self.variants, stale))

    def joined(self, more: NearCopies) -> NearCopies:
        return NearCopies(
            sorted(self.echoes + more.echoes, key=_order),
            sorted(self.variants + more.variants, key=_order),
        )


def find_echoes(table: ShingleTable, fresh: set[str] | None = None) -> list[Echo]:
    """Every pair of echoing sentences (near-copies agreeing in their values)."""
    return near_copies(table, fresh).echoes


def near_copies(table: ShingleTable, fresh: set[str] | None = None) -> NearCopies:
    """Every pair of near-copy sentences in different articles, each pair once, split by
    whether their values agree; with `fresh`, only pairs with a sentence of those articles
    (an update keeps the others)."""
    echoes: list[Echo] = []
    variants: list[Echo] = []
    for (i, j), overlap in _shared_shingles(table, fresh).items():
        a, b = sorted([(str(table.articles[i]), i), (str(table.articles[j]), j)])
        pair = Echo(
            a[0],
            int(table.starts[a[1]]),
            int(table.ends[a[1]]),
            b[0],
            int(table.starts[b[1]]),
            int(table.ends[b[1]]),
            overlap,
        )
        differs = marks_disagree(table.unit_marks(i).tolist(), table.unit_marks(j).tolist())
        (variants if differs else echoes).append(pair)
    return NearCopies(sorted(echoes, key=_order), sorted(variants, key=_order))


def _shared_shingles(table: ShingleTable, fresh: set[str] | None) -> dict[tuple[int, int], float]:
    """(unit, unit) -> share of shingles, for units of different articles sharing enough."""
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
    overlaps = {
        pair: count / min(int(sizes[pair[0]]), int(sizes[pair[1]]))
        for pair, count in shared.items()
    }
    return {
        pair: round(overlap, 3)
        for pair, overlap in overlaps.items()
        if overlap >= MIN_OVERLAP and shared[pair] >= MIN_SHARED
    }


def refresh_echoes(
    generation: Path,
    revision: int,
    text_of: Callable[[str], str],
    article_ids: set[str],
    changed: tuple[int, set[str]] | None = None,
) -> list[Echo]:
    """Find and keep the echoes (and variants) of `article_ids` for `revision` of the
    generation; returns the echoes.

    `changed` is (the revision the generation was copied at, the articles added, changed or
    removed since): only those are shingled and compared, when what was kept is that
    revision's; otherwise every article is (MultiHop-RAG's 609: 3.5 s CPU with value marks,
    1.9 s without, on a busy 2-core machine, against 0.1 s for one article).
    """
    kept = _kept(generation, changed[0]) if changed else None
    if changed is None or kept is None:
        table = ShingleTable.of_texts({a: text_of(a) for a in article_ids})
        found = near_copies(table)
    else:
        stale = changed[1]
        fresh = stale & article_ids
        table = ShingleTable.joined(
            kept[0].without(stale), ShingleTable.of_texts({a: text_of(a) for a in fresh})
        )
        found = kept[1].without(stale).joined(near_copies(table, fresh))
    folder, tmp = generation / FOLDER, generation / (FOLDER + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    table.save(tmp / SHINGLES)
    saved = {
        "version": ECHOES_VERSION,
        "revision": revision,
        "echoes": _rows(found.echoes),
        "variants": _rows(found.variants),
    }
    (tmp / ECHOES).write_text(json.dumps(saved), "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return found.echoes


def load_echoes(generation: Path, revision: int) -> list[Echo] | None:
    """The generation's echoes when they belong to `revision`, else None (see load_near_copies)."""
    found = load_near_copies(generation, revision)
    return found.echoes if found is not None else None


def load_near_copies(generation: Path, revision: int) -> NearCopies | None:
    """The generation's near-copies when they belong to `revision`, else None (find them
    again): none kept yet, kept for another revision or by an older rule, or damaged (logged)."""
    path = generation / FOLDER / ECHOES
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved["revision"] != revision or saved.get("version") != ECHOES_VERSION:
            return None
        return NearCopies(_pairs(saved["echoes"]), _pairs(saved["variants"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("%s is damaged (%s): its echoes are found again", path, err)
        return None


def _kept(generation: Path, revision: int) -> tuple[ShingleTable, NearCopies] | None:
    found = load_near_copies(generation, revision)
    table = ShingleTable.load(generation / FOLDER / SHINGLES) if found is not None else None
    return (table, found) if table is not None and found is not None else None


def _rows(pairs: list[Echo]) -> list[list[object]]:
    return [[e.a, e.a_start, e.a_end, e.b, e.b_start, e.b_end, e.overlap] for e in pairs]


def _pairs(rows: list[list[Any]]) -> list[Echo]:
    return [Echo(a, int(s), int(e), b, int(t), int(u), float(o)) for a, s, e, b, t, u, o in rows]


def _touching_none(pairs: list[Echo], stale: set[str]) -> list[Echo]:
    return [e for e in pairs if e.a not in stale and e.b not in stale]


def _order(e: Echo) -> tuple[str, int, str, int]:
    return (e.a, e.a_start, e.b, e.b_start)
