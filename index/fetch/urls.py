"""Web addresses: one spelling per article (so the same URL is one article), and the file
name a fetched page is saved under."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

MAX_NAME_STEM = 100
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def normal_url(url: str) -> str:
    """`url` as news-qa compares addresses: scheme and host in lower case, no default port,
    no fragment, no tracking parameters (utm_*, fbclid, gclid, ...), the other query
    parameters sorted. courlan (trafilatura's URL library) does all but the fragment."""
    from courlan import normalize_url

    try:
        normal = normalize_url(url.strip())
    except ValueError:
        return url.strip()
    parts = urlsplit(normal)
    return urlunsplit(parts._replace(fragment="", path=parts.path or "/"))


def is_web_address(text: str) -> bool:
    """Whether `text` is written as an http(s) address (not a file path)."""
    return bool(re.match(r"(?i)https?://", text.strip()))


def page_file_name(url: str) -> str:
    """A file name for the page at `url`: its host and path, e.g.
    `www.example.org_news_2023_story.html` (index/ingest/seeds.py makes it safe and unique)."""
    parts = urlsplit(url)
    path = unquote(parts.path).strip("/")
    path = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", path, flags=re.IGNORECASE)
    stem = _NOT_NAME.sub("_", f"{parts.hostname or 'page'}_{path}").strip("._-")
    return f"{stem[:MAX_NAME_STEM].rstrip('._-') or 'page'}.html"
