"""Read a feed (RSS 2.0, Atom, RDF/RSS 1.0, through feedparser) and refresh it: each new
entry's page fetched and saved as any added address is (index/fetch/save.py).

An entry is new when none of its keys (its id/guid, its normalised link) was taken before
from this feed, and its page is not in seeds/ already (by address, or by the same text from
the same site). The feed is fetched with its ETag and Last-Modified, so an unchanged feed is
a 304 and nothing more. feedparser only ever reads the bytes fetched here: given an address
it would fetch by itself, around the SSRF guard.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from index.core.errors import FetchError
from index.fetch.feedlist import FeedState
from index.fetch.fetch import Fetched
from index.fetch.save import Added, PageSaver
from index.fetch.urls import normal_url
from index.ingest.saved import PageRecord
from index.store.manifest import timestamp

# New entries fetched per feed and refresh (newest first); the rest wait for the next one.
MAX_NEW = 25
# Attempts at an entry whose page fails before it is given up.
MAX_TRIES = 3

FeedOutcome = Literal["new", "unchanged", "failed"]


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: `keys` ("id:<guid>", "link:<address>") tell it apart."""

    keys: tuple[str, ...]
    link: str | None
    title: str
    date: str | None
    author: str | None


@dataclass(frozen=True)
class FeedReport:
    """What one refresh of a feed did.

    - `outcome`: "new" (articles added), "unchanged" (nothing new), "failed" (the feed
      itself could not be read, or every new entry failed).
    - `added`: the entries saved into seeds/ now.
    - `error`: why the feed failed as a whole ("" unless "failed"): its address, the reason
      and the fix, or "all 3 new entries failed".
    - `entry_errors`: one line per entry that could not be added (address, reason, fix).
    - `note`: anything else to know (malformed XML read leniently, entries left for the
      next refresh); `seconds`: how long the refresh took.
    """

    url: str
    title: str
    outcome: FeedOutcome
    added: list[Added]
    error: str = ""
    entry_errors: list[str] = field(default_factory=list)
    note: str = ""
    seconds: float = 0.0


def read_feed(fetched: Fetched, url: str) -> tuple[str, list[FeedEntry], str]:
    """The feed's title, its entries (newest first) and a note ("" or what was odd)."""
    import feedparser

    headers = {"content-location": fetched.url, "content-type": fetched.media_type or "text/xml"}
    if fetched.charset:
        headers["content-type"] += f"; charset={fetched.charset}"
    parsed = feedparser.parse(fetched.body, response_headers=headers)
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        reason = f"not a feed ({problem or 'no RSS, Atom or RDF found'})"
        raise FetchError(url, f"{reason} - check that this is the feed's address", kind="content")
    note = f"the feed's XML is malformed ({problem}): its entries were read leniently"
    entries = [_entry(e) for e in parsed.entries]
    entries.sort(key=lambda e: e.date or "", reverse=True)
    return str(parsed.feed.get("title") or ""), entries, note if parsed.get("bozo") else ""


def _entry(raw: Any) -> FeedEntry:
    link = raw.get("link") or None
    title = str(raw.get("title") or "")
    keys = ([f"id:{raw['id']}"] if raw.get("id") else []) + (
        [f"link:{normal_url(link)}"] if link else []
    )
    # An entry with neither id nor link is told apart by its title (to count its failures).
    keys = keys or [f"title:{title}"]
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    day = datetime.fromtimestamp(calendar.timegm(when), UTC).date().isoformat() if when else None
    return FeedEntry(
        keys=tuple(keys),
        link=link,
        title=title,
        date=day,
        author=str(raw.get("author") or "") or None,
    )


class FeedRefresher:
    """Refreshes feeds, saving new entries' pages with `saver` (one fetcher for the run)."""

    def __init__(self, saver: PageSaver) -> None:
        self.saver = saver

    def refresh(self, feed: FeedState) -> tuple[FeedState, FeedReport]:
        """The feed refreshed: its new state (to store) and what happened."""
        started = time.perf_counter()
        feed = replace(feed, last_refresh=timestamp())
        # Entries to try again: the whole feed is needed, not a 304.
        retrying = any(n < MAX_TRIES for n in feed.failures.values())
        etag, modified = (None, None) if retrying else (feed.etag, feed.last_modified)
        try:
            fetched = self.saver.fetcher.feed(feed.url, etag=etag, modified=modified)
            if fetched.status == 304:
                report = FeedReport(feed.url, feed.title, "unchanged", [])
                state = replace(feed, last_new=0, last_error="", entry_errors=[])
                return state, _timed(report, started)
            title, entries, note = read_feed(fetched, feed.url)
        except FetchError as err:
            report = FeedReport(feed.url, feed.title, "failed", [], error=str(err))
            return replace(feed, last_error=str(err), last_new=0), _timed(report, started)
        feed, report = self._take(replace(feed, title=title or feed.title), entries, note)
        # The validators are kept only now: a refresh cut short fetches the feed again.
        feed = replace(feed, etag=fetched.etag, last_modified=fetched.last_modified)
        return feed, _timed(report, started)

    def _take(
        self, feed: FeedState, entries: list[FeedEntry], note: str
    ) -> tuple[FeedState, FeedReport]:
        # Only keys of entries still in the feed are kept: the list stays as long as the feed.
        current = {key for e in entries for key in e.keys}
        seen = {k: v for k, v in feed.seen.items() if k in current}
        failures = {k: n for k, n in feed.failures.items() if k in current}
        new = [
            e
            for e in entries
            if not seen.keys() & set(e.keys) and failures.get(e.keys[0], 0) < MAX_TRIES
        ]
        if len(new) > MAX_NEW:
            waiting = f"{len(new) - MAX_NEW} more new entries wait for the next refresh"
            note = f"{note}; {waiting}" if note else waiting
        added, errors = [], []
        for entry in new[:MAX_NEW]:
            result = self._save(feed, entry)
            if result.status == "failed":
                failures.update({key: failures.get(key, 0) + 1 for key in entry.keys})
                errors.append(_line(result))
            else:
                seen.update({key: result.article_id or "" for key in entry.keys})
                # Saved at last: no longer a reason to ask for the whole feed.
                for key in entry.keys:
                    failures.pop(key, None)
                added += [result] if result.status == "added" else []
        outcome: FeedOutcome = "new" if added else "unchanged"
        error = ""
        if errors and len(errors) == len(new[:MAX_NEW]):
            outcome, error = "failed", f"all {len(errors)} new entries failed"
        state = replace(
            feed,
            seen=seen,
            failures=failures,
            last_new=len(added),
            last_error=error,
            entry_errors=errors,
        )
        report = FeedReport(feed.url, feed.title, outcome, added, error, errors, note)
        return state, report

    def _save(self, feed: FeedState, entry: FeedEntry) -> Added:
        if not entry.link:
            return Added(entry.title or "an entry", "failed", None, "the entry has no link")
        origin = PageRecord(
            url=entry.link,
            fetched="",
            feed=feed.url,
            entry_id=next((k[3:] for k in entry.keys if k.startswith("id:")), None),
            entry_date=entry.date,
            entry_author=entry.author,
        )
        return self.saver.add_url(entry.link, origin)


def _line(result: Added) -> str:
    """A failed entry in one line that starts with its address."""
    message = result.message
    return message if message.startswith(result.source) else f"{result.source}: {message}"


def _timed(report: FeedReport, started: float) -> FeedReport:
    return replace(report, seconds=round(time.perf_counter() - started, 3))
