"""How well a sentence supports an answer to a question: meaning, shared terms, answer type."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.core.text.dates import DATE_WORD, MONTHS, WEEKDAYS
from index.core.text.names import PROPER_WORD, STEM, entities_present, named_entities
from index.core.text.numbers import NUMBER_MENTION
from index.core.text.questions import QuestionKind, asked_kinds
from index.core.text.terms import content_terms
from qa.engine.term_stats import TermStats

# What a sentence must add for each kind of answer the question asks for.
_OFFERS: dict[QuestionKind, re.Pattern[str]] = {
    "count": NUMBER_MENTION,
    "measure": NUMBER_MENTION,
    "date": DATE_WORD,
    "person": PROPER_WORD,
    "owner": PROPER_WORD,
    "place": PROPER_WORD,
}
TYPE_MISMATCH_FACTOR = 0.6
_TIME_STEMS = {w[:STEM] for w in [*MONTHS, *WEEKDAYS]}
_NAME = re.compile(r"\b[A-Z][a-z]+\b")
# Shorter names are too often another word one letter off (Mali/Male).
_MIN_RESPELT = 5
# Calibrated with bench/calibrate_support.py (docs/calibration.md).
RELEVANCE_WEIGHT = 1.0


def answer_type_ok(question: str, sentence: str) -> bool:
    """False when the question asks for a number, date or name and the sentence adds none.

    What the sentence offers must be new: a name or figure that only repeats the question
    ("Who is Niger's prime minister?" / "The Prime Minister said...") answers nothing.
    """
    asked = {w.lower() for w in re.findall(r"\w+", question)}
    wanted = {_OFFERS[kind] for kind in asked_kinds(question)}
    return all(
        any(m.group().lower() not in asked for m in offer.finditer(sentence)) for offer in wanted
    )


@dataclass(frozen=True)
class SentenceEvidence:
    """The parts of a sentence's support: cross-encoder relevance, term coverage, answer type."""

    relevance: float
    coverage: float
    type_ok: bool
    entities_ok: bool

    def support(self, relevance_weight: float = RELEVANCE_WEIGHT) -> float:
        score = relevance_weight * self.relevance + (1 - relevance_weight) * self.coverage
        for ok in (self.type_ok, self.entities_ok):
            score = score if ok else score * TYPE_MISMATCH_FACTOR
        return score


def sentence_evidence(
    question: str,
    sentences: list[str],
    contexts: list[str],
    relevance: Callable[[list[str]], np.ndarray],
    *,
    stats: TermStats | None = None,
    floor: float = 0.0,
) -> list[SentenceEvidence]:
    """Evidence per sentence; without `stats` coverage is left at 0 (unused at weight 1).

    `relevance` (the cross-encoder) runs only on sentences whose support could reach `floor`:
    a missing answer type or entity caps support at TYPE_MISMATCH_FACTOR, so below the floor
    the model's score cannot change the outcome (the others get relevance 0). On long
    multi-entity questions this skips most sentences (MultiHop-RAG dev: 1 of 45 remain).
    """
    q_terms = content_terms(question)
    entities = asked_entities(question)
    checks = [
        (answer_type_ok(question, s), entities_present(entities, context))
        for s, context in zip(sentences, contexts, strict=True)
    ]
    eligible = [i for i, oks in enumerate(checks) if support_ceiling(*oks) >= floor]
    scores = np.zeros(len(sentences))
    if eligible:
        scores[eligible] = relevance([spelled_as_asked(question, sentences[i]) for i in eligible])
    return [
        SentenceEvidence(
            float(r),
            stats.coverage(q_terms, content_terms(s)) if stats else 0.0,
            type_ok,
            entities_ok,
        )
        for s, r, (type_ok, entities_ok) in zip(sentences, scores, checks, strict=True)
    ]


def asked_entities(question: str) -> set[str]:
    """The question's names (as stems) a sentence's passage must hold; a month or weekday
    ("in August") is a time the search favours, not a name the passage must spell."""
    return {e for e in named_entities(question) if e not in _TIME_STEMS}


def spelled_as_asked(question: str, sentence: str) -> str:
    """The sentence with a name spelt one letter off the question's spelling respelt as asked
    ("Bazou" for "Bazoum"): the cross-encoder reads a misspelt name as another person and
    ranked the misspelt sentence below others naming him (only the scored text changes)."""
    asked = {w for w in _NAME.findall(question) if len(w) >= _MIN_RESPELT}

    def respell(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < _MIN_RESPELT - 1 or word in asked:
            return word
        return next((a for a in sorted(asked) if _one_edit(word.lower(), a.lower())), word)

    return _NAME.sub(respell, sentence) if asked else sentence


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed turns `a` into `b` (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def support_ceiling(type_ok: bool, entities_ok: bool) -> float:
    """The highest support a sentence with these checks can get (relevance and coverage <= 1)."""
    return SentenceEvidence(1.0, 1.0, type_ok, entities_ok).support()
