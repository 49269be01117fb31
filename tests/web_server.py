"""A loopback web server for the fetch tests: pages, feeds and every bad case, by path.

http.server in a thread on 127.0.0.1; each `Reply` says what one path answers: its status,
type, body, headers, a delay before answering, an endless stream of filler (a huge page), or
304 Not Modified for a matching ETag. What was asked and how much of a stream went out are
recorded, so tests can tell what news-qa fetched and where it stopped reading.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Bytes of filler sent in 64 KB pieces, without a Content-Length.
    stream: int = 0
    # Answer 304 Not Modified to a request carrying this ETag in If-None-Match.
    etag: str | None = None
    # Also send this Content-Length (a lie, or the truth about a stream).
    length: int | None = None


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int


class WebServer:
    """Serves `routes` (path with query, else path alone, -> Reply) on 127.0.0.1."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.hits: list[Hit] = []
        self.streamed: dict[str, int] = {}
        self._lock = threading.Lock()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, reply: Reply) -> str:
        """Serve `reply` at `path`; returns its address."""
        self.routes[path] = reply
        return self.url(path)

    def hits_of(self, path: str) -> list[Hit]:
        """The requests for `path` (with any query, unless `path` has one)."""
        with self._lock:
            return [
                h for h in self.hits if (h.path if "?" in path else h.path.split("?")[0]) == path
            ]

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(web: WebServer) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            reply = web.routes.get(self.path) or web.routes.get(self.path.split("?")[0])
            if reply is None:
                reply = Reply(b"<html><body><p>Not found</p></body></html>", status=404)
            time.sleep(reply.delay)
            etag = self.headers.get("If-None-Match")
            status = 304 if reply.etag and etag == reply.etag else reply.status
            web.record(Hit(self.path, dict(self.headers.items()), status))
            # The client may give up reading (a cap, a timeout): what went out is recorded.
            with suppress(BrokenPipeError, ConnectionResetError):
                self._answer(reply, status)

        def _answer(self, reply: Reply, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Type", reply.content_type)
            if reply.etag:
                self.send_header("ETag", reply.etag)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if status == 304:
                self.end_headers()
                return
            if reply.length is not None:
                self.send_header("Content-Length", str(reply.length))
            elif not reply.stream:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if not reply.stream:
                self.wfile.write(reply.body)
                return
            sent, piece = 0, b"<p>" + b"filler " * 9362 + b"</p>\n"  # ~64 KB
            web.streamed[self.path] = 0
            while sent < reply.stream:
                self.wfile.write(piece)
                self.wfile.flush()
                sent += len(piece)
                web.streamed[self.path] = sent

    return Handler


@contextmanager
def serving() -> Iterator[WebServer]:
    web = WebServer().start()
    try:
        yield web
    finally:
        web.close()
