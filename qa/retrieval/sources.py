"""Outlets a question names ("according to 'The Age'"), matched against the indexed outlets."""

from __future__ import annotations

import re

from index.core.text.names import SOURCE_NAME
from index.core.text.outlets import outlet_family


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
    lowered = query.lower()
    found: list[tuple[int, str, frozenset[str]]] = []
    for alias, group in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        match = re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered)
        if match is None or any(alias in longer for _, longer, _ in found):
            continue
        if all(group != g for _, _, g in found):
            found.append((match.start(), alias, group))
    return [group for _, _, group in sorted(found, key=lambda item: item[0])]


_REPORTS = r"(?:report|say|write|publish|cover|claim|tell)"
_SOURCE_PATTERNS = (
    re.compile(rf"\b[Aa]ccording to {SOURCE_NAME}"),
    re.compile(rf"\b(?:[Dd]id|[Dd]oes|[Dd]o|[Hh]as|[Hh]ave) {SOURCE_NAME} {_REPORTS}"),
    re.compile(rf"\b(?:reported|written|published|told) (?:by|to) {SOURCE_NAME}"),
    re.compile(rf"\b(?:in|from|by) {SOURCE_NAME}'s (?:report|article|story|reporting)"),
    re.compile(rf"{SOURCE_NAME} (?:reported|reports|wrote|writes|claimed|claims)\b"),
)


def named_sources(query: str) -> list[str]:
    """Sources the question attributes to by name ("what did Le Monde report?", "according
    to Reuters"), in its order, whether or not any article was published by them: articles
    also attribute ("..., Le Monde reported")."""
    found: list[tuple[int, str]] = []
    for pattern in _SOURCE_PATTERNS:
        for match in pattern.finditer(query):
            name = match.group("name").strip(" .'")
            if len(name) >= 2 and all(name != n for _, n in found):
                found.append((match.start("name"), name))
    return [name for _, name in sorted(found)]


def attributes_to(text: str, name: str) -> bool:
    """Whether `text` reports something as coming from `name` ("Le Monde reported", "told
    AFP", "according to the Le Monde newspaper"), not merely names it."""
    said = re.escape(name)
    return (
        re.search(
            rf"(?:according to|told|to|by|cited|quoting|quoted|in|said|says) (?:the )?{said}(?!\w)"
            rf"|(?<!\w){said}(?:'s)? (?:newspaper|daily|agency|reported|reports|said|says|wrote|"
            rf"writes|quoted|cited|report|reporting)\b",
            text,
        )
        is not None
    )
