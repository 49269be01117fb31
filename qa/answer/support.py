"""How well a sentence supports an answer to a question: meaning, shared terms, answer type."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.core.text.terms import STOPWORDS, content_terms

_NUMBER = re.compile(
    r"\d[\d,.]*|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(\d{4}|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|yesterday|today|last (week|month|year))\b",
    re.IGNORECASE,
)
_PROPER = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")

# Questions whose answer must be a number, a date or a named entity.
_WANTS = (
    (
        re.compile(
            r"\bhow (many|much|long|old|far|big|large)\b|\bwhat (number|percentage|share)\b",
            re.IGNORECASE,
        ),
        _NUMBER,
    ),
    (re.compile(r"\bwhen\b|\bwhat (year|date|day|month)\b", re.IGNORECASE), _DATE),
    (re.compile(r"\b(who|whom|whose|where)\b", re.IGNORECASE), _PROPER),
)
TYPE_MISMATCH_FACTOR = 0.6
# Calibrated with bench/calibrate_support.py (docs/calibration.md).
RELEVANCE_WEIGHT = 1.0


def answer_type_ok(question: str, sentence: str) -> bool:
    """False when the question asks for a number, date or name and the sentence adds none.

    What the sentence offers must be new: a name or figure that only repeats the question
    ("Who is Niger's prime minister?" / "The Prime Minister said...") answers nothing.
    """
    asked = {w.lower() for w in re.findall(r"\w+", question)}
    for asks, has in _WANTS:
        if asks.search(question) and not any(
            m.group().lower() not in asked for m in has.finditer(sentence)
        ):
            return False
    return True


class TermStats:
    """Document frequencies of content terms over the indexed chunks, for IDF weights."""

    def __init__(self, documents: int, df: dict[str, int]) -> None:
        self.documents = documents
        self.df = df

    @classmethod
    def of_texts(cls, texts: list[str]) -> TermStats:
        df: dict[str, int] = {}
        for text in texts:
            for term in content_terms(text):
                df[term] = df.get(term, 0) + 1
        return cls(len(texts), df)

    def idf(self, term: str) -> float:
        # A term in every chunk ("Niger" here) says little; an absent one says the most.
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 0.5))

    def coverage(self, question_terms: set[str], sentence_terms: set[str]) -> float:
        """IDF-weighted share of the question's terms that the sentence contains."""
        total = sum(self.idf(t) for t in question_terms)
        if total <= 0:
            return 0.0
        return sum(self.idf(t) for t in question_terms & sentence_terms) / total


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


def named_entities(question: str) -> set[str]:
    """Capitalised words of the question after its first word, as 5-letter lowercase stems."""
    words = re.findall(r"\b[A-Z][\w-]*", question)[1:] if question[:1].isupper() else []
    return {w.lower()[:5] for w in words if w.lower() not in STOPWORDS}


def entities_present(entities: set[str], context: str) -> bool:
    """Every entity the question names appears (by stem) in the sentence's passage."""
    words = {w[:5] for w in re.findall(r"\w+", context.lower())}
    return entities <= words


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
    entities = named_entities(question)
    checks = [
        (answer_type_ok(question, s), entities_present(entities, context))
        for s, context in zip(sentences, contexts, strict=True)
    ]
    eligible = [i for i, oks in enumerate(checks) if support_ceiling(*oks) >= floor]
    scores = np.zeros(len(sentences))
    if eligible:
        scores[eligible] = relevance([sentences[i] for i in eligible])
    return [
        SentenceEvidence(
            float(r),
            stats.coverage(q_terms, content_terms(s)) if stats else 0.0,
            type_ok,
            entities_ok,
        )
        for s, r, (type_ok, entities_ok) in zip(sentences, scores, checks, strict=True)
    ]


def support_ceiling(type_ok: bool, entities_ok: bool) -> float:
    """The highest support a sentence with these checks can get (relevance and coverage <= 1)."""
    return SentenceEvidence(1.0, 1.0, type_ok, entities_ok).support()
