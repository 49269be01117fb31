"""The MCP tools and resources over `qa.api`: the same calls and settings as the CLI.

Each tool returns its model (structured content) with a text rendering beside it. Our errors
(no index, a bad filter, an empty question) become tool errors carrying their message, which
names the fix; anything else is logged (to stderr) and said as a general failure by the SDK.
"""

from __future__ import annotations

import logging
from typing import Annotated

from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import CallToolResult, Resource, TextContent
from pydantic import Field

from index.core.errors import IndexMissingError, NewsQAError
from index.core.settings import Settings
from ui.mcp.shapes import ArticleList, AskResult, ListedArticle, SearchResult, article_uri

log = logging.getLogger(__name__)

Outlets = Annotated[
    list[str] | None,
    Field(description="only articles from these outlets (list_articles names them)"),
]
Day = Annotated[str | None, Field(description="YYYY-MM-DD, both ends included")]
PassageCount = Annotated[int, Field(ge=1, le=50, description="how many passages, 1-50")]


class NewsTools:
    """The tools (`ask`, `search`, `list_articles`) and the article resources of one
    `news-qa mcp` process, over `settings` (read once, like the CLI)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ask(
        self,
        question: str,
        outlets: Outlets = None,
        since: Day = None,
        until: Day = None,
    ) -> Annotated[CallToolResult, AskResult]:
        """Answer a question from the indexed news articles. The answer's [n] markers point
        at its citations: the exact sentence quoted from each article, with its character
        offsets, outlet and date. `grounded` is false when the articles do not answer it."""
        from qa import ask

        try:
            answer = ask(
                question, settings=self.settings, outlets=outlets, since=since, until=until
            )
        except NewsQAError as err:
            raise ToolError(str(err)) from None
        result = AskResult.of(answer)
        return _result(result, result.rendered())

    def search(self, query: str, k: PassageCount = 5) -> Annotated[CallToolResult, SearchResult]:
        """Find the passages of the indexed articles that best match a query, best first,
        each with its article id, character offsets, text and score."""
        from qa import retrieve
        from ui.mcp.shapes import FoundPassage

        try:
            passages = retrieve(query, k, settings=self.settings)
        except NewsQAError as err:
            raise ToolError(str(err)) from None
        result = SearchResult(query=query, passages=[FoundPassage.of(p) for p in passages])
        return _result(result, result.rendered())

    def list_articles(self) -> Annotated[CallToolResult, ArticleList]:
        """List every article (id, title, outlet, date) and its status: indexed, new or
        changed (not answerable until the index is updated), removed, or skipped and why."""
        from index.status.catalog import article_rows

        try:
            rows = article_rows(self.settings)
        except NewsQAError as err:
            raise ToolError(str(err)) from None
        result = ArticleList(articles=[ListedArticle.of(r) for r in rows])
        return _result(result, result.rendered())

    def article_resources(self) -> list[Resource]:
        """A resource per article of the live index (read from its manifest: no model)."""
        from index.status.summary import index_status

        try:
            articles = index_status(self.settings).manifest.articles
        except IndexMissingError as err:
            log.warning("no article resources: %s", err)
            return []
        return [
            Resource(
                uri=article_uri(article_id),
                name=article_id,
                title=entry.title or article_id,
                description=", ".join(x for x in (entry.outlet, entry.date) if x)
                or "undated, outlet unknown",
                mime_type="text/plain",
            )
            for article_id, entry in sorted(articles.items())
        ]

    def read_article(self, article_id: str) -> str:
        """The cleaned text of an indexed article: citation offsets index into it."""
        from qa import article_text

        try:
            return article_text(article_id, settings=self.settings)
        except NewsQAError as err:
            raise ResourceNotFoundError(str(err)) from None


def _result(model: AskResult | SearchResult | ArticleList, text: str) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content=model.model_dump(mode="json"),
    )
