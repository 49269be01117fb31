"""Turn a raw article file into an Article: metadata read from the text, boilerplate removed."""

from __future__ import annotations

import re

from index.core.text.boilerplate import is_boilerplate
from index.core.text.dates import dateline_date, iso_date
from index.core.text.sentences import first_sentence
from index.ingest.article import Article
from index.ingest.load import ArticleFile

# Bump when cleaning changes, so the index knows every article must be re-chunked.
# 2: outlet names normalised (index/core/text/outlets.py clean_outlet).
# 3: web pages (.html), and each chunk's url and author stored.
CLEANER_VERSION = 3

TITLE_MAX_CHARS = 90

_DATE_MARKER = re.compile(r"^\s*date\s*[:=]?\s*(\d{4})-(\d{2})-(\d{2})\b[ \t]*", re.IGNORECASE)
_OUTLET_MARKER = re.compile(r"^\s*(?:source|outlet)\s*:\s*(\S[^\n]{0,60})\n", re.IGNORECASE)

_PROMO_OUTLET = [
    re.compile(r"^watch\s+(.{2,30}?)\s+live\b", re.IGNORECASE),
    re.compile(r"^download (?:the|our)\s+(.{2,30}?)\s+app\b", re.IGNORECASE),
    re.compile(r"^you can now write for\s+([\w.-]+\.[a-z]{2,})", re.IGNORECASE),
]
# "PARIS (Reuters) -" or "Niamey, Sept 5 (AFP) —" at the start of the story.
_AGENCY_DATELINE = re.compile(r"^[A-Z][\w .,'-]{0,40}\(([A-Z][\w .&]{1,25})\)\s*[-–—]")


def clean_article(source: ArticleFile) -> Article:
    """Read title, date and outlet from the text and strip boilerplate, keeping the story."""
    text = source.raw_text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    date: str | None = None
    outlet: str | None = None

    marker = _DATE_MARKER.match(text)
    if marker:
        date = iso_date(int(marker[1]), int(marker[2]), int(marker[3]))
        text = text[marker.end() :]
    outlet_marker = _OUTLET_MARKER.match(text)
    if outlet_marker:
        outlet = outlet_marker[1].strip()
        text = text[outlet_marker.end() :]

    kept: list[str] = []
    promo_lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if is_boilerplate(stripped):
            promo_lines.append(stripped)
            continue
        kept.append(line.rstrip())
    outlet = outlet or _outlet_from_promos(promo_lines)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()

    lines = body.split("\n")
    dateline = lines[0].strip() if _is_dateline(lines[0]) else None
    if dateline:
        date = date or dateline_date(dateline)
    agency = _AGENCY_DATELINE.match(body)
    if agency:
        outlet = outlet or agency[1].strip()
        date = date or dateline_date(body[: agency.end()])
    title = _headline(lines[1:] if dateline else lines) or _first_sentence_title(
        "\n".join(lines[1:] if dateline else lines)
    )
    return Article(
        article_id=source.article_id,
        title=title,
        date=date,
        outlet=outlet,
        text=body,
        content_hash=source.content_hash,
    )


def _outlet_from_promos(lines: list[str]) -> str | None:
    """The site's name from its promo lines; a brand ("WATCH WION LIVE") beats a bare domain."""
    for pattern in _PROMO_OUTLET:
        for line in lines:
            found = pattern.search(line)
            if found:
                return found[1].strip()
    return None


def _is_dateline(line: str) -> bool:
    """A first line that only names a place (and maybe a date), like `Niamey` or `PARIS, Sept 5`."""
    words = line.strip().split()
    return (
        0 < len(words) <= 5
        and not re.search(r"[.!?:;\"”]$", line.strip())
        and (len(words) <= 2 or dateline_date(line) is not None)
    )


def _headline(lines: list[str]) -> str | None:
    """The first line when it reads as a headline: short, no closing full stop, more text after."""
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    words = first.split()
    if 3 <= len(words) <= 20 and len(first) <= 150 and not re.search(r"[.,;:]$", first):
        return first
    return None


def _first_sentence_title(text: str) -> str:
    sentence = first_sentence(text)
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"
