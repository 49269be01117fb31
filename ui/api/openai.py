"""The OpenAI-compatible API under `/v1`: the model `news-qa` and chat completions, plain or
streamed as server-sent events. The answer's text with its `[n]` markers is the message's
content; each marker is an annotation of type `url_citation` (as OpenAI's search models
return them) whose `url` opens the cited span in the chat page."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from index.core.errors import NewsQAError
from qa.types import Answer
from ui.api.errors import OPENAI_PARAMS, ApiError, api_error
from ui.api.models import CitationModel, ConflictModel
from ui.api.openai_models import (
    MODEL_ID,
    Annotation,
    AssistantMessage,
    ChatCompletion,
    ChatRequest,
    Choice,
    Delta,
    ModelCard,
    ModelList,
    NewsQaExtension,
    UrlCitation,
    Usage,
)
from ui.api.service import ApiService, api_service
from ui.api.turns import ChatTurn
from ui.web.render import quoted_segments

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
Service = Annotated[ApiService, Depends(api_service)]
MARKER = re.compile(r"\[(\d+)\]")
STARTED = int(time.time())
DONE = "data: [DONE]\n\n"


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The one model: `news-qa`."""
    return ModelList(data=[ModelCard(created=STARTED)])


@router.get("/models/{model}", response_model=ModelCard)
def read_model(model: str) -> ModelCard:
    known_model(model)
    return ModelCard(created=STARTED)


def known_model(model: str) -> None:
    if model != MODEL_ID:
        raise ApiError(
            404,
            f"The model {model!r} does not exist - this server answers as {MODEL_ID!r}",
            code="model_not_found",
            param="model",
        )


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={200: {"content": {"text/event-stream": {}}, "description": "with stream: true"}},
)
def chat_completions(body: ChatRequest, request: Request, service: Service) -> Response:
    """Answer the last user message from the articles; `stream: true` sends
    `chat.completion.chunk` events ending with `data: [DONE]`."""
    known_model(body.model)
    turn = ChatTurn.of(body)
    reply = Reply(turn, str(request.base_url))
    if not body.stream:
        answer = service.ask(turn)
        service.answered(turn, answer)
        return JSONResponse(reply.completion(answer).model_dump())
    pieces = service.ask_stream(turn)  # a bad question or a missing index is refused here
    live = service.settings.llm == "none"
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    events = reply.events(
        pieces,
        live=live,
        include_usage=include_usage,
        answered=lambda answer: service.answered(turn, answer),
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


class Reply:
    """One completion for `turn`, with links to the cited spans under `base_url`."""

    def __init__(self, turn: ChatTurn, base_url: str) -> None:
        self.turn = turn
        self.base_url = base_url
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def completion(self, answer: Answer) -> ChatCompletion:
        message = AssistantMessage(content=answer.text, **self.cited(answer))
        return ChatCompletion(
            id=self.id,
            created=self.created,
            choices=[Choice(message=message)],
            usage=self.usage(answer),
        )

    def cited(self, answer: Answer) -> dict[str, Any]:
        """The message's annotations, citations and news-qa fields."""
        return {
            "annotations": marker_annotations(answer, self.base_url),
            "citations": [CitationModel.model_validate(c) for c in answer.citations],
            "news_qa": NewsQaExtension(
                grounded=answer.grounded,
                short=answer.short,
                kind=answer.kind,
                mode=answer.mode,
                notes=answer.notes,
                query=answer.query,
                conflicts=[ConflictModel.model_validate(c) for c in answer.conflicts],
                timings_ms=answer.timings_ms,
            ),
        }

    def usage(self, answer: Answer) -> Usage:
        from index.core.text.tokens import count_tokens

        read = sum(count_tokens(text) for text in [*self.turn.said, self.turn.question])
        written = count_tokens(answer.text)
        return Usage(prompt_tokens=read, completion_tokens=written, total_tokens=read + written)

    def events(
        self,
        pieces: Iterator[str | Answer],
        *,
        live: bool,
        include_usage: bool,
        answered: Callable[[Answer], None],
    ) -> Iterator[str]:
        """Server-sent events: the role, the text as it comes, a last chunk with the
        citations and `finish_reason` "stop", the usage when asked, then `[DONE]`.

        Only `live` text (an extractive answer, chosen whole) is sent as it comes: an LLM's
        tokens come before the citation check, and a client cannot take back text the check
        removes - its checked answer is sent once it is done."""
        yield self.chunk(Delta(role="assistant", content=""))
        sent = ""
        try:
            for piece in pieces:
                if isinstance(piece, Answer):
                    answer = piece
                    break
                if live:
                    sent += piece
                    yield self.chunk(Delta(content=piece))
            else:  # pragma: no cover - ask_stream always ends with the Answer
                raise AssertionError("ask_stream ended without an Answer")
            answered(answer)
        except Exception as err:  # the status is sent: the error becomes an event
            yield failure_event(err)
            yield DONE
            return
        rest = answer.text[len(sent) :] if answer.text.startswith(sent) else ""
        if rest:
            yield self.chunk(Delta(content=rest))
        yield self.chunk(Delta(**self.cited(answer)), finish="stop")
        if include_usage:
            yield self.event(
                {**self.head(), "choices": [], "usage": self.usage(answer).model_dump()}
            )
        yield DONE

    def head(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": MODEL_ID,
        }

    def chunk(self, delta: Delta, finish: str | None = None) -> str:
        # Fields the chunk leaves unchanged are left out (None inside a citation is data).
        changed = {key: value for key, value in delta.model_dump().items() if value is not None}
        choice = {"index": 0, "delta": changed, "finish_reason": finish, "logprobs": None}
        return self.event({**self.head(), "choices": [choice]})

    @staticmethod
    def event(data: dict[str, Any]) -> str:
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def failure_event(err: Exception) -> str:
    """An error after the stream began, as OpenAI sends one: `data: {"error": {...}}`."""
    if isinstance(err, NewsQAError):
        refused = api_error(err)
        refused.param = OPENAI_PARAMS.get(refused.param or "", refused.param)
    else:
        log.exception("a streamed answer failed", exc_info=err)
        refused = ApiError(
            500,
            f"Something went wrong on the server ({type(err).__name__}; details are in its log)",
            code="server_error",
        )
    return Reply.event(refused.body())


def marker_annotations(answer: Answer, base_url: str) -> list[Annotation]:
    """A `url_citation` for each `[n]` marker of the answer text (not those inside a quoted
    sentence, which are the article's own), in the order they appear."""
    by_n = {c.n: c for c in answer.citations}
    found: list[Annotation] = []
    at = 0
    for segment, quoted in quoted_segments(answer.text, [c.quote for c in answer.citations]):
        for marker in [] if quoted else MARKER.finditer(segment):
            citation = by_n.get(int(marker[1]))
            if citation is None:
                continue
            query = urlencode(
                {"article": citation.article_id, "start": citation.start, "end": citation.end}
            )
            link = UrlCitation(
                url=f"{base_url}?{query}",
                title=citation.title or citation.article_id,
                start_index=at + marker.start(),
                end_index=at + marker.end(),
            )
            found.append(Annotation(url_citation=link))
        at += len(segment)
    return found


@router.api_route(
    "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def unknown(path: str) -> None:
    raise ApiError(
        404,
        f"No endpoint /v1/{path} - this server answers /v1/models and /v1/chat/completions",
        code="not_found",
    )
