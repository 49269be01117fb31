"""Outlets a question names ("according to 'The Age'"), matched against the indexed outlets."""

from __future__ import annotations

import re

from index.core.text.names import SOURCE_NAME

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
