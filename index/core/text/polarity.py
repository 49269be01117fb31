"""Negative words: negations ("not", "lacks", "fails to") and words of negative valence in
VADER's lexicon (Hutto & Gilbert 2014, MIT; the lexicon ships inside the vaderSentiment
wheel), for "does a claim say something negative that its evidence does not"."""

from __future__ import annotations

import re
from functools import cache

# Valence at or below this is negative ("defeated" -2.1, "lack" -1.3, "delayed" -0.9);
# chosen on MultiHop-RAG dev queries 1-340 from -0.5/-1/-1.5/-2 (balanced accuracy of
# comparison / temporal verdicts 0.662 / 0.641 there), held out on 341-681: 0.560 / 0.700
# (bench/calibrate_verdicts.py).
NEGATIVE_VALENCE = -0.5
NEGATIONS = frozenset(
    {
        "not", "no", "never", "without", "lack", "lacks", "lacking", "lacked", "fail", "fails",
        "failed", "none", "nothing", "neither", "nor", "cannot", "unable", "absence", "absent",
        "insignificant", "independently", "deny", "denies", "denied", "omit", "omits",
    }
)  # fmt: skip
# Words compared by their first letters, so "loss" meets "losses" and "lack" "lacking".
STEM = 5
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def _lexicon() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)


def negative_words(text: str) -> list[str]:
    """The text's negations and negative-valence words, in order."""
    lexicon = _lexicon()
    return [
        w
        for w in _WORD.findall(text.lower())
        if w in NEGATIONS or lexicon.get(w, 0.0) <= NEGATIVE_VALENCE
    ]


def added_negatives(claim: str, evidence: str) -> list[str]:
    """Negative words of `claim` that `evidence` does not carry (by stem): "lack" in "funds
    lack expert guidance" against "funds provide expert guidance"."""
    held = {w[:STEM] for w in _WORD.findall(evidence.lower())}
    return [w for w in negative_words(claim) if w[:STEM] not in held]
