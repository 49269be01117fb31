"""Summary answers ("Summarize what Bazoum wrote", "What did Bazoum ask the world for?"):
2-4 sentences of the retrieved passages, each cited to its own quote, none repeating another.

Question analysis (qa/analyze `is_summary_question`) tells which questions want one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from qa.answer.candidates import (
    NOT_COVERED,
    Candidate,
    ExtractiveResult,
    Spans,
    candidate_citation,
    candidate_sentences,
    passage_sentences,
    score_candidates,
)
from qa.answer.citations import same_statements
from qa.answer.conflicts import markers
from qa.engine.cross_encoder import CrossEncoder
from qa.engine.term_stats import TermStats
from qa.types import Citation, Passage

if TYPE_CHECKING:
    from index.embed.embedder import Embedder

TIME_ORDER = re.compile(
    r"\b(?:over time|in order|chronolog\w*|timeline|sequence|first\b.+\bthen"
    r"|how (?:did|has|have) .+ (?:change|evolve|develop)\w*)",
    re.IGNORECASE,
)
MAX_SENTENCES = 4
# The first sentence needs the answer threshold (NEWSQA_MIN_SUPPORT); further ones this much:
# on the seeds' summary questions the sentences on the point score 0.82-1.0, the next
# ones 0.65 and below (tests/qa/answer/test_summary.py).
FURTHER_MIN = 0.7
# Between sentences supporting the question about as well, one of an article not yet cited.
OTHER_ARTICLE_BONUS = 0.02
MAX_CITATIONS = 3
# The best-supported sentences compared for repetition (each is embedded once).
MAX_POOL = 12


def summary_answer(
    question: str,
    passages: list[Passage],
    reranker: CrossEncoder,
    min_support: float,
    *,
    spans: Spans = passage_sentences,
    stats: TermStats | None = None,
    embedder: Embedder | None = None,
) -> ExtractiveResult:
    """Up to MAX_SENTENCES sentences answering `question`, best supported first (by article
    date when the question asks for a time order); the sentences of other articles that say
    the same as one are cited beside it, not repeated (`embedder` judges which do, with
    shared terms; qa/answer/citations.py same_statements)."""
    candidates = candidate_sentences(passages, spans)
    evidence = score_candidates(
        question, candidates, reranker, stats, floor=min(min_support, FURTHER_MIN)
    )
    scores = [e.support() for e in evidence]
    ranked = sorted(range(len(candidates)), key=lambda i: -scores[i])
    ranked = [i for i in ranked if scores[i] >= FURTHER_MIN][:MAX_POOL]
    if not ranked or scores[ranked[0]] < min_support:
        return ExtractiveResult(NOT_COVERED, False)
    same = same_statements([candidates[i].text for i in ranked], embedder)
    points = _points([candidates[i] for i in ranked], [scores[i] for i in ranked], same)
    points = [[ranked[i] for i in point] for point in points]
    if TIME_ORDER.search(question):
        points.sort(key=lambda p: _when(candidates[p[0]]))
    citations: list[Citation] = []
    parts = []
    for point in points:
        cited = [len(citations) + n for n in range(1, len(point) + 1)]
        citations += [
            candidate_citation(n, candidates[i], scores[i])
            for n, i in zip(cited, point, strict=True)
        ]
        parts.append(f"{candidates[point[0]].text} {markers(cited)}")
    return ExtractiveResult(" ".join(parts), True, citations)


def _points(candidates: list[Candidate], scores: list[float], same: np.ndarray) -> list[list[int]]:
    """The sentences to say (indexes of `candidates`), each followed by those of other
    articles saying the same; `same[i, j]` says which state the same thing."""
    points: list[list[int]] = []
    left = list(range(len(candidates)))
    while left:
        cited = {candidates[i].passage.article_id for point in points for i in point}
        bonus = {
            i: OTHER_ARTICLE_BONUS * (candidates[i].passage.article_id not in cited) for i in left
        }
        chosen = max(left, key=lambda i: scores[i] + bonus[i])
        left.remove(chosen)
        point = next((p for p in points if same[p[0], chosen]), None)
        if point is None:
            if len(points) < MAX_SENTENCES:
                points.append([chosen])
        elif len(point) < MAX_CITATIONS and candidates[chosen].passage.article_id not in {
            candidates[i].passage.article_id for i in point
        }:
            point.append(chosen)
    return points


def _when(candidate: Candidate) -> tuple[bool, str, int]:
    """Undated articles last; then by date and place in the article."""
    date = candidate.passage.date
    return date is None, date or "", candidate.start
