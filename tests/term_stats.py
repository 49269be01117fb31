"""Term statistics of a few texts, for tests that need IDF weights without an index."""

from __future__ import annotations

from collections import Counter

from index.core.text.terms import content_terms
from qa.engine.term_stats import TermStats


def term_stats_of(texts: list[str]) -> TermStats:
    """What the index saves for chunks with these texts: each content term's document count."""
    df = Counter(term for text in texts for term in content_terms(text))
    return TermStats(len(texts), dict(df))
