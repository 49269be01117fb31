"""news-qa serve's feed schedule: every NEWSQA_FEED_REFRESH minutes the followed feeds are
refreshed in a background thread, and the index updated when they brought something (the
update the Articles tab's button runs, under the same locks: one update at a time).

What each refresh found is kept with the feed (its last refresh, new entries, errors: the
Feeds panel shows them) and logged; a failure is logged and the schedule goes on.
"""

from __future__ import annotations

import logging
import threading

from index.core.settings import Settings

log = logging.getLogger(__name__)


class FeedSchedule:
    """Refreshes the feeds at once, then every `settings.feed_refresh` minutes, until
    `stop()`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> FeedSchedule:
        """Start the thread (nothing when NEWSQA_FEED_REFRESH is 0, the default)."""
        if self.settings.feed_refresh > 0:
            self._thread = threading.Thread(target=self._run, name="news-qa-feeds", daemon=True)
            self._thread.start()
            print(f"Refreshing the followed feeds every {self.settings.feed_refresh} min")
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def refresh_once(self) -> str:
        """One refresh and, if it brought articles, the index update; what it did, in lines."""
        from ui.web.sources import refresh

        said = refresh(self.settings)
        for line in said.splitlines():
            (log.warning if line.startswith("✗") else log.info)("feeds: %s", line)
        return said

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self.refresh_once()
            except Exception:  # the schedule outlives any one refresh
                log.exception("feeds: the refresh failed")
            self._stopped.wait(self.settings.feed_refresh * 60)
