"""Months, weekdays and the date expressions read from articles, sentences and questions.

One month table serves every rule. The rules stay several because they read different text
for different ends; each is named for its reader:
- `dateline_date`: a full date with its year in a dateline ("Niamey, Sept 5, 2023"), for an
  article's date at ingest;
- `QUESTION_DATE`: what a question may say ("October 5, 2023", "in August", "2023"), for time
  windows (qa/retrieval/times.py);
- `SENTENCE_DATES`: a month with a day, or with a year, in an answer sentence, for
  conflicting sources (qa/answer/conflicts.py);
- `DATE_WORD`: any word that gives a date ("Tuesday", "2023", "last week"), for "does this
  sentence answer a when-question" (qa/answer/support.py);
- `event_dates(word)`: "July 26 coup", a day just before the event's word (qa/retrieval).
"""

from __future__ import annotations

import re
from datetime import date as Date

_MONTH_SPELLINGS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
# Lower-case month names and abbreviations (with "sept") -> month number.
MONTHS = {name: n for n, names in enumerate(_MONTH_SPELLINGS, 1) for name in names} | {"sept": 9}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Longest first, so "sept" is not read as "sep" and a "t".
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH = rf"(?:{MONTH_NAMES})\.?"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"

# A month alone must be capitalised and follow a preposition: "may" and "march" are words.
_MONTH_ALONE = (
    r"(?:"
    + "|".join(
        rf"(?<=\b{w} )"
        for w in (
            "in",
            "on",
            "of",
            "by",
            "during",
            "before",
            "after",
            "since",
            "until",
            "from",
            "early",
            "late",
            "mid",
        )
    )
    + r")(?-i:"
    + "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True))
    + r")\b\.?"
)
# "October 5, 2023", "5 October 2023", "August 2023", "in August", "2023" (a pattern string,
# compiled case-insensitively inside the time patterns).
QUESTION_DATE = (
    rf"(?:{MONTH}\s+{DAY}(?:,?\s+{YEAR})?|{DAY}\s+{MONTH}(?:,?\s+{YEAR})?"
    rf"|{MONTH},?\s+{YEAR}|{_MONTH_ALONE}|{YEAR})"
)
# "July 26", "26th July", "August, 2023": a day is any one or two digits here, and the year
# after a day is left out, so "July 26, 2023" and "July 26" give the same value.
SENTENCE_DATES = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH})\b"
    rf"|\b{MONTH},?\s+{YEAR}\b",
    re.IGNORECASE,
)
DATE_WORD = re.compile(
    rf"\b(\d{{4}}|{MONTH_NAMES}|{'|'.join(WEEKDAYS)}|yesterday|today|last (week|month|year))\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(rf"^({MONTH})\s+({DAY})|^({DAY})\s+({MONTH})", re.IGNORECASE)
# Datelines take any word before the day and look it up, so "Sept." and "SEPT" both read.
_DATELINE_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATELINE_DATES = (
    re.compile(_DATELINE_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})\s+" + _DATELINE_MONTH + r",?\s+(?P<year>\d{4})"),
)


def iso_date(year: int, month: int, day: int) -> str | None:
    """ "2023-09-05", or None for a day that does not exist."""
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def dateline_date(text: str) -> str | None:
    """The ISO date of the first "Sept 5, 2023" or "5 Sept 2023" in `text`, if its month is
    one; each order is tried once (its first match decides)."""
    for pattern in _DATELINE_DATES:
        found = pattern.search(text)
        if found and found["month"].lower() in MONTHS:
            month = MONTHS[found["month"].lower()]
            return iso_date(int(found["year"]), month, int(found["day"]))
    return None


def month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a "July 26" or "26 July" at the start of `text`."""
    match = _MONTH_DAY.match(text.strip())
    if match is None:
        return None
    month = match.group(1) or match.group(4)
    day = match.group(2) or match.group(3)
    return MONTHS[month.lower().rstrip(".")], int(re.sub(r"\D", "", day))


def event_dates(word: str) -> re.Pattern[str]:
    """ "July 26 coup", "26 July, 2023 military coup": a month and day (group 1), maybe a
    year and one more word, then `word`; single spaces only, as articles write it."""
    return re.compile(
        rf"\b((?:{MONTH_NAMES})\.? \d{{1,2}}|\d{{1,2}} (?:{MONTH_NAMES}))(?:,? \d{{4}})?"
        rf"(?: [\w-]+)? {re.escape(word)}",
        re.IGNORECASE,
    )
