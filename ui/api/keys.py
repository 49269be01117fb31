"""Who may call the API (`/api`, `/v1`): a key of NEWSQA_API_KEYS sent as
`Authorization: Bearer KEY`, each key held to NEWSQA_API_RATE requests a minute.

Without keys the API answers only requests made to this machine (a loopback Host name, from a
loopback address), and `news-qa serve` refuses to bind beyond loopback. With NEWSQA_UI_AUTH
set and no keys the API is closed: the page's logins are not API keys, and an open API would
walk round them. The docs page and the OpenAPI document are open: they hold no data.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from index.core.errors import ConfigError
from index.core.settings import Settings
from ui.api.errors import ApiError
from ui.web.doors import API_PREFIXES, LOOPBACK_NAMES, client_address

log = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/api/openapi.json", "/api/docs"})
OPEN_PREFIXES = ("/api/docs/",)
KEY_HINT = "send one of NEWSQA_API_KEYS as the header Authorization: Bearer KEY"


def is_loopback(host: str) -> bool:
    """Whether binding to `host` serves this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to serve the API beyond loopback without keys (ConfigError naming the fix)."""
    if settings.api_keys or is_loopback(host):
        return
    raise ConfigError(
        f"news-qa serve --host {host} would open the API (/api, /v1) to other machines without "
        "keys - set NEWSQA_API_KEYS (comma-separated keys of 16+ characters), or serve on "
        "127.0.0.1. NEWSQA_UI_AUTH logins guard the chat page only.",
        setting="NEWSQA_API_KEYS",
    )


class ApiKeys:
    """The keys, kept as SHA-256 digests: a presented key is compared with every one in
    constant time (`hmac.compare_digest` on equal-length digests, no early exit)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._digests = [hashlib.sha256(key.encode()).digest() for key in keys]

    def __bool__(self) -> bool:
        return bool(self._digests)

    def match(self, presented: str) -> int | None:
        """The number of the key presented, or None."""
        given = hashlib.sha256(presented.encode("utf-8", "replace")).digest()
        found = None
        for number, digest in enumerate(self._digests):
            if hmac.compare_digest(given, digest) and found is None:
                found = number
        return found


class ApiAccess:
    """The check every API request passes before it is read (`refusal`)."""

    def __init__(self, settings: Settings) -> None:
        self.keys = ApiKeys(settings.api_keys)
        self.closed = bool(settings.ui_auth) and not self.keys
        # limits' moving window: at most `api_rate` hits in any 60 s, kept per key in memory.
        self.rate = RateLimitItemPerMinute(settings.api_rate) if settings.api_rate else None
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def refusal(self, scope: Scope) -> ApiError | None:
        headers = Headers(scope=scope)
        if self.closed:
            return ApiError(
                401,
                "The API needs a key: set NEWSQA_API_KEYS on the server (NEWSQA_UI_AUTH "
                "logins are for the chat page)",
                code="api_closed",
            )
        if not self.keys:
            return self._loopback_only(scope, headers)
        scheme, _, presented = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return ApiError(401, f"No API key - {KEY_HINT}", code="missing_api_key")
        number = self.keys.match(presented.strip())
        if number is None:
            log.warning("wrong API key from %s", client_address(scope))
            return ApiError(401, f"Wrong API key - {KEY_HINT}", code="invalid_api_key")
        return self._limited(number)

    def _loopback_only(self, scope: Scope, headers: Headers) -> ApiError | None:
        try:
            host = urlsplit(f"//{headers.get('host') or ''}").hostname or ""
        except ValueError:
            host = ""
        # A proxy says whom it forwards for: someone elsewhere, who needs a key.
        proxied = "x-forwarded-for" in headers or "forwarded" in headers
        if host in LOOPBACK_NAMES and is_loopback(client_address(scope)) and not proxied:
            return None
        return ApiError(
            401,
            "Without NEWSQA_API_KEYS the API answers this machine only (127.0.0.1) - set "
            "NEWSQA_API_KEYS on the server, then send a key as Authorization: Bearer KEY",
            code="missing_api_key",
        )

    def _limited(self, number: int) -> ApiError | None:
        if self.rate is None or self.limiter.hit(self.rate, str(number)):
            return None
        reset, _ = self.limiter.get_window_stats(self.rate, str(number))
        wait = max(1, math.ceil(reset - time.time()))
        return ApiError(
            429,
            f"Too many requests with this key (NEWSQA_API_RATE={self.rate.amount} a minute) "
            f"- wait {wait} s",
            code="rate_limit_exceeded",
            headers={"Retry-After": str(wait)},
        )


def guarded(path: str) -> bool:
    return path.startswith(API_PREFIXES) and not (
        path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
    )


class ApiGuard:
    """Pure ASGI middleware: refuses an API request without a good key, or over its rate,
    before its body is read."""

    def __init__(self, app: ASGIApp, access: ApiAccess) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and guarded(scope["path"]):
            refused = self.access.refusal(scope)
            if refused is not None:
                await refused.response()(scope, receive, send)
                return
        await self.app(scope, receive, send)
