"""Compressed evidence for the LLM: instead of whole passages, each source's best sentence
for the question, and the few best sentences of all with one neighbour sentence each side.

The prompt is most of a small local model's time to first token (llama.cpp reads ~180
tokens/s on 2 cores), so the model reads the sentences the cross-encoder rates best, not five
whole passages. Sources keep their numbers; the citation check still reads the full passages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from index.core.settings import Settings
from qa.answer.extractive import Candidate, score_candidates
from qa.answer.prompt import answer_messages
from qa.engine.cross_encoder import CrossEncoder
from qa.types import Passage

if TYPE_CHECKING:
    from qa.engine.engine import Engine

# Said between sentences that are not adjacent in the passage.
GAP = " … "


@dataclass(frozen=True)
class Excerpt:
    """What the model is shown of one source.

    - `passage`: the source (its number in the prompt is its place in the list, from 1).
    - `sentences`: (start, end) offsets in `passage.text` of the sentences shown, in order.
    - `text`: those sentences, GAP between sentences that are not adjacent.
    - `score`: the support of its best sentence (0 when it has none).
    """

    passage: Passage
    sentences: list[tuple[int, int]]
    text: str
    score: float = 0.0


def excerpts(
    question: str,
    passages: list[Passage],
    reranker: CrossEncoder,
    *,
    spans: Callable[[Passage], list[tuple[int, int]]],
    best: int,
) -> list[Excerpt]:
    """Per passage (same order), its best-supported sentence; the `best` best sentences of
    all the passages come with one neighbour sentence on each side."""
    per_passage = [spans(p) for p in passages]
    scores = _sentence_scores(question, passages, per_passage, reranker)
    ranked = sorted(
        ((s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row)),
        key=lambda sij: (-sij[0], sij[1], sij[2]),
    )
    centres: list[set[int]] = [set() for _ in passages]
    for _, i, j in ranked[:best]:
        centres[i].add(j)
    own_best: dict[int, int] = {}
    for _, i, j in ranked:
        own_best.setdefault(i, j)
    found = []
    for i, (p, sentences) in enumerate(zip(passages, per_passage, strict=True)):
        alone = {own_best[i]} if i in own_best else set()
        shown = _excerpt(p, sentences, centres=centres[i], alone=alone)
        found.append(replace(shown, score=max(scores[i], default=0.0)))
    return found


def _sentence_scores(
    question: str,
    passages: list[Passage],
    per_passage: list[list[tuple[int, int]]],
    reranker: CrossEncoder,
) -> list[list[float]]:
    """Support of every sentence; a sentence two overlapping passages share is scored once."""
    unique: dict[tuple[str, int], Candidate] = {}
    for p, sentences in zip(passages, per_passage, strict=True):
        for a, b in sentences:
            key = (p.article_id, p.start + a)
            unique.setdefault(key, Candidate(p, p.start + a, p.start + b, p.text[a:b]))
    candidates = list(unique.values())
    evidence = score_candidates(question, candidates, reranker, None)
    support = {
        (c.passage.article_id, c.start): e.support()
        for c, e in zip(candidates, evidence, strict=True)
    }
    return [
        [support[(p.article_id, p.start + a)] for a, _ in sentences]
        for p, sentences in zip(passages, per_passage, strict=True)
    ]


def _excerpt(
    passage: Passage, sentences: list[tuple[int, int]], *, centres: set[int], alone: set[int]
) -> Excerpt:
    around = {k for j in centres for k in (j - 1, j, j + 1) if 0 <= k < len(sentences)}
    shown = sorted(around | alone)
    if not shown:
        return Excerpt(passage, [], passage.text)
    text = passage.text
    parts = [text[slice(*sentences[shown[0]])]]
    for before, k in pairwise(shown):
        # Adjacent sentences keep the text between them: a run is an exact piece of the passage.
        start = sentences[before][1] if k == before + 1 else sentences[k][0]
        parts.append(("" if k == before + 1 else GAP) + text[start : sentences[k][1]])
    return Excerpt(passage, [sentences[k] for k in shown], "".join(parts))


def uses_excerpts(settings: Settings) -> bool:
    """NEWSQA_LLM_EVIDENCE: auto shows excerpts to the local model, whole passages to servers."""
    if settings.llm_evidence == "auto":
        return settings.llm == "local"
    return settings.llm_evidence == "excerpts"


def answer_prompt(
    question: str, passages: list[Passage], *, engine: Engine, settings: Settings
) -> list[tuple[str, str]]:
    """The generation messages for the configured LLM: each source whole, or its excerpt
    (its best sentence; the NEWSQA_EXCERPT_SENTENCES best of all with their neighbours)."""
    if not uses_excerpts(settings):
        return answer_messages(question, passages)
    shown = excerpts(
        question,
        passages,
        engine.reranker,
        spans=engine.passage_spans,
        best=settings.excerpt_sentences,
    )
    # Best evidence first, numbers kept: a small model leans on the first source it reads.
    order = sorted(range(len(shown)), key=lambda i: -shown[i].score)
    return answer_messages(question, passages, [e.text for e in shown], order)
