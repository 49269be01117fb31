"""`news-qa mcp`: the tools and article resources over stdio, with the official `mcp` SDK.

stdout carries only protocol messages: the SDK's stdio transport points the process's own
stdout at stderr while it serves, and every log line goes to stderr.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.types import Resource, ToolAnnotations

from index.core.settings import Settings
from ui.mcp.shapes import ARTICLE_URI
from ui.mcp.tools import NewsTools

log = logging.getLogger(__name__)

INSTRUCTIONS = (
    "Answers questions from a folder of news articles. `ask` answers with [n] markers and, "
    "for each, the exact sentence quoted from an article (character offsets, outlet, date); "
    "`search` returns passages; `list_articles` what is indexed. Read a whole article at "
    "news-qa://article/{id}. Filters: outlets (names as list_articles gives them), since and "
    "until (YYYY-MM-DD)."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)


class NewsServer(MCPServer[Any]):
    """An MCPServer whose resource list is read from the index at each request, so articles
    added by `news-qa index` while it runs are listed without a restart."""

    def __init__(self, tools: NewsTools) -> None:
        super().__init__(
            name="news-qa",
            title="news-qa",
            instructions=INSTRUCTIONS,
            log_level="WARNING",
            lifespan=_warm_engine,
        )
        self.news = tools
        for tool in (tools.ask, tools.search, tools.list_articles):
            self.add_tool(tool, description=inspect.getdoc(tool), annotations=READ_ONLY)
        self.resource(
            ARTICLE_URI,
            name="article",
            title="A news article (cleaned text)",
            description="The cleaned text of an indexed article; citation offsets index it.",
            mime_type="text/plain",
        )(tools.read_article)

    async def list_resources(self) -> list[Resource]:
        static = await super().list_resources()
        return [*static, *await anyio.to_thread.run_sync(self.news.article_resources)]


def build_server(settings: Settings) -> NewsServer:
    return NewsServer(NewsTools(settings))


@asynccontextmanager
async def _warm_engine(server: MCPServer[Any]) -> AsyncIterator[None]:
    """Load the models and the index in the background once the transport is up, so the
    first question does not pay for it; a failure (no index yet) is logged, and said again
    by the first tool call."""
    if isinstance(server, NewsServer):
        settings = server.news.settings
        threading.Thread(target=_open_engine, args=(settings,), daemon=True).start()
    yield


def _open_engine(settings: Settings) -> None:
    from index.core.errors import NewsQAError
    from qa.engine.engine import open_engine

    try:
        open_engine(settings)
    except NewsQAError as err:
        log.warning("%s", err)


def serve_stdio(settings: Settings) -> None:
    """Serve over stdin/stdout until the client closes them."""
    logging.basicConfig(level=logging.WARNING, format="news-qa mcp: %(levelname)s %(message)s")
    build_server(settings).run("stdio")
