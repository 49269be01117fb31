"""Document frequencies of content terms over the indexed chunks, for IDF weights (saved at
index time beside the BM25 index, index/store/lexical.py)."""

from __future__ import annotations

import math


class TermStats:
    """Document frequencies of content terms over the indexed chunks, for IDF weights."""

    def __init__(self, documents: int, df: dict[str, int]) -> None:
        self.documents = documents
        self.df = df

    def idf(self, term: str) -> float:
        # A term in every chunk ("Niger" here) says little; an absent one says the most.
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 0.5))

    def coverage(self, question_terms: set[str], sentence_terms: set[str]) -> float:
        """IDF-weighted share of the question's terms that the sentence contains."""
        total = sum(self.idf(t) for t in question_terms)
        if total <= 0:
            return 0.0
        return sum(self.idf(t) for t in question_terms & sentence_terms) / total
