"""Outlet families: the desks of one publisher ("The Independent - Sports", "The Independent
| Travel") are one family, which shares templates and answers to the publisher's name."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DESK = re.compile(r" [|-] ")


def outlet_family(outlet: str) -> str:
    """The lower-case publisher part of an outlet name: "the independent" for "The
    Independent - Sports" (what comes before the first " | " or " - ")."""
    return _DESK.split(outlet, maxsplit=1)[0].strip().lower()


def outlet_aliases(outlets: set[str]) -> dict[str, frozenset[str]]:
    """Lower-case names a query may use for each outlet: the full name and its part before
    " | " or " - " ("The Independent - Sports" is also "the independent")."""
    aliases: dict[str, set[str]] = {}
    for outlet in outlets:
        for alias in {outlet, outlet_family(outlet)}:
            if len(alias.strip()) >= 3:
                aliases.setdefault(alias.strip().lower(), set()).add(outlet)
    return {alias: frozenset(group) for alias, group in aliases.items()}


def mentioned_outlets(query: str, aliases: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """The outlet groups the query names, in the order it names them; longest names win."""
    return [mention.outlets for mention in outlet_mentions(query, aliases)]


@dataclass(frozen=True)
class OutletMention:
    """Where a text names an outlet: `text[start:end]` is the name, `outlets` what it means."""

    start: int
    end: int
    outlets: frozenset[str]


def outlet_mentions(text: str, aliases: dict[str, frozenset[str]]) -> list[OutletMention]:
    """Each outlet group the text names, at its first mention, in text order; longest names
    win ("The Independent - Sports" over "The Independent")."""
    lowered = text.lower()
    found: list[tuple[str, OutletMention]] = []
    for alias, group in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        match = re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered)
        if match is None or any(alias in longer for longer, _ in found):
            continue
        if all(group != m.outlets for _, m in found):
            found.append((alias, OutletMention(match.start(), match.end(), group)))
    return sorted((m for _, m in found), key=lambda m: m.start)


def outlet_occurrences(text: str, aliases: dict[str, frozenset[str]]) -> list[OutletMention]:
    """Every place `text` names an indexed outlet, in order; longer names win overlaps
    (`outlet_mentions` keeps only each outlet's first place)."""
    lowered = text.lower()
    taken: list[OutletMention] = []
    for alias, group in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered):
            if all(match.end() <= m.start or match.start() >= m.end for m in taken):
                taken.append(OutletMention(match.start(), match.end(), group))
    return sorted(taken, key=lambda m: m.start)
