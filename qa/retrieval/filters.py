"""Explicit search filters: only articles from these outlets, dated in this range."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from index.core.errors import QuestionError
from index.core.text.outlets import outlet_key
from index.store.chroma import StoredChunk


@dataclass(frozen=True)
class Filters:
    """What `ask(..., outlets=, since=, until=)` limits the search to.

    - `outlets`: indexed outlet names (matched when given as `outlet_key` matches: case,
      Unicode form, zero-width characters and spacing aside); empty: all.
    - `since`, `until`: article dates, both ends included; with either set, undated articles
      are left out (the count is said in the answer's notes).
    """

    outlets: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.outlets) or self.since is not None or self.until is not None

    def allows(self, chunk: StoredChunk) -> bool:
        if self.outlets and chunk.outlet not in self.outlets:
            return False
        if self.since is None and self.until is None:
            return True
        if chunk.date is None:
            return False
        day = date.fromisoformat(chunk.date)
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def where(self) -> dict[str, Any] | None:
        """The same filter for Chroma's metadata (outlet, date_int)."""
        parts: list[dict[str, Any]] = []
        if self.outlets:
            parts.append({"outlet": {"$in": sorted(self.outlets)}})
        if self.since is not None:
            parts.append({"date_int": {"$gte": int(self.since.strftime("%Y%m%d"))}})
        if self.until is not None:
            parts.append({"date_int": {"$lte": int(self.until.strftime("%Y%m%d"))}})
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def describe(self) -> str:
        """E.g. "from WION, dated 2023-08-01 to 2023-08-31"."""
        said = []
        if self.outlets:
            said.append("from " + " or ".join(sorted(self.outlets)))
        if self.since and self.until:
            said.append(f"dated {self.since} to {self.until}")
        elif self.since:
            said.append(f"dated {self.since} or later")
        elif self.until:
            said.append(f"dated {self.until} or earlier")
        return ", ".join(said)


def make_filters(
    outlets: Iterable[str] | str | None,
    since: date | str | None,
    until: date | str | None,
    known_outlets: Iterable[str],
) -> Filters:
    """Validated filters; a bad value raises QuestionError naming the fix."""
    if isinstance(outlets, str):
        outlets = [outlets]
    # An index built before names were normalised may hold two spellings of one outlet.
    by_key: dict[str, set[str]] = {}
    for name in known_outlets:
        by_key.setdefault(outlet_key(name), set()).add(name)
    chosen: set[str] = set()
    for outlet in outlets or []:
        names = by_key.get(outlet_key(str(outlet)))
        if not names:
            listed = ", ".join(sorted(set().union(*by_key.values()))) or (
                "none - no article names its outlet"
            )
            raise QuestionError(
                f"No indexed article is from {outlet!r}. Indexed outlets: {listed}", field="outlets"
            )
        chosen |= names
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise QuestionError(f"since={first} is after until={last} - swap them", field="since")
    return Filters(frozenset(chosen), first, last)


def _day(name: str, value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QuestionError(f"{name}={text!r} is not a date - use YYYY-MM-DD", field=name) from None
