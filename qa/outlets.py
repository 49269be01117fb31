"""Outlets a question names ("according to 'The Age'"), matched against the indexed outlets."""

from __future__ import annotations

import re


def outlet_aliases(outlets: set[str]) -> dict[str, frozenset[str]]:
    """Lower-case names a query may use for each outlet: the full name and its part before
    " | " or " - " ("The Independent - Sports" is also "the independent")."""
    aliases: dict[str, set[str]] = {}
    for outlet in outlets:
        for alias in {outlet, re.split(r" [|-] ", outlet)[0]}:
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
