"""Names in text, read by capitalisation. The readings differ on purpose, each for its reader:

- `PROPER_WORD`: one capitalised word that does not open the text or a sentence, for "does
  this sentence offer a name at all" (qa/answer/support.py).
- `named_entities` / `entities_present`: the question's capitalised words after its first,
  as 5-letter stems ("Nigerien" and "Niger" meet), and whether a passage holds them all.
- `name_runs`: whole names after a lower-case word or a comma ("President Mohamed Bazoum",
  "Osama bin Laden"), months, weekdays and stopwords left out, for "do two sources name
  different people" (qa/answer/conflicts.py).
- `CAPITALISED_RUN`: every run of capitalised words, a sentence's first word too and dots
  kept ("U.S. Army"), for swapping names in a follow-up question (qa/llm/condense.py).
- `SOURCE_NAME`: a pattern string for an outlet named in a question ("the New York Times",
  "Le Monde"), for attributed sources (qa/retrieval/sources.py).
"""

from __future__ import annotations

import re

from index.core.text.dates import MONTHS, WEEKDAYS
from index.core.text.terms import STOPWORDS

PROPER_WORD = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*")
SOURCE_NAME = r"(?:the |The )?(?P<name>[A-Z][\w'&.-]*(?: (?:[A-Z][\w'&.-]*|de|du|la|le|of))*)"
_NAME_RUN = re.compile(r"(?<=[a-z,;:] )[A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|bin|de|van|von))*")
_NOT_NAMES = {m.lower() for m in MONTHS} | set(WEEKDAYS) | STOPWORDS
STEM = 5


def named_entities(question: str) -> set[str]:
    """Capitalised words of the question after its first word, as 5-letter lowercase stems."""
    words = re.findall(r"\b[A-Z][\w-]*", question)[1:] if question[:1].isupper() else []
    return {w.lower()[:STEM] for w in words if w.lower() not in STOPWORDS}


def entities_present(entities: set[str], context: str) -> bool:
    """Every entity the question names appears (by stem) in the sentence's passage."""
    words = {w[:STEM] for w in re.findall(r"\w+", context.lower())}
    return entities <= words


def name_runs(text: str) -> list[str]:
    """The names the text gives, as written, in order."""
    return [
        match.group()
        for match in _NAME_RUN.finditer(text)
        if match.group().lower() not in _NOT_NAMES
    ]
