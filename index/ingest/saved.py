"""The record news-qa writes at the top of a web page it saves into seeds/.

A fetched page is saved as UTF-8 with a few lines before the page's own bytes: where it came
from (after redirects), when, and, for a feed entry, the entry's date and author (used when
the page names none). The HTML reader honours them, so every index and rebuild comes from
seeds/ alone. Only a record at the very start of the file counts: a page cannot place one
there, since its own bytes come after ours.

    <!-- news-qa: saved page; the lines down to /news-qa are its record -->
    <meta name="news-qa:url" content="https://example.org/news/story">
    <meta name="news-qa:fetched" content="2026-06-01T09:30:00+00:00">
    <meta name="news-qa:feed" content="https://example.org/rss.xml">
    <meta name="news-qa:entry-id" content="tag:example.org,2026:story">
    <meta name="news-qa:entry-date" content="2026-05-31">
    <meta name="news-qa:entry-author" content="Jane Doe">
    <meta charset="utf-8">
    <!-- /news-qa -->
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, fields

OPENING = "<!-- news-qa: saved page; the lines down to /news-qa are its record -->"
CLOSING = "<!-- /news-qa -->"
_FIELD = re.compile(r'<meta name="news-qa:([a-z-]+)" content="([^"]*)">')


@dataclass(frozen=True)
class PageRecord:
    """Where a saved page came from. `url` is the address it was fetched from (the last one,
    after redirects); `fetched` an ISO time; the rest come from the feed entry that named it."""

    url: str
    fetched: str
    feed: str | None = None
    entry_id: str | None = None
    entry_date: str | None = None
    entry_author: str | None = None

    def header(self) -> str:
        """The lines written before the page's own text."""
        lines = [OPENING]
        for field in fields(self):
            value = getattr(self, field.name)
            if value:
                name = field.name.replace("_", "-")
                lines.append(f'<meta name="news-qa:{name}" content="{html.escape(value)}">')
        return "\n".join([*lines, '<meta charset="utf-8">', CLOSING, ""])


def read_record(text: str) -> tuple[PageRecord | None, str]:
    """The record at the start of a saved page (None for any other page) and the page's own
    text after it."""
    if not text.startswith(OPENING):
        return None, text
    end = text.find(CLOSING)
    if end < 0:
        return None, text
    values = {
        name.replace("-", "_"): html.unescape(value) for name, value in _FIELD.findall(text[:end])
    }
    known = {f.name for f in fields(PageRecord)}
    values = {k: v for k, v in values.items() if k in known}
    page = text[end + len(CLOSING) :].lstrip("\n")
    if not values.get("url"):
        return None, page
    return PageRecord(**{"fetched": "", **values}), page
