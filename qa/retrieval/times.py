"""Times a question names, as date windows: "in August", "on October 5, 2023", "last week"
(relative to the newest article, since a news folder is read after the fact), "before the
coup" (the date the articles give that event)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from index.core.text.dates import MONTHS, QUESTION_DATE, YEAR

_RELATIVE = (
    r"(?:yesterday|today|this week|last week|past week|this month|last month|past month"
    r"|this year|last year|(?:last|past) \d+ (?:days?|weeks?|months?))"
)
_EVENT = r"(?:the |a |an )?(?P<event>[a-z][\w-]*(?: [a-z][\w-]*){0,2})"
_OPEN = r"(?P<open>before|after|since|until|prior to|following)"
PATTERNS = (
    re.compile(rf"\bbetween (?P<a>{QUESTION_DATE}) and (?P<b>{QUESTION_DATE})\b", re.IGNORECASE),
    re.compile(rf"\b{_OPEN} (?:the )?(?P<a>{QUESTION_DATE}|{_RELATIVE})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<a>{_RELATIVE})\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:in|on|during|of|from|published|dated)? ?(?P<a>{QUESTION_DATE})\b", re.IGNORECASE
    ),
    re.compile(rf"\b(?P<open>before|after|prior to|following) {_EVENT}", re.IGNORECASE),
)
_EVENT_STOP = {"it", "that", "this", "they", "he", "she", "we", "being", "having", "which"}


@dataclass(frozen=True)
class Window:
    """Article dates a question points at: `start` to `end`, both included, None for open;
    `said` is the question's words."""

    start: date | None
    end: date | None
    said: str

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def describe(self) -> str:
        if self.start and self.end:
            return str(self.start) if self.start == self.end else f"{self.start} to {self.end}"
        return f"{self.start} or later" if self.start else f"{self.end} or earlier"


def time_windows(
    question: str, newest: date | None, event_day: Callable[[str], date | None]
) -> list[Window]:
    """The windows the question names, in its order. Years left out are the newest article's
    (or the year before, for a month after it); without a dated article there are none."""
    if newest is None:
        return []
    found: list[tuple[int, Window]] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(question):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            window = _window(match, newest, event_day)
            if window is not None:
                found.append((span[0], window))
                taken.append(span)
    return [window for _, window in sorted(found, key=lambda item: item[0])]


def _window(
    match: re.Match[str], newest: date, event_day: Callable[[str], date | None]
) -> Window | None:
    groups = match.groupdict()
    said = match.group().strip()
    if groups.get("event"):
        words = groups["event"].lower().split()
        if not words or words[0] in _EVENT_STOP:
            return None
        day = event_day(groups["event"])
        if day is None:
            return None
        return _open(groups["open"], (day, day), said)
    first = _range(groups["a"], newest)
    if first is None:
        return None
    if groups.get("b"):
        last = _range(groups["b"], newest)
        return Window(first[0], last[1], said) if last else None
    if groups.get("open"):
        return _open(groups["open"], first, said)
    return Window(first[0], first[1], said)


def _open(word: str, days: tuple[date, date], said: str) -> Window:
    if word.lower() in ("before", "prior to", "until"):
        end = days[0] - timedelta(days=1) if word.lower() != "until" else days[1]
        return Window(None, end, said)
    start = days[1] + timedelta(days=1) if word.lower() in ("after", "following") else days[0]
    return Window(start, None, said)


def _range(text: str, newest: date) -> tuple[date, date] | None:
    """The first and last day a date expression covers."""
    text = " ".join(text.lower().replace(",", " ").replace(".", " ").split())
    relative = _relative(text, newest)
    if relative is not None:
        return relative
    year_match = re.search(rf"\b{YEAR}\b", text)
    year = int(year_match.group()) if year_match else None
    month = next((MONTHS[w] for w in text.split() if w in MONTHS), None)
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.sub(rf"\b{YEAR}\b", "", text))
    if month is None:
        return (date(year, 1, 1), date(year, 12, 31)) if year else None
    if year is None:
        year = newest.year if month <= newest.month else newest.year - 1
    last_day = calendar.monthrange(year, month)[1]
    if day_match:
        day = int(day_match.group(1))
        if not 1 <= day <= last_day:
            return None
        return date(year, month, day), date(year, month, day)
    return date(year, month, 1), date(year, month, last_day)


def _relative(text: str, newest: date) -> tuple[date, date] | None:
    if text == "today":
        return newest, newest
    if text == "yesterday":
        day = newest - timedelta(days=1)
        return day, day
    if text in ("this week", "last week", "past week"):
        return newest - timedelta(days=7), newest
    if text in ("this month", "past month"):
        return (newest.replace(day=1) if text == "this month" else newest - timedelta(30)), newest
    if text == "last month":
        end = newest.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if text == "this year":
        return date(newest.year, 1, 1), newest
    if text == "last year":
        return date(newest.year - 1, 1, 1), date(newest.year - 1, 12, 31)
    counted = re.fullmatch(r"(?:last|past) (\d+) (day|week|month)s?", text)
    if counted:
        days = int(counted.group(1)) * {"day": 1, "week": 7, "month": 30}[counted.group(2)]
        return newest - timedelta(days=days), newest
    return None
