"""Conflicting sources: sentences that answer the same question with a different number, date
or name ("Most sources say July 26 [1][2]; one says July 28 [3]")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.core.text.terms import STOPWORDS
from qa.retrieval.times import MONTH, MONTHS, month_day
from qa.types import ConflictKind

_DATES = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH})\b"
    rf"|\b{MONTH},?\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_NUMBERS = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s+(?:million|billion|trillion))?(?![\w,])"
    r"|(?<![\w.,])\d+(?:\.\d+)?(?:\s+(?:million|billion|trillion))?(?![\w,])",
    re.IGNORECASE,
)
_NAMES = re.compile(r"(?<=[a-z,;:] )[A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|bin|de|van|von))*")
_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_WEEKDAYS_AND_MONTHS = {m.lower() for m in MONTHS} | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
}  # fmt: skip
# What a question asks for, by its wording.
ASKS: tuple[tuple[re.Pattern[str], ConflictKind], ...] = (
    (re.compile(r"\bhow (many|much)\b|\bwhat (number|percentage|share)\b", re.I), "number"),
    (re.compile(r"\bwhen\b|\bwhat (year|date|day|month)\b|\bon what date\b", re.I), "date"),
    (re.compile(r"\bwho\b|\bwhom\b", re.I), "name"),
)
SAYS = {1: "one says", 2: "two say", 3: "three say"}


@dataclass(frozen=True)
class Value:
    """One value a sentence gives: `key` compares (1,500 == 1500), `text` is as written."""

    key: str
    text: str


def asked_kind(question: str) -> ConflictKind | None:
    """ "number", "date" or "name" when the question asks for one, else None."""
    for pattern, kind in ASKS:
        if pattern.search(question):
            return kind
    return None


def values(kind: ConflictKind, sentence: str, question: str) -> list[Value]:
    """The distinct values of `kind` in the sentence that the question does not already give."""
    asked = question.lower()
    found: dict[str, Value] = {}
    for value in _extract(kind, sentence):
        if value.text.lower() not in asked and value.key not in found:
            found[value.key] = value
    return list(found.values())


def _extract(kind: ConflictKind, sentence: str) -> list[Value]:
    if kind == "date":
        dated = []
        for match in _DATES.finditer(sentence):
            md = month_day(match.group())
            key = f"{md[0]:02d}-{md[1]:02d}" if md else match.group().lower().replace(",", "")
            dated.append(Value(key, match.group()))
        return dated
    if kind == "number":
        counted = []
        for match in _NUMBERS.finditer(sentence):
            digits, _, scale = match.group().partition(" ")
            number = float(digits.replace(",", "")) * _SCALE.get(scale.lower(), 1.0)
            counted.append(Value(f"{number:g}", match.group()))
        return counted
    return [
        Value(match.group().split()[-1].lower(), match.group())
        for match in _NAMES.finditer(sentence)
        if match.group().lower() not in _WEEKDAYS_AND_MONTHS
        and match.group().lower() not in STOPWORDS
    ]


def conflict_text(versions: list[tuple[str, list[int]]]) -> str:
    """ "Most sources say July 26 [1][2]; one says July 28 [3]." from (value, [n]) pairs."""
    (top, top_cited), others = versions[0], versions[1:]
    rest = sum(len(cited) for _, cited in others)
    lead = "Most sources say" if len(top_cited) > rest else f"{_count(len(top_cited))} say"
    parts = [f"{lead} {top} {markers(top_cited)}"]
    for value, cited in others:
        parts.append(f"{SAYS.get(len(cited), f'{len(cited)} say')} {value} {markers(cited)}")
    return "; ".join(parts) + "."


def _count(n: int) -> str:
    words = {1: "One source", 2: "Two sources", 3: "Three sources"}
    return words.get(n, f"{n} sources")


def markers(cited: list[int]) -> str:
    """ "[1][2]" for [1, 2]."""
    return "".join(f"[{n}]" for n in cited)
