"""Read a web page (`.html`/`.htm` in seeds/) as an Article: the story's paragraphs, title,
author, publication date, site name and address.

trafilatura finds the main text (navigation, cookie banners, teasers, related stories,
comments, newsletter boxes and footers left out) and the metadata, JSON-LD first, then
OpenGraph and the other meta tags, then the page's text; it asks htmldate for the date of
first publication (not of the last update). A page news-qa saved carries a record of where it
came from (index/ingest/saved.py); the feed entry's date and author stand in for ones the page
lacks.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from index.core.text.boilerplate import is_boilerplate
from index.core.text.dates import iso_date
from index.ingest.article import Article
from index.ingest.load import ArticleFile, SkippedFile
from index.ingest.saved import PageRecord, read_record

log = logging.getLogger(__name__)

NO_TEXT = (
    "no article text found in the page (a home page, a list or a script-only page?) - save "
    "the article's own page"
)
# Fewer words than this is a menu or a stub ("Home"), not an article (a short brief has ~40).
MIN_WORDS = 20
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def html_article(source: ArticleFile) -> Article | SkippedFile:
    """The article in a decoded page, or why there is none."""
    record, page = read_record(source.raw_text)
    found = extract_page(page, record)
    if found is None or not found.get("text"):
        return SkippedFile(source.article_id, NO_TEXT)
    lines = map(_one_line, found["text"].split("\n"))
    text = "\n\n".join(line for line in lines if line and not is_boilerplate(line))
    if len(text.split()) < MIN_WORDS:
        return SkippedFile(source.article_id, NO_TEXT)
    url = web_address(record.url if record else None) or web_address(found.get("url"))
    return Article(
        article_id=source.article_id,
        title=_one_line(found.get("title") or "") or text.split("\n", 1)[0][:90],
        date=_day(found.get("date")) or _day(record.entry_date if record else None),
        outlet=_site_name(found.get("sitename"), url),
        text=text,
        content_hash=source.content_hash,
        url=url,
        author=_one_line(found.get("author") or "")
        or (record.entry_author if record else None)
        or None,
    )


def extract_page(page: str, record: PageRecord | None) -> dict[str, Any] | None:
    """trafilatura's reading of `page`: text (one paragraph a line) and metadata, or None."""
    import trafilatura

    latest = _fetched_day(record) or datetime.now(UTC).date()
    try:
        document = trafilatura.bare_extraction(
            page,
            url=record.url if record else None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": True,
                # A page cannot have been published after it was saved.
                "max_date": latest.isoformat(),
            },
        )
    except Exception as err:  # lxml and trafilatura raise many kinds on broken markup
        log.warning("trafilatura could not read a page: %s: %s", type(err).__name__, err)
        return None
    if document is None:
        return None
    return document if isinstance(document, dict) else dict(document.as_dict())


def web_address(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) address (the only kind a citation links to)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


def _site_name(name: str | None, url: str | None) -> str | None:
    """The page's site name; trafilatura's stand-in when it has none, the address's host
    with its port, becomes the bare host (`www.` dropped), as outlets are written."""
    parts = urlsplit(url) if url else None
    if name and parts and parts.hostname and name.lower() in (parts.netloc.lower(), parts.hostname):
        return parts.hostname.removeprefix("www.")
    return name or None


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _day(value: str | None) -> str | None:
    found = _ISO_DAY.match(value or "")
    return iso_date(int(found[1]), int(found[2]), int(found[3])) if found else None


def _fetched_day(record: PageRecord | None) -> date | None:
    if record is None or not record.fetched:
        return None
    try:
        return datetime.fromisoformat(record.fetched).date()
    except ValueError:
        return None
