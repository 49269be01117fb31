"""Content terms: the lowercased, stemmed words of a text that are not stopwords.

The unit of the IDF weights behind the sentence bonus, extractive support and citation checks;
computed for every chunk at index time (index/lexical.py), so readers need not recompute them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what
    when where which while who whom whose why will with would you your yours also say said
    says tell told many much happen happened happens occur occurred take took place
    according report reported reports news article articles
    """.split()
)
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def stem_words(words: list[str]) -> list[str]:
    """Snowball English stems, in order."""
    return list(_stemmer().stemWords(words))


def content_terms(text: str) -> set[str]:
    words = [w for w in _WORD.findall(text.lower().replace(",", "")) if w not in STOPWORDS]
    return set(_stemmer().stemWords(words))
