"""The bridging entity: the one name that every part of a "which company / who" question
points at, read from each part's evidence (names common to all parts win)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from index.core.text.dates import MONTHS, WEEKDAYS
from index.core.text.outlets import outlet_family
from index.core.text.terms import STOPWORDS
from qa.types import Passage

# Capitalised runs, inner "of"/"de" allowed ("Bank of England"), possessive cut off.
_RUN = re.compile(r"\b[A-Z][\w&.-]*[\w&](?:\s+(?:of|de|bin|van|von|la|du)?\s*[A-Z][\w&.-]*[\w&])*")
_NOT_NAMES = (
    {m.lower() for m in MONTHS}
    | set(WEEKDAYS)
    | STOPWORDS
    | {
        "mr",
        "mrs",
        "ms",
        "dr",
        "ceo",
        "i",
        "ai",
        "us",
        "uk",
        "eu",
        "nfl",
        "nba",
        "gmt",
        "am",
        "pm",
    }
)
# Passages read per part: a part's evidence past its best few is mostly about other things.
PASSAGES_PER_PART = 5


@dataclass(frozen=True)
class EntityCandidate:
    """A name in the evidence: `parts` how many parts' evidence holds it, `mentions` how
    often, `passages` the passage ids it appears in (best part rank first)."""

    name: str
    parts: int
    mentions: int
    passages: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.parts + 0.1 * math.log1p(self.mentions)


def names_in(text: str) -> list[str]:
    """Names the text gives: capitalised runs, leading stopwords and possessives removed."""
    found = []
    for match in _RUN.finditer(text):
        words = match.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        name = re.sub(r"['’]s$", "", " ".join(words))
        if len(name) >= 2 and name.lower() not in _NOT_NAMES:
            found.append(name)
    return found


def bridging_entities(
    question: str, part_passages: list[list[Passage]], outlets: set[str]
) -> list[EntityCandidate]:
    """Names of the parts' evidence that the question does not give, best first: those
    every part's evidence holds, then by how often they appear."""
    asked = question.lower()
    skip = {o.lower() for o in outlets} | {outlet_family(o) for o in outlets}
    seen_parts: dict[str, set[int]] = {}
    mentions: dict[str, int] = {}
    where: dict[str, list[str]] = {}
    for n, passages in enumerate(part_passages):
        for passage in passages[:PASSAGES_PER_PART]:
            for name in names_in(passage.text):
                key = name.lower()
                if key in skip or re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", asked):
                    continue
                seen_parts.setdefault(key, set()).add(n)
                mentions[key] = mentions.get(key, 0) + 1
                ids = where.setdefault(key, [])
                if passage.passage_id not in ids:
                    ids.append(passage.passage_id)
    spelled = _spellings(part_passages)
    merged = _merge_short_forms(seen_parts, mentions, where)
    ranked = [
        EntityCandidate(spelled.get(k, k), len(seen_parts[k]), mentions[k], where[k])
        for k in merged
    ]
    return sorted(ranked, key=lambda c: (-c.score, c.name))


def _merge_short_forms(
    seen_parts: dict[str, set[int]], mentions: dict[str, int], where: dict[str, list[str]]
) -> list[str]:
    """Fold a surname into the full name that ends with it ("bankman-fried" into "sam
    bankman-fried"); returns the names that remain."""
    keys = sorted(seen_parts, key=len, reverse=True)
    kept: list[str] = []
    for key in keys:
        longer = next((k for k in kept if k.endswith(" " + key) and mentions[k] >= 1), None)
        if longer is None:
            kept.append(key)
            continue
        seen_parts[longer] |= seen_parts[key]
        mentions[longer] += mentions[key]
        where[longer] += [p for p in where[key] if p not in where[longer]]
    return kept


def _spellings(part_passages: list[list[Passage]]) -> dict[str, str]:
    """Each name's spelling as the evidence writes it most often."""
    counts: dict[str, dict[str, int]] = {}
    for passages in part_passages:
        for passage in passages[:PASSAGES_PER_PART]:
            for name in names_in(passage.text):
                forms = counts.setdefault(name.lower(), {})
                forms[name] = forms.get(name, 0) + 1
    return {key: max(forms, key=lambda f: forms[f]) for key, forms in counts.items()}
