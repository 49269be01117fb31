"""The tuning of retrieval, read from Settings (NEWSQA_DENSE_WEIGHT, ...; .env.example).

Each value was chosen on MultiHop-RAG dev (docs/retrieval.md); the benches and ablations
pass other configurations (or stage lists, qa/retrieval/search.py) instead of patching
constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.core.settings import Settings


@dataclass(frozen=True)
class RetrievalConfig:
    """What shapes the ranking; `default()` is the measured best (Settings' defaults).

    - dense_weight: the dense (embedding) score's share in the fused one; BM25 has the rest.
    - candidates: candidates from each retriever; large enough that every named outlet has some.
    - sentence_weight, sentence_pool: a question is usually written from one sentence of an
      article, and the passage holding it can score low on passage-level BM25; the best
      `sentence_pool` fused candidates get `sentence_weight` times their best sentence's
      IDF-weighted term match (MRR@10 +0.025, Hits@4 +0.01).
    - time_weight: added to the fused score of passages dated in a time the question names
      (chosen on queries 1-300 from 0.2/0.3/0.5/0.8, held on 301-600: MRR@10 0.710 -> 0.724);
      event_passages: passages read for the date of an event it names ("before the coup").
    - source_turns: the best passages of each source the question names take turns at the top.
    - diversity: a passage whose text the passages above carry (wire copy) goes below.
    - rerank_top, rerank_blend: with rerank_top > 0 that many passages are reordered by a
      blend of their rank and the cross-encoder's relevance (its share: rerank_blend).
    """

    dense_weight: float
    candidates: int
    sentence_weight: float
    sentence_pool: int
    time_weight: float
    event_passages: int
    source_turns: bool
    diversity: bool
    rerank_top: int
    rerank_blend: float

    @classmethod
    def default(cls) -> RetrievalConfig:
        return cls.of(Settings())

    @classmethod
    def of(cls, settings: Settings) -> RetrievalConfig:
        return cls(
            dense_weight=settings.dense_weight,
            candidates=settings.candidates,
            sentence_weight=settings.sentence_weight,
            sentence_pool=settings.sentence_pool,
            time_weight=settings.time_weight,
            event_passages=settings.event_passages,
            source_turns=settings.source_turns,
            diversity=settings.diversity,
            rerank_top=settings.rerank_top,
            rerank_blend=settings.rerank_blend,
        )
