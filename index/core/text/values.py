"""The values a sentence states (numbers, dates, names), as a reader checks them across sources.

Two readers: conflicts between sources (qa/answer/conflicts.py: the values of the kind a
question asks for) and copies (index/news/echoes.py, qa/answer/citations.py): two sentences
are copies only when their values agree. Copy and conflict use one reading, so a sentence that
is "the same but for 7000" is never both a copy of the 1500 and a side against it.

Values agree when neither sentence gives, for any kind, a value the other lacks while lacking
one the other gives: "about 1500 troops" and "about 7000 troops" disagree; a copy that adds a
clause ("... 1500 troops, officials in Paris said") only adds a value, and still agrees. Who
reported a sentence is not one of its values: "..., Le Monde reported" and "..., reported AFP"
state the same thing (a name next to a reporting verb is left out of the marks compared).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from index.core.text.dates import MONTHS, SENTENCE_DATES, month_day
from index.core.text.names import name_runs
from index.core.text.numbers import quantities

ValueKind = Literal["number", "date", "name"]
KINDS: tuple[ValueKind, ...] = ("number", "date", "name")
# A value's mark keeps its kind (the index in KINDS) in these low bits.
_KIND_BITS = 3
# Attribution around a name: "told AFP", "according to Le Monde", "Reuters reported".
_REPORTED_BY = re.compile(
    r"\b(?:reported|reports|told|according to|confirmed to|citing|quoted by|via)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"^\s+(?:reported|reports|quoted)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Value:
    """One value a sentence gives: `key` compares (1,500 == 1500), `text` is as written."""

    key: str
    text: str


def sentence_values(kind: ValueKind, sentence: str) -> list[Value]:
    """Every value of `kind` the sentence gives, in order (repeats kept)."""
    # Every date and number has a digit, and a date a month's name: most sentences have
    # neither, and the date pattern is slow (this makes it 3.5x faster on MultiHop-RAG).
    if kind != "name" and not _DIGIT.search(sentence):
        return []
    if kind == "date" and MONTHS.keys().isdisjoint(_WORD.findall(sentence.lower())):
        return []
    if kind == "date":
        dated = []
        for match in SENTENCE_DATES.finditer(sentence):
            md = month_day(match.group())
            key = f"{md[0]:02d}-{md[1]:02d}" if md else match.group().lower().replace(",", "")
            dated.append(Value(key, match.group()))
        return dated
    if kind == "number":
        return [Value(f"{q.value:g}", q.text) for q in quantities(sentence)]
    # "Niger's" and "Paris'" are Niger and Paris.
    return [
        Value(_POSSESSIVE.sub("", name.split()[-1].lower()), name) for name in name_runs(sentence)
    ]


def value_marks(sentence: str) -> list[int]:
    """The sentence's values as sorted marks, to be kept beside its shingles and compared with
    `marks_disagree`: the crc32 of each value's key with its kind in the two low bits
    (numbers, as kept for 44k sentences, instead of 100 MB of fixed-width strings)."""
    marks = {
        (zlib.crc32(v.key.encode()) & ~_KIND_BITS) | k
        for k, kind in enumerate(KINDS)
        for v in sentence_values(kind, sentence)
        if kind != "name" or not _attribution(sentence, v.text)
    }
    return sorted(marks)


def marks_disagree(a: Iterable[int], b: Iterable[int]) -> bool:
    """Whether two sentences (by `value_marks`) differ in a value: for some kind, each gives
    one the other does not."""
    ours, theirs = set(a), set(b)
    only_ours = {m & _KIND_BITS for m in ours - theirs}
    return any(m & _KIND_BITS in only_ours for m in theirs - ours)


def values_disagree(a: str, b: str) -> bool:
    """Whether sentences `a` and `b` differ in a number, date or name (see the module)."""
    return marks_disagree(value_marks(a), value_marks(b))


def _attribution(sentence: str, name: str) -> bool:
    """Whether `name` (first place it is written) says who reported the sentence."""
    at = sentence.find(name)
    before, after = sentence[:at], sentence[at + len(name) :]
    return bool(_REPORTED_BY.search(before) or _REPORTED.match(after))
