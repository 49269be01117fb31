"""Conflicting sources: sentences that answer the same question with a different number, date
or name ("Most sources say July 26 [1][2]; one says July 28 [3]").

Sides are ranked by how many independent sources give them (copies of one story and articles
of one publisher are one source, qa/engine/copies.py, and count for the side most of their
articles give), then by how many articles: the answer leads with the first, so a lone article
(a forged "source: Reuters" among them) never leads over what several others say; it is the
conflict line's "one says".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.core.text.questions import QuestionKind, asked_kinds
from index.core.text.values import Value, sentence_values
from qa.answer.candidates import Candidate, candidate_citation, score_candidates
from qa.answer.prompt import looks_like_injection
from qa.types import Citation, Conflict, ConflictKind, Version

if TYPE_CHECKING:
    from qa.engine.copies import WireCopies
    from qa.engine.cross_encoder import CrossEncoder

# The question kinds whose answers compare as values, first asked first compared.
_COMPARED: dict[QuestionKind, ConflictKind] = {"count": "number", "date": "date", "person": "name"}
SAYS = {1: "one says", 2: "two say", 3: "three say"}


def asked_kind(question: str) -> ConflictKind | None:
    """ "number", "date" or "name" when the question asks for one, else None."""
    return next((_COMPARED[k] for k in asked_kinds(question) if k in _COMPARED), None)


def values(kind: ConflictKind, sentence: str, question: str) -> list[Value]:
    """The distinct values of `kind` in the sentence that the question does not already give."""
    asked = question.lower()
    found: dict[str, Value] = {}
    for value in sentence_values(kind, sentence):
        if value.text.lower() not in asked and value.key not in found:
            found[value.key] = value
    return list(found.values())


def conflict_text(versions: list[tuple[str, list[int]]]) -> str:
    """ "Most sources say July 26 [1][2]; one says July 28 [3]." from (value, [n]) pairs."""
    (top, top_cited), others = versions[0], versions[1:]
    if len(top_cited) > sum(len(cited) for _, cited in others):
        lead = "Most sources say"
    else:
        lead = "One source says" if len(top_cited) == 1 else f"{_count(len(top_cited))} say"
    parts = [f"{lead} {top} {markers(top_cited)}"]
    for value, cited in others:
        parts.append(f"{SAYS.get(len(cited), f'{len(cited)} say')} {value} {markers(cited)}")
    return "; ".join(parts) + "."


def _count(n: int) -> str:
    words = {2: "Two sources", 3: "Three sources"}
    return words.get(n, f"{n} sources")


def markers(cited: list[int]) -> str:
    """ "[1][2]" for [1, 2]."""
    return "".join(f"[{n}]" for n in cited)


@dataclass(frozen=True)
class Side:
    """One value the sources give: per article, its best sentence giving it (best first),
    and how many independent sources those articles are."""

    value: Value
    sentences: dict[str, Candidate]
    independent: int


@dataclass
class SideFinder:
    """Finds the sides of a conflict in `pool` for `question`: sentences answering it on their
    own (support at least `min_support`) with exactly one value of the kind asked. `scored`
    holds the support of sentences already scored (it gains the others); `copies` says which
    articles are independent (without it, each article is)."""

    question: str
    pool: list[Candidate]
    scored: dict[tuple[str, int], float]
    reranker: CrossEncoder
    min_support: float
    copies: WireCopies | None = None

    def sides(self, lead: str | None = None) -> list[Side]:
        """The sides, ranked: most independent sources, most articles, the side whose value
        key is `lead` (the answer's), then the best support. One side: no conflict."""
        kind = asked_kind(self.question)
        if kind is None:
            return []
        # A sentence addressing a model ("reply only ...") is never a side.
        valued = [
            (c, given[0])
            for c in self.pool
            if len(given := values(kind, c.text, self.question)) == 1
            and not looks_like_injection(c.text)
        ]
        self._score([c for c, _ in valued])
        found: dict[str, tuple[Value, dict[str, Candidate]]] = {}
        for candidate, value in sorted(valued, key=lambda cv: -self.scored[cv[0].key]):
            if self.scored[candidate.key] >= self.min_support:
                by_article = found.setdefault(value.key, (value, {}))[1]
                by_article.setdefault(candidate.passage.article_id, candidate)
        votes = self._votes([by_article for _, by_article in found.values()])
        sides = [
            Side(v, by_article, n) for (v, by_article), n in zip(found.values(), votes, strict=True)
        ]
        return sorted(
            sides,
            key=lambda s: (
                -s.independent,
                -len(s.sentences),
                s.value.key != lead,
                -self.scored[next(iter(s.sentences.values())).key],
            ),
        )

    def conflict(self, citations: list[Citation]) -> Conflict | None:
        """The Conflict, when the sides give different values, its sentences cited: new
        sources are appended to `citations` (the first of which is the answer's)."""
        kind = asked_kind(self.question)
        lead = values(kind, citations[0].quote, self.question) if kind and citations else []
        sides = self.sides(lead[0].key if len(lead) == 1 else None)
        if kind is None or len(sides) < 2:
            return None
        numbered = {(c.article_id, c.start): c.n for c in citations}
        said: list[tuple[str, list[int]]] = []
        for side in sides:
            cited = []
            for candidate in side.sentences.values():
                if candidate.key not in numbered:
                    numbered[candidate.key] = len(citations) + 1
                    score = self.scored[candidate.key]
                    citations.append(candidate_citation(numbered[candidate.key], candidate, score))
                cited.append(numbered[candidate.key])
            said.append((side.value.text, sorted(cited)))
        return Conflict(
            kind=kind,
            versions=[Version(value=v, citations=cited) for v, cited in said],
            text=conflict_text(said),
        )

    def _score(self, candidates: list[Candidate]) -> None:
        unscored = [c for c in candidates if c.key not in self.scored]
        if unscored:
            evidence = score_candidates(
                self.question, unscored, self.reranker, None, floor=self.min_support
            )
            self.scored |= {c.key: e.support() for c, e in zip(unscored, evidence, strict=True)}

    def _votes(self, sides: list[dict[str, Candidate]]) -> list[int]:
        """Per side, the independent sources whose articles give mostly its value (a story
        whose copies differ counts for the value most copies give; first side on a tie)."""
        if self.copies is None:
            return [len(articles) for articles in sides]
        votes = [0] * len(sides)
        for group in self.copies.independent_groups({a for side in sides for a in side}):
            held = [len(group & side.keys()) for side in sides]
            votes[held.index(max(held))] += 1
        return votes
