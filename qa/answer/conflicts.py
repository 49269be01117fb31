"""Conflicting sources: sentences that answer the same question with a different number, date
or name ("Most sources say July 26 [1][2]; one says July 28 [3]")."""

from __future__ import annotations

from dataclasses import dataclass

from index.core.text.dates import SENTENCE_DATES, month_day
from index.core.text.names import name_runs
from index.core.text.numbers import quantities
from index.core.text.questions import QuestionKind, asked_kinds
from qa.types import ConflictKind

# The question kinds whose answers compare as values, first asked first compared.
_COMPARED: dict[QuestionKind, ConflictKind] = {"count": "number", "date": "date", "person": "name"}
SAYS = {1: "one says", 2: "two say", 3: "three say"}


@dataclass(frozen=True)
class Value:
    """One value a sentence gives: `key` compares (1,500 == 1500), `text` is as written."""

    key: str
    text: str


def asked_kind(question: str) -> ConflictKind | None:
    """ "number", "date" or "name" when the question asks for one, else None."""
    return next((_COMPARED[k] for k in asked_kinds(question) if k in _COMPARED), None)


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
        for match in SENTENCE_DATES.finditer(sentence):
            md = month_day(match.group())
            key = f"{md[0]:02d}-{md[1]:02d}" if md else match.group().lower().replace(",", "")
            dated.append(Value(key, match.group()))
        return dated
    if kind == "number":
        return [Value(f"{q.value:g}", q.text) for q in quantities(sentence)]
    return [Value(name.split()[-1].lower(), name) for name in name_runs(sentence)]


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
