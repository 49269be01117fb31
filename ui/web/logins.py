"""Logins (NEWSQA_UI_AUTH): failed attempts slowed per client, the session cookies hardened,
and Gradio's routes that skip the login check closed to anonymous callers.

Pure ASGI middleware in front of Gradio (ui/web/server.py); Gradio itself checks passwords
and issues the session tokens.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.web.doors import API_PREFIXES, client_address, refuse

log = logging.getLogger(__name__)

LOGIN_PATHS = ("/login", "/login/")
# Gradio answers these without a login even when auth is on; its own pages need them open.
# The service API has its own keys (ui/api/keys.py), which a login does not replace.
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", *API_PREFIXES)
PUBLIC_PATHS = frozenset(
    {
        "/",
        *LOGIN_PATHS,
        "/logout",
        "/config",
        "/config/",
        "/favicon.ico",
        "/theme.css",
        "/robots.txt",
        "/manifest.json",
        "/gradio_api/login_check",
        "/gradio_api/login_check/",
    }
)


@dataclass
class Failures:
    """One client's failed logins in a row, and when the last one came."""

    count: int = 0
    last: float = 0.0


class LoginThrottle:
    """Failed logins per client address: the first FREE_FAILURES are free; after them a
    client's next attempt is checked only FIRST_WAIT seconds after its last failure, twice
    as long after each further failure (up to LONGEST_WAIT). A success clears the client.

    One attempt per client is checked at a time, so attempts sent side by side gain nothing.
    A wait of up to HOLD seconds is served by holding the attempt (an honest typo costs a
    moment); a longer one is refused at once with the time left, not held open."""

    FREE_FAILURES = 5
    FIRST_WAIT = 1.0
    LONGEST_WAIT = 300.0
    HOLD = 2.0
    # Clients remembered; the one idle longest is forgotten first.
    MAX_CLIENTS = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: OrderedDict[str, Failures] = OrderedDict()
        self._checking: set[str] = set()
        self._lock = threading.Lock()

    def admit(self, client: str) -> float | str:
        """Seconds to hold `client`'s attempt before it is checked (it is then being checked
        until `failed` or `succeeded`), or why it is refused."""
        with self._lock:
            if client in self._checking:
                return f"Another login from {client} is being checked - wait for its answer"
            wait = self._wait(client)
            if wait > self.HOLD:
                return f"Too many failed logins from {client} - try again in {math.ceil(wait)} s"
            self._checking.add(client)
            return wait

    def wait(self, client: str) -> float:
        """Seconds before `client` may try again (0: now)."""
        with self._lock:
            return self._wait(client)

    def _wait(self, client: str) -> float:
        failures = self._failures.get(client)
        if failures is None:
            return 0.0
        return max(0.0, failures.last + self.delay(failures.count) - self.clock())

    def delay(self, count: int) -> float:
        """Seconds to wait after `count` failures in a row."""
        if count < self.FREE_FAILURES:
            return 0.0
        return min(self.FIRST_WAIT * 2 ** (count - self.FREE_FAILURES), self.LONGEST_WAIT)

    def failed(self, client: str) -> Failures:
        with self._lock:
            self._checking.discard(client)
            failures = self._failures.pop(client, Failures())
            failures.count += 1
            failures.last = self.clock()
            self._failures[client] = failures
            while len(self._failures) > self.MAX_CLIENTS:
                self._failures.popitem(last=False)
            return Failures(failures.count, failures.last)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._checking.discard(client)
            self._failures.pop(client, None)

    def done(self, client: str) -> None:
        """An admitted attempt ended without a verdict (an error, a malformed form)."""
        with self._lock:
            self._checking.discard(client)


class LoginGuard:
    """In front of Gradio when NEWSQA_UI_AUTH is set: slows failed logins (LoginThrottle,
    each failure logged), hardens the session cookies, and refuses anonymous calls to the
    routes Gradio leaves open (reset, cancel, heartbeat, streams, run history, ...).

    `logged_in(scope)` says whether a request's cookies hold a session Gradio issued."""

    def __init__(
        self, app: ASGIApp, throttle: LoginThrottle, logged_in: Callable[[Scope], bool]
    ) -> None:
        self.app = app
        self.throttle = throttle
        self.logged_in = logged_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if scope["type"] == "http" and scope["method"] == "POST" and path in LOGIN_PATHS:
            await self._login(scope, receive, send)
        elif _public(path) or self.logged_in(scope):
            await self.app(scope, receive, send)
        else:
            await refuse(scope, receive, send, 401, "Not logged in - log in on the page first")

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = client_address(scope)
        admitted = self.throttle.admit(client)
        if isinstance(admitted, str):
            retry = max(1, math.ceil(self.throttle.wait(client)))
            await _too_many(scope, receive, send, admitted, retry)
            return
        status: list[int] = []

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                harden_cookies(MutableHeaders(scope=message), https=scope["scheme"] == "https")
            await send(message)

        try:
            await asyncio.sleep(admitted)
            await self.app(scope, receive, send_hardened)
        finally:
            self._record(client, status[0] if status else 0)

    def _record(self, client: str, status: int) -> None:
        if status == 200:
            self.throttle.succeeded(client)
        elif status in (400, 401):
            failures = self.throttle.failed(client)
            wait = self.throttle.delay(failures.count)
            log.warning(
                "failed login from %s (%d in a row)%s",
                client,
                failures.count,
                f"; its next attempt is checked after {wait:.0f} s" if wait else "",
            )
        else:
            self.throttle.done(client)


def harden_cookies(headers: MutableHeaders, *, https: bool) -> None:
    """Gradio's session cookies as SameSite=Lax (its `access-token-*` is SameSite=None for
    embedding in other sites, which this app never is), and Secure when served over HTTPS.
    Over plain HTTP its `access-token-unsecure-*` fallback cannot be Secure: a browser drops
    a Secure cookie sent over HTTP (except to localhost), and the login would not hold."""
    cookies = headers.getlist("set-cookie")
    if not cookies:
        return
    del headers["set-cookie"]
    for cookie in cookies:
        if cookie.startswith("access-token-"):
            parts = [p.strip() for p in cookie.split(";")]
            parts = [p for p in parts if p.lower().split("=")[0] not in ("samesite", "secure")]
            parts.append("SameSite=lax")
            if https or not cookie.startswith("access-token-unsecure-"):
                parts.append("Secure")
            cookie = "; ".join(parts)
        headers.append("set-cookie", cookie)


async def _too_many(scope: Scope, receive: Receive, send: Send, message: str, after: int) -> None:
    from starlette.responses import JSONResponse

    response = JSONResponse(
        {"detail": message}, status_code=429, headers={"Retry-After": str(after)}
    )
    await response(scope, receive, send)


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
