"""Who may knock at the web server: the Host a request names, the page that sends a change
(Origin), and how much a request may carry. Pure ASGI middleware around the whole app
(ui/web/server.py puts them in front of Gradio).

Written here rather than taken from Starlette's TrustedHostMiddleware: its refusal is a bare
"Invalid host header" that names no fix, and the Origin check needs the same host list.
Streamed bodies are counted by Starlette's RequestBodyLimitMiddleware.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
# Methods that change something; a browser sends Origin with each of them.
CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_PATHS = ("/gradio_api/upload", "/gradio_api/upload/")
# The service API (ui/api): its refusals come in its own error shape.
API_PREFIXES = ("/api/", "/v1/")
API_UPLOAD_PATH = "/api/articles"
# Room for the multipart form around one uploaded article.
FORM_BYTES = 64_000


@dataclass(frozen=True)
class HostNames:
    """The names the server answers to: loopback ones, the address it is bound to (unless a
    wildcard) and NEWSQA_ALLOWED_HOSTS (`configured`, whose pages may also send changes)."""

    allowed: frozenset[str]
    configured: frozenset[str]

    @classmethod
    def build(cls, bind_host: str, configured: Iterable[str]) -> HostNames:
        extra = {name.strip("[]").lower() for name in configured}
        bound = {bind_host.strip("[]").lower()} - set(WILDCARD_BINDS)
        return cls(frozenset({*LOOPBACK_NAMES, *bound, *extra}), frozenset(extra))

    def host_refusal(self, host: str | None) -> str | None:
        """Why a request naming `host` (its Host header) is refused, or None."""
        if not host:
            return "The request has no Host header - send the server's address as Host"
        name = _hostname(host)
        if name in self.allowed:
            return None
        # The names it does know are not listed: a rebinding page can read this answer.
        return (
            f"Host {host!r} is not served here - open the server by its own address (such as "
            "127.0.0.1), or add the name to NEWSQA_ALLOWED_HOSTS on the server"
        )

    def origin_refusal(self, origin: str | None, host: str) -> str | None:
        """Why a change sent from the page at `origin` is refused, or None. Trusted: the
        server's own origin (same host and port as the request's Host) and the names of
        NEWSQA_ALLOWED_HOSTS; no Origin at all is a client that is not a browser."""
        if origin is None:
            return None
        parts = urlsplit(origin)
        if origin != "null" and parts.netloc.lower() == host.lower():
            return None
        if origin != "null" and (parts.hostname or "") in self.configured:
            return None
        return (
            f"Changes from the page at {origin!r} are refused: only this server's own pages "
            "may send them (add a trusted host name to NEWSQA_ALLOWED_HOSTS)"
        )


def _hostname(host: str) -> str:
    try:
        return (urlsplit(f"//{host}").hostname or "").lower()
    except ValueError:
        return ""


# The API's error `type` and `code` for each refusal (OpenAI's error shape).
API_REFUSALS = {
    400: ("invalid_request_error", "host_refused"),
    401: ("authentication_error", "not_logged_in"),
    403: ("permission_error", "origin_refused"),
    413: ("invalid_request_error", "request_too_large"),
}


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer `message` with `status`: JSON `{"detail": ...}` like FastAPI's errors, or on
    the API's paths its `{"error": {"message", "type", "param", "code"}}`."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
        return
    headers = {"Connection": "close"}
    body: dict[str, object] = {"detail": message}
    if scope["path"].startswith(API_PREFIXES):
        kind, code = API_REFUSALS.get(status, ("invalid_request_error", "refused"))
        body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    response = JSONResponse(body, status_code=status, headers=headers)
    await response(scope, receive, send)


class HostGuard:
    """Refuses a Host the server does not answer to (DNS rebinding), and a change sent from
    another site's page (cross-site request forgery)."""

    def __init__(self, app: ASGIApp, names: HostNames) -> None:
        self.app = app
        self.names = names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host")
        refusal = self.names.host_refusal(host)
        status = 400
        changing = scope["type"] == "websocket" or scope["method"] in CHANGING_METHODS
        if refusal is None and changing:
            refusal, status = self.names.origin_refusal(headers.get("origin"), host or ""), 403
        if refusal is None:
            await self.app(scope, receive, send)
            return
        log.warning(
            "refused %s %s from %s: %s",
            scope.get("method", "WS"),
            scope["path"],
            client_address(scope),
            refusal,
        )
        await refuse(scope, receive, send, status, refusal)


# One upload request may carry this many articles of NEWSQA_MAX_ARTICLE_BYTES (Gradio checks
# each file's size and streams them to disk).
UPLOAD_FILES = 50


class BodyCap:
    """Refuses a request body over NEWSQA_MAX_REQUEST_BYTES (a Gradio upload: UPLOAD_FILES
    articles of NEWSQA_MAX_ARTICLE_BYTES; an upload to the API: one article and its form)
    before reading it when Content-Length says so, with a message naming the setting; a
    streamed body is cut by Starlette's counter once it passes."""

    def __init__(self, app: ASGIApp, max_request_bytes: int, max_article_bytes: int) -> None:
        self.app = app
        self.limits = {
            "request": (max_request_bytes, "NEWSQA_MAX_REQUEST_BYTES"),
            "upload": (
                UPLOAD_FILES * max_article_bytes,
                f"an upload may carry {UPLOAD_FILES} articles of NEWSQA_MAX_ARTICLE_BYTES",
            ),
            "article": (
                max_article_bytes + FORM_BYTES,
                "one article of NEWSQA_MAX_ARTICLE_BYTES and its form",
            ),
        }
        self.counted = {
            kind: RequestBodyLimitMiddleware(app, max_body_size=limit)
            for kind, (limit, _) in self.limits.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = self.kind(scope)
        limit, allowed = self.limits[kind]
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            message = (
                f"The request is too large ({int(declared):,} bytes; at most {limit:,}: "
                f"{allowed}) - send less"
            )
            await refuse(scope, receive, send, 413, message)
            return
        await self.counted[kind](scope, receive, send)

    @staticmethod
    def kind(scope: Scope) -> str:
        if scope["path"] in UPLOAD_PATHS:
            return "upload"
        if scope["path"] == API_UPLOAD_PATH and scope["method"] == "POST":
            return "article"
        return "request"


def client_address(scope: Scope) -> str:
    """The client's address as uvicorn saw it (a proxy's X-Forwarded-For only from loopback)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
