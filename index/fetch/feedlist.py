"""The followed feeds, kept in `<data>/feeds.json`: each feed's address, its validators (ETag,
Last-Modified), what its last refresh found, and the entries already taken.

The file is replaced atomically (written beside, then renamed), so a reader never sees half
of it; changes are made under an exclusive lock (`<data>/feeds.lock`), held through a whole
refresh, so that two refreshes (news-qa serve's and a command's) never take one entry twice.
A damaged file is left as it is and said, never overwritten.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.core.errors import FeedListError
from index.store.lock import held_lock

FEEDS = "feeds.json"
LOCK = "feeds.lock"
FORMAT = 1


@dataclass(frozen=True)
class FeedState:
    """One followed feed as stored.

    - `url`: the feed's address as given; `title`: the feed's own title, once read.
    - `etag`, `last_modified`: sent back on the next refresh (an unchanged feed costs a 304).
    - `last_refresh`: when it was last refreshed (ISO, UTC), None before the first time.
    - `last_new`: articles the last refresh added; `last_error`: why the last refresh of the
      feed itself failed, or ""; `entry_errors`: one line per entry it could not add.
    - `seen`: entry keys ("id:<guid>", "link:<address>") taken, with the article each became;
      `failures`: entry keys that failed, with how many times (given up after MAX_TRIES).
    """

    url: str
    title: str = ""
    added_at: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_refresh: str | None = None
    last_new: int = 0
    last_error: str = ""
    entry_errors: list[str] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)


class FeedList:
    """The feed list of one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / FEEDS

    def load(self) -> list[FeedState]:
        """The followed feeds (none when the file does not exist yet)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format", FORMAT) > FORMAT:
                raise ValueError(f"written by a newer news-qa (format {data['format']})")
            return [FeedState(**feed) for feed in data["feeds"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as err:
            raise FeedListError(
                f"The feed list {self.path} cannot be read ({type(err).__name__}: {err}) - "
                "it was left as it is: repair it, or move it away and add the feeds again",
                path=self.path,
            ) from None

    def save(self, feeds: list[FeedState]) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "feeds": [asdict(f) for f in feeds]}
        part = self.path.with_name(FEEDS + ".part")
        try:
            part.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(part, self.path)
        except OSError:
            part.unlink(missing_ok=True)
            raise

    @contextmanager
    def editing(self) -> Iterator[list[FeedState]]:
        """The feeds, under the lock; the list as left by the caller is saved at the end
        (not when the caller raised)."""

        def busy(holder: str) -> FeedListError:
            return FeedListError(
                f"The feeds are being refreshed or changed by {holder} - wait for it to "
                "finish, then run the command again",
                path=self.path,
            )

        with held_lock(self.data_dir / LOCK, busy):
            feeds = self.load()
            yield feeds
            self.save(feeds)
