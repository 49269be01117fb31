"""The Articles tab's web sources: "Add from URL" and the Feeds panel (follow, stop, refresh),
each followed by the index update when something was added, so it can be asked about at once.

One line per address: ✓ saved, • already there, ✗ what failed, why and the fix.
"""

from __future__ import annotations

import re

from index.core.errors import NewsQAError
from index.core.settings import Settings
from index.fetch.feeds import FeedReport
from index.fetch.save import Added
from ui.web.library import ProgressBar, update_articles

FEED_COLUMNS = ["feed", "title", "last refresh", "new", "errors"]
MAX_URLS = 20


def add_from_urls(text: str | None, settings: Settings, progress: ProgressBar | None = None) -> str:
    """Fetch each address in `text` (one per line or separated by spaces) into seeds/, then
    update the index if any was added."""
    from index.fetch.sources import add_sources

    urls = re.findall(r"\S+", text or "")
    if not urls:
        return "Paste the address of an article's page (https://...) first."
    if len(urls) > MAX_URLS:
        return f"At most {MAX_URLS} addresses at a time - paste fewer."
    if progress:
        progress(0.0, f"Fetching {len(urls)} page(s)")
    try:
        results = add_sources(settings, [u if "://" in u else f"https://{u}" for u in urls])
    except NewsQAError as err:
        return f"✗ {err}"
    lines = [added_line(r) for r in results]
    return _then_update(lines, sum(r.status == "added" for r in results), settings, progress)


def added_line(result: Added) -> str:
    if result.status == "added":
        return f"✓ {result.source}: {result.message}"
    if result.status == "present":
        return f"• {result.source}: {result.message}"
    shown = result.message
    return f"✗ {shown if shown.startswith(result.source) else f'{result.source}: {shown}'}"


def _then_update(
    lines: list[str], added: int, settings: Settings, progress: ProgressBar | None
) -> str:
    if added:
        lines.append(update_articles(settings, progress))
    return "\n".join(lines)


def feed_rows(settings: Settings) -> list[list[object]]:
    """The followed feeds for the Feeds table."""
    from index.fetch.sources import followed_feeds

    try:
        feeds = followed_feeds(settings)
    except NewsQAError as err:
        return [["", "", "", 0, str(err)]]
    return [
        [
            f.url,
            f.title,
            (f.last_refresh or "never").replace("T", " ").replace("+00:00", " UTC"),
            f.last_new,
            "\n".join(filter(None, [f.last_error, *f.entry_errors])),
        ]
        for f in feeds
    ]


def follow(url: str | None, settings: Settings, progress: ProgressBar | None = None) -> str:
    """Follow the feed at `url` and take its entries now."""
    from index.fetch.sources import follow_feed

    if not (url or "").strip():
        return "Paste the feed's address (RSS, Atom or RDF) first."
    try:
        report = follow_feed(settings, url or "")
    except NewsQAError as err:
        return f"✗ {err}"
    lines = report_lines(report)
    if report.outcome == "failed" and not report.entry_errors:
        lines.append("Not followed.")
    return _then_update(lines, len(report.added), settings, progress)


def unfollow(url: str | None, settings: Settings) -> str:
    from index.fetch.sources import unfollow_feed

    if not (url or "").strip():
        return "Select a feed in the list, or paste its address, first."
    try:
        gone = unfollow_feed(settings, url or "")
    except NewsQAError as err:
        return f"✗ {err}"
    return f"✓ No longer following {gone.url} (its articles stay)."


def refresh(settings: Settings, progress: ProgressBar | None = None) -> str:
    """Take the new entries of every followed feed, then update the index if any."""
    from index.fetch.sources import refresh_feeds

    try:
        reports = refresh_feeds(settings)
    except NewsQAError as err:
        return f"✗ {err}"
    if not reports:
        return "No feeds followed yet - paste a feed's address and click Follow."
    lines = [line for report in reports for line in report_lines(report)]
    return _then_update(lines, sum(len(r.added) for r in reports), settings, progress)


def report_lines(report: FeedReport) -> list[str]:
    name = report.title or report.url
    said = {"new": f"{len(report.added)} new", "unchanged": "nothing new", "failed": "failed"}
    lines = [f"{name}: {said[report.outcome]}"]
    lines += [added_line(a) for a in report.added]
    lines += [f"✗ {line}" for line in [report.error, *report.entry_errors] if line]
    lines += [f"note: {report.note}"] if report.note else []
    return lines
