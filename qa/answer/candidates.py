"""Candidate sentences of retrieved passages, their support for a question, and the citation of
one: what the extractive and summary answers choose from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from index.core.text.sentences import sentence_spans
from qa.answer.citations import cite
from qa.answer.support import SentenceEvidence, sentence_evidence
from qa.engine.cross_encoder import CrossEncoder
from qa.engine.term_stats import TermStats
from qa.types import Citation, Conflict, Passage

NOT_COVERED = "The indexed articles do not cover this question."
Spans = Callable[[Passage], list[tuple[int, int]]]


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage; `start`/`end` index the article's cleaned text."""

    passage: Passage
    start: int
    end: int
    text: str

    @property
    def key(self) -> tuple[str, int]:
        """Where the sentence is: (article, offset); the same sentence of overlapping chunks."""
        return self.passage.article_id, self.start


@dataclass(frozen=True)
class ExtractiveResult:
    """An extractive answer before it is dressed as an Answer.

    - `text`: the chosen sentences with their [n] markers (and the conflict's sentence, if any).
    - `grounded`: False when no sentence supports an answer (`text` is then NOT_COVERED).
    - `citations`: in marker order; `conflicts`: sources that disagree on the answer.
    - `short`: the name, number or date the question asks for, as the cited sentence writes
      it ("1500"); "" for other questions.
    """

    text: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    short: str = ""


def passage_sentences(passage: Passage) -> list[tuple[int, int]]:
    return sentence_spans(passage.text)


def candidate_sentences(
    passages: list[Passage], spans: Spans = passage_sentences
) -> list[Candidate]:
    """Each distinct sentence of the passages once (chunks overlap), in passage order;
    `spans` gives a passage's sentences as offsets in its text."""
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for passage in passages:
        for start, end in spans(passage):
            key = (passage.article_id, passage.start + start)
            if key not in seen:
                seen.add(key)
                found.append(
                    Candidate(
                        passage, passage.start + start, passage.start + end, passage.text[start:end]
                    )
                )
    return found


def score_candidates(
    question: str,
    candidates: list[Candidate],
    reranker: CrossEncoder,
    stats: TermStats | None,
    floor: float = 0.0,
) -> list[SentenceEvidence]:
    """Evidence per candidate; relevance is only computed where support could reach `floor`."""
    texts = [c.text for c in candidates]
    contexts = [f"{c.passage.title}\n{c.passage.text}" for c in candidates]
    return sentence_evidence(
        question,
        texts,
        contexts,
        lambda some: reranker.probabilities(question, some),
        stats=stats,
        floor=floor,
    )


def candidate_citation(n: int, candidate: Candidate, score: float) -> Citation:
    """Citation [n] quoting the candidate sentence exactly."""
    offset = candidate.passage.start
    return cite(
        n,
        candidate.passage,
        start=candidate.start - offset,
        end=candidate.end - offset,
        score=round(score, 4),
    )
