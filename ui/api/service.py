"""The API's place on the web server: `add_api` puts the REST and OpenAI-compatible routes,
the docs page, the error handlers and the key check on the app ui/web/server.py builds, and
`ApiService` is what the routes share (settings, index jobs, where answered turns go)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request, Security
from fastapi.security import HTTPBearer

from index.core.settings import Settings
from qa.types import Answer
from ui.api.jobs import IndexJobs
from ui.api.saving import ConversationLog, SavedTurn
from ui.api.turns import ChatTurn
from ui.web.app import CONCURRENT_ANSWERS


class ApiService:
    """One per server: the settings, the index jobs, and the saved conversations `/v1`
    turns go in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs = IndexJobs(settings)
        self.conversations = ConversationLog(settings)
        # Answers are CPU work: taken a few at a time they come back in order, where twenty
        # side by side would share the cores and all finish last (the UI's queue does the same).
        self.answering = threading.BoundedSemaphore(CONCURRENT_ANSWERS)

    def ask(self, turn: ChatTurn) -> Answer:
        from qa import ask

        self.check(turn)
        with self.answering:
            return ask(turn.question, **self._arguments(turn))

    def ask_stream(self, turn: ChatTurn) -> Iterator[str | Answer]:
        """The answer's pieces; the first is ready (an extractive answer is chosen whole in
        it; an LLM's is its first token), so a refusal comes before anything is sent."""
        from qa import ask_stream

        self.check(turn)
        pieces = ask_stream(turn.question, **self._arguments(turn))
        with self.answering:
            first = next(pieces)
        return itertools.chain([first], pieces)

    def _arguments(self, turn: ChatTurn) -> dict[str, Any]:
        """What `qa.ask` and `qa.ask_stream` take besides the question."""
        return {
            "settings": self.settings,
            "history": turn.history,
            "outlets": turn.outlets,
            "since": turn.since,
            "until": turn.until,
        }

    def check(self, turn: ChatTurn) -> None:
        """The conversation's limits, on every message as in the chat page."""
        from qa.api import check_history

        check_history(turn.said, self.settings)
        self.conversations.check(turn)

    def answered(self, turn: ChatTurn, answer: Answer) -> SavedTurn:
        """Called once for every turn answered through `/v1`, streamed or not: saves it when
        it carries a `user` or a `conversation_id`."""
        return self.conversations.record(turn, answer)


def api_service(request: Request) -> ApiService:
    """The routes' dependency: the service `add_api` put on the app."""
    service: ApiService = request.app.state.news_qa
    return service


def add_api(app: FastAPI, settings: Settings, host: str) -> ApiService:
    """`/api` and `/v1` on `app` (before Gradio's mount at `/`, which answers every path after
    it); refuses a bind beyond loopback without NEWSQA_API_KEYS (ConfigError)."""
    from ui.api import openai, rest
    from ui.api.docs import add_docs
    from ui.api.errors import add_error_handlers
    from ui.api.keys import ApiAccess, ApiGuard, check_bind

    check_bind(settings, host)
    service = ApiService(settings)
    app.state.news_qa = service
    # Says in the OpenAPI document that a key goes in the Authorization header (the docs
    # page's Authorize button); ApiGuard checks it before a request is read.
    keyed = [Security(HTTPBearer(auto_error=False, description="one of NEWSQA_API_KEYS"))]
    app.include_router(openai.router, dependencies=keyed)
    add_docs(app)
    app.include_router(rest.router, dependencies=keyed)  # last: its catch-all takes the rest
    add_error_handlers(app)
    app.add_middleware(ApiGuard, access=ApiAccess(settings))
    return service
