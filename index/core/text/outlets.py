"""Outlet names: one spelling of each, and families: the desks of one publisher ("The
Independent - Sports", "The Independent | Travel") are one family, which shares templates and
answers to the publisher's name.

An outlet name comes from the article's own text, so it is normalised wherever it is read
(`clean_outlet`: the article's metadata, filters from the UI, CLI and API, a question's
mentions): "WI\u200bON" (a zero-width space) and "ＷＩＯＮ" are WION, not a second, identical
looking outlet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DESK = re.compile(r" [|-] ")
# Longer names are cut: an outlet is a name, not a place for text that reads like ours.
MAX_OUTLET_CHARS = 60
# Unicode categories never part of a name: controls (Cc; whitespace among them becomes a
# space) and format characters (Cf: zero-width spaces and joiners, bidi overrides, BOM).
_INVISIBLE = frozenset({"Cc", "Cf"})


def clean_outlet(name: str | None) -> str | None:
    """`name` as an outlet: Unicode NFKC, control and zero-width characters removed,
    whitespace folded to single spaces, cut to MAX_OUTLET_CHARS at a word; None when nothing
    is left."""
    if name is None:
        return None
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in unicodedata.normalize("NFKC", name)
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    folded = " ".join(kept.split())
    if len(folded) > MAX_OUTLET_CHARS:
        cut = folded[: MAX_OUTLET_CHARS - 1]
        folded = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:|-") + "…"
    return folded or None


def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: its clean name, case-folded."""
    return (clean_outlet(name) or "").casefold()


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
            said = (clean_outlet(alias) or "").lower()
            if len(said) >= 3:
                aliases.setdefault(said, set()).add(outlet)
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
    lowered, origin = _comparable(text)
    found: list[tuple[str, OutletMention]] = []
    for alias, group in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        match = re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered)
        if match is None or any(alias in longer for longer, _ in found):
            continue
        if all(group != m.outlets for _, m in found):
            found.append((alias, _mention(match, origin, group)))
    return sorted((m for _, m in found), key=lambda m: m.start)


def outlet_occurrences(text: str, aliases: dict[str, frozenset[str]]) -> list[OutletMention]:
    """Every place `text` names an indexed outlet, in order; longer names win overlaps
    (`outlet_mentions` keeps only each outlet's first place)."""
    lowered, origin = _comparable(text)
    taken: list[OutletMention] = []
    for alias, group in sorted(aliases.items(), key=lambda kv: -len(kv[0])):
        for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered):
            mention = _mention(match, origin, group)
            if all(mention.end <= m.start or mention.start >= m.end for m in taken):
                taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


def _comparable(text: str) -> tuple[str, list[int]]:
    """`text` as outlet aliases are written (NFKC, lower case, no zero-width or control
    characters), with the index in `text` of each of its characters. Character by
    character, so a mention's place in `text` is known (NFKC may change lengths)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace() and unicodedata.category(ch) in _INVISIBLE:
            continue
        for piece in unicodedata.normalize("NFKC", ch).lower():
            chars.append(piece)
            origin.append(i)
    origin.append(len(text))
    return "".join(chars), origin


def _mention(match: re.Match[str], origin: list[int], outlets: frozenset[str]) -> OutletMention:
    # The end is just past the last matched character of `text`.
    return OutletMention(origin[match.start()], origin[match.end() - 1] + 1, outlets)
