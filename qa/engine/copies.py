"""Wire copies at answer time: which passages repeat each other, where a quote is carried
elsewhere, and how many independent sources a set of articles is, from the index's echoes.

An echo links two near-identical sentences of different articles that agree in their values
(index/news/echoes.py). From them: a passage is a near-copy of another when at least
PASSAGE_OVERLAP of its text echoes into it (retrieval keeps one of them near the top), unless
it holds a variant of the other's sentence (the same sentence with another number, date or
name: a source that disagrees, which retrieval must keep in sight for the conflict line).
Which articles carry the same story is the index's to say (index/news/stories.py).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from functools import cached_property

from index.core.text.outlets import outlet_family
from index.news.echoes import Echo, NearCopies
from index.news.stories import linked_groups, story_groups, wire_echoes
from index.store.chroma import StoredChunk

PASSAGE_OVERLAP = 0.5

# An echoed sentence as seen from one side: (start, end, other article, its start, its end).
Side = tuple[int, int, str, int, int]


class WireCopies:
    """Echoes indexed by article and by passage; `outlets` (article -> outlet) tell site
    templates from wire copy (stories.wire_echoes) and which articles share a publisher."""

    def __init__(
        self, pairs: NearCopies, chunks: dict[str, StoredChunk], outlets: dict[str, str | None]
    ) -> None:
        echoes = wire_echoes(pairs.echoes, outlets, pairs.variants)
        self.sides: dict[str, list[Side]] = defaultdict(list)
        for e in echoes:
            self.sides[e.a].append((e.a_start, e.a_end, e.b, e.b_start, e.b_end))
            self.sides[e.b].append((e.b_start, e.b_end, e.a, e.a_start, e.a_end))
        by_article: dict[str, list[StoredChunk]] = defaultdict(list)
        for chunk in chunks.values():
            by_article[chunk.article_id].append(chunk)
        for found in by_article.values():
            found.sort(key=lambda c: c.start)
        self._chunks = by_article
        self._echoed = self._echoed_sentences(echoes)
        self._variants = self._echoed_sentences(pairs.variants)
        self._lengths = {c.chunk_id: len(c.text) for c in chunks.values()}
        self._story = {a: n for n, story in enumerate(story_groups(echoes)) for a in story}
        self._family = {a: outlet_family(o) for a, o in outlets.items() if o}

    def independent_groups(self, articles: set[str]) -> list[set[str]]:
        """`articles` grouped into independent sources: articles carrying one story (wire
        copies, stories.story_groups) or from one publisher are one source."""
        keys = {
            a: {("story", self._story.get(a, a)), ("outlet", self._family.get(a, a))}
            for a in articles
        }
        links = {a: {b for b in articles if b != a and keys[a] & keys[b]} for a in articles}
        return linked_groups(links) + [{a} for a in sorted(articles) if not links[a]]

    @cached_property
    def repeats(self) -> dict[str, dict[str, float]]:
        """Per echoed passage, the share of it each linked passage carries (for near_copies;
        retrieval needs only redundancy, so this is found on first use)."""
        return {
            p: {q: self.redundancy(p, [q]) for q in linked} for p, linked in self._echoed.items()
        }

    def echoes_of(self, article_id: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Where other articles carry the text `start:end` of `article_id` (one sentence),
        as (article id, start, end), one per article, best overlap first."""
        found: dict[str, tuple[int, int, int]] = {}
        for a, b, other, s, e in self.sides.get(article_id, []):
            shared = min(b, end) - max(a, start)
            if shared * 2 >= min(b - a, end - start) and shared > found.get(other, (0, 0, 0))[0]:
                found[other] = (shared, s, e)
        ranked = sorted(found.items(), key=lambda kv: -kv[1][0])
        return [(other, s, e) for other, (_, s, e) in ranked]

    def near_copies(self, chunk_id: str) -> set[str]:
        """Passages of other articles that repeat this one, or that it repeats (never one
        holding a variant of its sentences)."""
        return {
            other
            for other, share in self.repeats.get(chunk_id, {}).items()
            if (share >= PASSAGE_OVERLAP or self.repeats[other][chunk_id] >= PASSAGE_OVERLAP)
            and other not in self._variants.get(chunk_id, {})
        }

    def passage_groups(self) -> list[set[str]]:
        """Passages linked as near-copies, transitively: the near-duplicate groups."""
        return linked_groups({c: self.near_copies(c) for c in self.repeats})

    def _containing(self, article_id: str, start: int, end: int) -> list[tuple[str, int]]:
        """Chunks of the article holding part of `start:end`, with how much of it."""
        found = self._chunks.get(article_id, [])
        i = max(bisect.bisect_right([c.start for c in found], start) - 1, 0)
        held = []
        for chunk in found[max(i - 1, 0) :]:
            if chunk.start >= end:
                break
            shared = min(chunk.end, end) - max(chunk.start, start)
            if shared > 0:
                held.append((chunk.chunk_id, shared))
        return held

    def redundancy(self, chunk_id: str, shown: list[str]) -> float:
        """The share of this passage's text that the `shown` passages already carry; none
        when one of them gives another value in a sentence this one carries."""
        linked = self._echoed.get(chunk_id)
        variants = self._variants.get(chunk_id, {})
        if not linked or any(other in variants for other in shown):
            return 0.0
        sentences: set[tuple[int, int]] = set()
        for other in shown:
            sentences |= linked.get(other, set())
        return sum(n for _, n in sentences) / max(self._lengths[chunk_id], 1)

    def _echoed_sentences(self, echoes: list[Echo]) -> dict[str, dict[str, set[tuple[int, int]]]]:
        """For each passage, per passage of another article: its sentences echoed there, as
        (start, characters inside the passage)."""
        echoed: dict[str, dict[str, set[tuple[int, int]]]] = defaultdict(lambda: defaultdict(set))
        for e in echoes:
            for p, p_len in self._containing(e.a, e.a_start, e.a_end):
                for q, q_len in self._containing(e.b, e.b_start, e.b_end):
                    echoed[p][q].add((e.a_start, p_len))
                    echoed[q][p].add((e.b_start, q_len))
        return echoed
