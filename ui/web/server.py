"""The web server: a FastAPI app of ours with the doors in front (Host, Origin, body size,
logins), Gradio mounted under it at `/`, served by uvicorn.

Why not `Blocks.launch()`: it builds and starts its own app, and a started Starlette app takes
no more middleware; its CORS middleware allows credentials to any origin when the Host is
not a localhost name, and to every localhost port. Mounted (`gr.mount_gradio_app`), Gradio
runs inside an app we own: our middleware sees every request first, our CORSMiddleware
replaces Gradio's, and other routes (a REST API) can join the same app - added before
`mount_gradio_app`, since the mount at `/` answers every path after it.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection
from starlette.types import Scope

from index.core.settings import Settings
from ui.web.app import build_app, launch_options, queued
from ui.web.doors import BodyCap, HostGuard, HostNames
from ui.web.logins import LoginGuard, LoginThrottle

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI
    from gradio.routes import App

STARTUP_SECONDS = 60.0


def web_app(settings: Settings, blocks: gr.Blocks, host: str, port: int) -> FastAPI:
    """The whole app: the service API (ui/api) and `blocks` (queued) mounted at `/`, behind
    the doors, for `host`:`port`. ConfigError for a bind beyond loopback without API keys."""
    import gradio as gr
    from fastapi import FastAPI
    from starlette.middleware.cors import CORSMiddleware

    from ui.api.service import add_api

    # The OpenAPI document lists the service API's routes only (Gradio's are in its own app).
    app = FastAPI(
        title="news-qa",
        summary="Answers from your news articles, every claim cited to its exact span.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    # The pages are served from this origin and need no CORS; no other origin gets any
    # (with this in place Gradio adds none of its own).
    app.add_middleware(CORSMiddleware, allow_origins=[])
    add_api(app, settings, host)
    options = {**launch_options(settings), "server_name": host, "server_port": port}
    options.pop("share")
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        # FastAPI's own /openapi.json would list every route to anyone.
        app_kwargs={"openapi_url": None},
        pwa=False,
        ssr_mode=False,
        **options,
    )
    if settings.ui_auth:
        app.add_middleware(
            LoginGuard, throttle=LoginThrottle(), logged_in=GradioSessions(mounted_gradio(app))
        )
    app.add_middleware(
        BodyCap,
        max_request_bytes=settings.max_request_bytes,
        max_article_bytes=settings.max_article_bytes,
    )
    app.add_middleware(HostGuard, names=HostNames.build(host, settings.allowed_hosts))
    return app


def mounted_gradio(app: FastAPI) -> App:
    """The Gradio app `mount_gradio_app` mounted in `app`."""
    from gradio.routes import App
    from starlette.routing import Mount

    for route in app.routes:
        if isinstance(route, Mount) and isinstance(route.app, App):
            return route.app
    raise LookupError("no Gradio app is mounted")


class GradioSessions:
    """Whether a request carries a session cookie Gradio issued at login (the check Gradio's
    own `login_check` makes, for the routes that skip it)."""

    def __init__(self, gradio: App) -> None:
        self.gradio = gradio

    def __call__(self, scope: Scope) -> bool:
        cookies = HTTPConnection(scope).cookies
        cookie_id = self.gradio.cookie_id
        token = cookies.get(f"access-token-{cookie_id}") or cookies.get(
            f"access-token-unsecure-{cookie_id}"
        )
        return token is not None and token in self.gradio.tokens


class WebServer:
    """The chat UI served on `host`:`port`: `run()` until Ctrl-C (news-qa serve), or
    `start()` in a thread and `close()` (tests)."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str | None = None,
        port: int | None = None,
        blocks: gr.Blocks | None = None,
    ) -> None:
        import uvicorn

        self.host = host or settings.host
        self.port = port or settings.port
        self.blocks = blocks or queued(build_app(settings))
        self.app = web_app(settings, self.blocks, self.host, self.port)
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            timeout_graceful_shutdown=3,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def run(self) -> None:
        print(
            f"news-qa on {self.url}/ - chat page at /, REST API at /api (docs: /api/docs), "
            "OpenAI-compatible API at /v1 (Ctrl-C stops it)",
            flush=True,
        )
        self.server.run()

    def start(self) -> WebServer:
        """Serve in a background thread; returns once the server accepts connections."""
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"The UI could not start on {self.url} - is the port in use?")
            time.sleep(0.02)
        return self

    def close(self) -> None:
        self.blocks._queue.close()
        mounted_gradio(self.app).stop_event.set()  # ends the open heartbeat streams
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
