"""Fetch one web page or feed with httpx, carefully.

Every address goes through the SSRF guard (index/fetch/guard.py) and the connection is made to
the address it checked (the request names the host in its Host header and TLS SNI, so
certificates are verified against the name). Redirects are followed here, at most
MAX_REDIRECTS, each hop checked again. The site's robots.txt is read first (index/fetch/
robots.py). NEWSQA_FETCH_TIMEOUT bounds the whole fetch, however slowly the bytes come; the
body is read as a stream and given up past NEWSQA_MAX_ARTICLE_BYTES (after decompression);
the Content-Type must be the kind asked for. No proxy from the environment is used: it would
connect to addresses the guard never saw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from index.core.errors import FetchError
from index.core.settings import Settings
from index.fetch.guard import AddressGuard
from index.fetch.robots import RobotsRules

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/plain",
)
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)
_FIXES = {
    404: "check the address",
    410: "the page was removed",
    401: "the site wants a login",
    403: "the site refuses it",
    429: "too many requests: try again later",
}


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back.

    - `url`: the address the body came from (the last one, after redirects).
    - `status`: 200, or 304 when the feed is unchanged since `etag`/`last_modified` (no body).
    - `media_type`: the Content-Type without parameters, lower case ("" when not sent);
      `charset`: its charset parameter, else None.
    - `etag`, `last_modified`: the validators to send next time, when the server gave them.
    """

    url: str
    status: int
    media_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Request:
    """One fetch: the `url` as given, the media types accepted (empty: any), the byte cap,
    extra headers, and whether robots.txt is consulted first."""

    url: str
    accept: tuple[str, ...]
    max_bytes: int
    headers: tuple[tuple[str, str], ...] = ()
    robots: bool = True


def user_agent(settings: Settings) -> str:
    """NEWSQA_USER_AGENT, else `news-qa/<version>` with what it is."""
    if settings.user_agent:
        return settings.user_agent
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("news-qa")
    except PackageNotFoundError:
        own = "dev"
    return f"news-qa/{own} (news question answering; fetches pages its user asks for)"


class Fetcher:
    """Fetches pages and feeds for one run (robots.txt files are kept for its length).
    Close it when done (or use `with`)."""

    def __init__(self, settings: Settings, *, guard: AddressGuard | None = None) -> None:
        import httpx

        self.settings = settings
        self.guard = guard or AddressGuard(settings.fetch_allow_private)
        self.timeout = float(settings.fetch_timeout)
        self.robots = RobotsRules(self)
        self._client = httpx.Client(
            headers={"User-Agent": user_agent(settings)},
            timeout=self.timeout,
            follow_redirects=False,
            trust_env=False,
            # A fresh connection per request: a kept one could carry another host's TLS name.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def page(self, url: str) -> Fetched:
        """The web page at `url` (HTML or XHTML)."""
        headers = (("Accept", PAGE_ACCEPT),)
        return self.fetch(Request(url, PAGE_TYPES, self.settings.max_article_bytes, headers))

    def feed(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Fetched:
        """The feed at `url`; status 304 and no body when unchanged since `etag`/`modified`."""
        headers = [("Accept", FEED_ACCEPT)]
        headers += [("If-None-Match", etag)] if etag else []
        headers += [("If-Modified-Since", modified)] if modified else []
        request = Request(url, FEED_TYPES, self.settings.max_article_bytes, tuple(headers))
        return self.fetch(request)

    def fetch(self, request: Request) -> Fetched:
        """Follow `request.url` through at most MAX_REDIRECTS redirects, each hop checked."""
        import httpx

        deadline = time.monotonic() + self.timeout
        current = request.url
        for _hop in range(MAX_REDIRECTS + 1):
            target = self._address(request.url, current)
            if request.robots:
                self.robots.check(request.url, target)
            response = self._send(request, target, deadline)
            try:
                location = response.headers.get("Location")
                if response.is_redirect and location:
                    current = urljoin(str(target), location)
                    continue
                return self._read(request, response, deadline)
            except httpx.TimeoutException:
                raise self._late(request.url) from None
            except httpx.HTTPError as err:
                raise _network(request.url, err) from None
            finally:
                response.close()
        raise FetchError(
            request.url,
            f"more than {MAX_REDIRECTS} redirects (a redirect loop?) - open it in a browser",
            kind="http",
        )

    def _address(self, url: str, current: str) -> httpx.URL:
        import httpx

        what = "the address" if current == url else f"the redirect to {current}"
        try:
            target = httpx.URL(current)
        except httpx.InvalidURL as err:
            raise FetchError(url, f"{what} is not valid ({err})", kind="address") from None
        if target.scheme not in ("http", "https") or not target.host:
            raise FetchError(
                url,
                f"{what} is not an http(s) web address - give one that starts with https://",
                kind="address",
            )
        return target

    def _send(self, request: Request, target: httpx.URL, deadline: float) -> httpx.Response:
        import httpx

        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        address = self.guard.address_for(request.url, host, port)
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._late(request.url)
        pinned = self._client.build_request(
            "GET",
            target.copy_with(host=address),
            headers=[("Host", target.netloc.decode("ascii")), *request.headers],
            extensions={"sni_hostname": host, "timeout": httpx.Timeout(left).as_dict()},
        )
        try:
            return self._client.send(pinned, stream=True)
        except httpx.TimeoutException:
            raise self._late(request.url) from None
        except httpx.HTTPError as err:
            raise _network(request.url, err) from None

    def _read(self, request: Request, response: httpx.Response, deadline: float) -> Fetched:
        url = request.url
        if response.status_code == 304:
            return _fetched(response, b"")
        if response.status_code >= 400:
            fix = _FIXES.get(response.status_code, "try again later")
            raise FetchError(
                url,
                f"the server answered HTTP {response.status_code} {response.reason_phrase} - {fix}",
                kind="http",
                status=response.status_code,
            )
        media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if request.accept and media and media not in request.accept:
            raise FetchError(url, f"{_kind(media)}, not {_wanted(request)}", kind="type")
        cap = request.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _too_big(url, f"{int(declared):,} bytes", cap)
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > cap:
                raise _too_big(url, f"more than {cap:,} bytes", cap)
            if time.monotonic() > deadline:
                raise self._late(url)
        return _fetched(response, bytes(body))

    def _late(self, url: str) -> FetchError:
        return FetchError(
            url,
            f"no complete answer within {self.timeout:g} s - try again later, or raise "
            "NEWSQA_FETCH_TIMEOUT",
            kind="timeout",
            setting="NEWSQA_FETCH_TIMEOUT",
        )


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    content_type = response.headers.get("Content-Type", "")
    charset = None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return Fetched(
        url=_unpinned(response),
        status=response.status_code,
        media_type=content_type.split(";")[0].strip().lower(),
        charset=charset,
        body=body,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _unpinned(response: httpx.Response) -> str:
    """The address as the user would write it: the pinned request's host put back."""
    request = response.request
    host = request.extensions.get("sni_hostname") or request.url.host
    return str(request.url.copy_with(host=host))


def _kind(media: str) -> str:
    if media in PAGE_TYPES:
        return "a web page"
    return f"{media} content"


def _wanted(request: Request) -> str:
    if request.accept == PAGE_TYPES:
        return "a web page (HTML) - give the address of the article's page"
    return "a feed (RSS, Atom or RDF) - give the feed's own address"


def _too_big(url: str, size: str, cap: int) -> FetchError:
    return FetchError(
        url,
        f"{size}, over the {cap:,}-byte limit - raise NEWSQA_MAX_ARTICLE_BYTES",
        kind="too-big",
        setting="NEWSQA_MAX_ARTICLE_BYTES",
    )


def _network(url: str, err: Exception) -> FetchError:
    reason = str(err) or type(err).__name__
    return FetchError(
        url, f"could not connect ({reason}) - check the address, or try later", kind="network"
    )
