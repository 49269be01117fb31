"""The short answer of a question asking for a name, number or date: the value the cited
sentence gives ("Salifou Mody" for "Who is Niger's defence minister?")."""

from __future__ import annotations

import re

from index.core.text.terms import STOPWORDS
from qa.answer.conflicts import Value, values
from qa.types import ConflictKind

# Words of a role before a name ("Defence Minister General Salifou Mody"): not the name.
_TITLES = frozenset(
    """
    president minister prime defence defense foreign interior finance general colonel
    secretary ambassador chair chairman chief leader spokesman spokeswoman envoy head
    mr mrs ms dr sir king queen prince gen col lt
    """.split()
)
_POSSESSIVE = ("'s", "’s")


def answer_value(kind: ConflictKind, sentence: str, question: str) -> Value | None:
    """The value of `kind` the sentence gives that the question does not, or None.

    For a name, the role words before it are dropped, and a name that follows a role the
    question asks about wins ("Who is Togo's foreign minister?" / "... minister Robert
    Dussey ..."); else the first name of two words or more. A lone word ("the French forces",
    for "Who has targeted the airfield?") is too often not who was asked for: None.
    """
    found = values(kind, sentence, question)
    if kind != "name":
        return found[0] if found else None
    asked = {w.lower() for w in re.findall(r"\w+", question)} - STOPWORDS
    first: Value | None = None
    for value in found:
        words = value.text.split()
        # "Togo's President Faure Gnassingbe": Togo is whose president, not the name.
        owner = max((k + 1 for k, w in enumerate(words[:-1]) if w.endswith(_POSSESSIVE)), default=0)
        lead = owner
        while lead < len(words) - 1 and words[lead].lower() in asked | _TITLES:
            lead += 1
        name = Value(value.key, _unpossessed(" ".join(words[lead:])))
        roles = {w.lower() for w in words[owner:lead]} & _TITLES
        # "Prime Minister Zeine" does not answer "Who is the French ambassador?".
        if name.text.lower() in asked or (roles and asked & _TITLES and not roles & asked):
            continue
        if lead > owner or _follows_role(sentence, value.text, asked):
            return name
        if len(name.text.split()) > 1:
            first = first or name
    return first


def _unpossessed(name: str) -> str:
    for suffix in _POSSESSIVE:
        name = name.removesuffix(suffix)
    return name


def _follows_role(sentence: str, name: str, asked: set[str]) -> bool:
    """The word before the name is one the question asks about ("minister Robert Dussey")."""
    before = sentence[: sentence.find(name)].split()
    return bool(before) and before[-1].lower().strip(",") in asked
