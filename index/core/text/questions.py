"""What a question asks for, by its wording: one classifier, fine-grained enough that each
reader maps its kinds to what it needs.

qa/answer/support.py wants any number for a count or a measure, any date word for a date,
and a name for a person, an owner or a place; qa/answer/conflicts.py compares counts, dates
and persons only ("how long" and "where" answers are too varied to compare as values).
"""

from __future__ import annotations

import re
from typing import Literal

QuestionKind = Literal["count", "measure", "date", "person", "owner", "place"]

# In this order: a question's kinds come back in it (readers that take one take the first).
_CUES: tuple[tuple[QuestionKind, re.Pattern[str]], ...] = (
    ("count", re.compile(r"\bhow (many|much)\b|\bwhat (number|percentage|share)\b", re.I)),
    ("measure", re.compile(r"\bhow (long|old|far|big|large)\b", re.I)),
    # "on what date" is a "what date".
    ("date", re.compile(r"\bwhen\b|\bwhat (year|date|day|month)\b", re.I)),
    ("person", re.compile(r"\b(who|whom)\b", re.I)),
    ("owner", re.compile(r"\bwhose\b", re.I)),
    ("place", re.compile(r"\bwhere\b", re.I)),
)


def asked_kinds(question: str) -> tuple[QuestionKind, ...]:
    """Every kind the question asks for, in the order count, measure, date, person, owner,
    place ("How many troops are there and where?" is a count and a place)."""
    return tuple(kind for kind, cue in _CUES if cue.search(question))
