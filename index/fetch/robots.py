"""robots.txt: whether a site lets news-qa fetch a page (RFC 9309, read by urllib.robotparser).

Rules for `news-qa` apply, else those for `*`. A robots.txt that is missing or refused (any
4xx) allows everything; one the server fails to give (5xx) stops the fetch, as RFC 9309 asks:
the site may be down. Each site's file is read once per Fetcher (one command, one
refresh). Crawl-delay is not used: news-qa fetches what its user names, a few pages at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.robotparser import RobotFileParser

from index.core.errors import FetchError

if TYPE_CHECKING:
    import httpx

    from index.fetch.fetch import Fetcher

AGENT = "news-qa"
# Google reads the first 500 KiB of a robots.txt; so does news-qa.
MAX_ROBOTS_BYTES = 500 * 1024


class RobotsRules:
    """The robots.txt of each site a Fetcher has asked about (None: everything allowed)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._sites: dict[str, RobotFileParser | None] = {}

    def check(self, url: str, target: httpx.URL) -> None:
        """Raise FetchError (kind "robots") unless `target` may be fetched; `url` as given."""
        site = f"{target.scheme}://{target.netloc.decode('ascii')}"
        if site not in self._sites:
            self._sites[site] = self._read(url, site)
        rules = self._sites[site]
        if rules is not None and not rules.can_fetch(AGENT, str(target)):
            raise FetchError(
                url,
                f"the site's robots.txt ({site}/robots.txt) does not allow news-qa to fetch "
                f"{target.raw_path.decode('ascii')} - save the page from a browser and run: "
                "news-qa add FILE",
                kind="robots",
            )

    def _read(self, url: str, site: str) -> RobotFileParser | None:
        from index.fetch.fetch import Request

        request = Request(f"{site}/robots.txt", (), MAX_ROBOTS_BYTES, robots=False)
        try:
            fetched = self.fetcher.fetch(request)
        except FetchError as err:
            if err.kind == "http" and err.status is not None and 400 <= err.status < 500:
                return None
            if err.kind == "too-big":
                return None  # RFC 9309: only the first part need be read; none is read
            if err.kind == "http":
                raise FetchError(
                    url,
                    f"the site's robots.txt could not be read (HTTP {err.status}), so nothing "
                    "is fetched from it - try again later",
                    kind="robots",
                ) from None
            # Unreachable, too slow, refused: the page would be too; said for the page.
            raise FetchError(
                url, err.reason, kind=err.kind, setting=err.setting, status=err.status
            ) from None
        rules = RobotFileParser()
        rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return rules
