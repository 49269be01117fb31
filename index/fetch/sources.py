"""What news-qa add and news-qa feeds do, for the CLI and the UI: articles brought into seeds/
from addresses, files and followed feeds. The index is not touched here: callers run the
update (index/update/build.py) when something was added, so the live index stays as it was
until then, and a failure here never reaches it.
"""

from __future__ import annotations

from pathlib import Path

from index.core.errors import FeedListError
from index.core.settings import Settings
from index.fetch.feedlist import FeedList, FeedState
from index.fetch.feeds import FeedRefresher, FeedReport
from index.fetch.fetch import Fetcher
from index.fetch.save import Added, PageSaver
from index.fetch.urls import is_web_address, normal_url
from index.store.manifest import timestamp


def add_sources(settings: Settings, sources: list[str]) -> list[Added]:
    """Each of `sources` (web addresses, or paths of .txt/.md/.html files) saved into seeds/,
    in order; one failing never stops the others."""
    with Fetcher(settings) as fetcher:
        saver = PageSaver(settings, fetcher)
        return [
            saver.add_url(s.strip()) if is_web_address(s) else saver.add_file(Path(s))
            for s in sources
        ]


def followed_feeds(settings: Settings) -> list[FeedState]:
    """The followed feeds, as their last refresh left them."""
    return FeedList(settings.data_dir).load()


def follow_feed(settings: Settings, url: str) -> FeedReport:
    """Follow the feed at `url` and take its entries now. A feed that cannot be read (not a
    feed, an error status, a refused address) is not followed: the report says why."""
    url = url.strip()
    feeds = FeedList(settings.data_dir)
    with feeds.editing() as followed:
        if _index_of(followed, url) is not None:
            raise FeedListError(
                f"Already following {url} - run: news-qa feeds refresh", path=feeds.path
            )
        with Fetcher(settings) as fetcher:
            saver = PageSaver(settings, fetcher)
            state, report = FeedRefresher(saver).refresh(FeedState(url, added_at=timestamp()))
        if report.outcome != "failed" or report.entry_errors:
            followed.append(state)
    return report


def unfollow_feed(settings: Settings, url: str) -> FeedState:
    """Stop following the feed at `url` (the articles it brought stay in seeds/)."""
    feeds = FeedList(settings.data_dir)
    with feeds.editing() as followed:
        at = _index_of(followed, url.strip())
        if at is None:
            listed = ", ".join(f.url for f in followed) or "none"
            raise FeedListError(
                f"Not following {url.strip()} (followed: {listed}) - see: news-qa feeds list",
                path=feeds.path,
            )
        return followed.pop(at)


def refresh_feeds(settings: Settings) -> list[FeedReport]:
    """Refresh every followed feed, saving the pages of new entries into seeds/."""
    feeds = FeedList(settings.data_dir)
    with feeds.editing() as followed:
        if not followed:
            return []
        reports = []
        with Fetcher(settings) as fetcher:
            refresher = FeedRefresher(PageSaver(settings, fetcher))
            for n, feed in enumerate(followed):
                followed[n], report = refresher.refresh(feed)
                reports.append(report)
        return reports


def _index_of(feeds: list[FeedState], url: str) -> int | None:
    wanted = normal_url(url)
    return next((n for n, f in enumerate(feeds) if normal_url(f.url) == wanted), None)
