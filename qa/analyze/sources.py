"""Sources a question relies on by name ("an ESPN article", "a piece from The Guardian")
that no indexed article was published by: the articles cannot hold what the question says
those sources reported."""

from __future__ import annotations

import re

from index.core.text.dates import MONTHS, WEEKDAYS

_KINDS = r"(?:article|report|piece|story|op-ed|column|feature|interview)s?"
_QUOTE = r"['\"‘’“”]?"
# A publisher's name: capitalised words, maybe joined by "|", "-", "&" or "of"
# ("Cnbc | World Business News Leader", "FOX News - Health").
_NAME = r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:[|&-]\s+|of\s+)?[A-Z][\w&.'’-]*)*)"
_NOT_SOURCES = set(MONTHS) | set(WEEKDAYS)
_PATTERNS = (
    re.compile(rf"\b(?:an?|the)\s+{_QUOTE}{_NAME}{_QUOTE}\s+{_KINDS}\b"),
    re.compile(rf"\b{_KINDS}\s+(?:by|from|in)\s+(?:[Tt]he\s+)?{_QUOTE}{_NAME}"),
)


def named_sources(question: str, aliases: dict[str, frozenset[str]]) -> list[tuple[str, bool]]:
    """(name, indexed) for each publisher the question names, in its order; `indexed` when
    an indexed outlet's name starts there (`aliases`: Engine.outlet_aliases, lower case)."""
    lowered = question.lower()
    found: list[tuple[int, str, bool]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(question):
            start, name = match.start("name"), match["name"].strip(" '’")
            if name.split()[0].lower() in _NOT_SOURCES or any(s == start for s, _, _ in found):
                continue
            text = lowered[start:].removeprefix("the ")
            indexed = any(
                (text.startswith(a) or f"the {text}".startswith(a))
                and not text[len(a) - (4 if a.startswith("the ") else 0) :][:1].isalnum()
                for a in aliases
            )
            found.append((start, name, indexed))
    return [(name, indexed) for _, name, indexed in sorted(found)]


def unindexed_sources(question: str, aliases: dict[str, frozenset[str]]) -> list[str]:
    """The publishers the question names that no indexed article is from."""
    names = [name for name, indexed in named_sources(question, aliases) if not indexed]
    return list(dict.fromkeys(names))
