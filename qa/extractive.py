"""Extractive answers: the retrieved sentences that best answer the question, each cited."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embed import Embedder
from qa.sentences import sentence_spans
from qa.support import TermStats, support_scores
from qa.types import Citation, Passage

MAX_CITATIONS = 3
# A further sentence joins the answer only if it says much the same as the best one.
CORROBORATION_COSINE = 0.75
NOT_COVERED = "The indexed articles do not cover this question."


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int  # offsets into the article's cleaned text
    end: int
    text: str


def candidate_sentences(passages: list[Passage]) -> list[Candidate]:
    """Each distinct sentence of the passages once, with article offsets (chunks overlap)."""
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for passage in passages:
        for start, end in sentence_spans(passage.text):
            key = (passage.article_id, passage.start + start)
            if key not in seen:
                seen.add(key)
                found.append(Candidate(passage, passage.start + start, passage.start + end,
                                       passage.text[start:end]))
    return found


def extractive_answer(
    question: str,
    passages: list[Passage],
    embedder: Embedder,
    stats: TermStats,
    min_support: float,
) -> tuple[str, bool, list[Citation]]:
    """(answer text with [n] markers, grounded, citations in marker order)."""
    candidates = candidate_sentences(passages)
    if not candidates:
        return NOT_COVERED, False, []
    vectors = embedder.embed_passages([c.text for c in candidates])
    scores = support_scores(
        question, [c.text for c in candidates], embedder.embed_query(question), vectors, stats
    )
    order = sorted(range(len(candidates)), key=lambda i: scores[i], reverse=True)
    best = order[0]
    if scores[best] < min_support:
        return NOT_COVERED, False, []
    chosen = [best]
    for i in order[1:]:
        if len(chosen) == MAX_CITATIONS or scores[i] < min_support:
            break
        same_claim = float(np.dot(vectors[i], vectors[best])) >= CORROBORATION_COSINE
        new_article = all(candidates[i].passage.article_id != candidates[j].passage.article_id
                          for j in chosen)
        if same_claim and new_article:
            chosen.append(i)
    citations = [_citation(n, candidates[i], scores[i]) for n, i in enumerate(chosen, start=1)]
    markers = " ".join(f"[{c.n}]" for c in citations)
    return f"{candidates[best].text} {markers}", True, citations


def _citation(n: int, candidate: Candidate, score: float) -> Citation:
    p = candidate.passage
    return Citation(n, p.article_id, p.title, p.outlet, p.date, candidate.text, candidate.start,
                    candidate.end, round(score, 4))
