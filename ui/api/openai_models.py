"""The OpenAI chat shapes `/v1` reads and writes: requests as OpenAI-compatible clients send
them (parameters that mean nothing here are accepted and ignored), completions and chunks as
OpenAI returns them, with news-qa's own fields beside OpenAI's: `citations` (the full objects)
and `news_qa` on the message, `outlets`/`since`/`until` on the request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from qa.types import AnswerKind, AnswerMode
from ui.api.models import CitationModel, ConflictModel

MODEL_ID = "news-qa"


class ContentPart(BaseModel):
    """A part of a message's content; only `text` parts can be read."""

    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    name: str | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class ChatRequest(BaseModel):
    """`POST /v1/chat/completions`: the last user message is the question, the messages
    before it the conversation (earlier user messages make follow-ups stand alone)."""

    # OpenAI's other parameters (temperature, max_tokens, tools, ...) are accepted and ignored.
    model_config = ConfigDict(extra="allow")
    model: str = Field(examples=[MODEL_ID])
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = Field(None, description="accepted; not used yet")
    outlets: list[str] | str | None = Field(None, description="news-qa: only these outlets")
    since: str | None = Field(None, description="news-qa: only articles on or after YYYY-MM-DD")
    until: str | None = Field(None, description="news-qa: only articles on or before YYYY-MM-DD")


class UrlCitation(BaseModel):
    """A cited span: `url` opens it in the chat page; `content[start_index:end_index]` is its
    `[n]` marker in the message."""

    url: str
    title: str
    start_index: int
    end_index: int


class Annotation(BaseModel):
    type: Literal["url_citation"] = "url_citation"
    url_citation: UrlCitation


class NewsQaExtension(BaseModel):
    """news-qa's reading of the answer beside OpenAI's fields."""

    model_config = ConfigDict(title="NewsQaExtension")
    grounded: bool = Field(description="false when the articles do not support an answer")
    short: str = Field(description='the short answer ("Yes", a number, a name) or ""')
    kind: AnswerKind
    mode: AnswerMode
    notes: list[str]
    query: str = Field(description="the question as searched")
    conflicts: list[ConflictModel]
    timings_ms: dict[str, float]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None
    annotations: list[Annotation]
    citations: list[CitationModel] = Field(description="news-qa: the source of each [n]")
    news_qa: NewsQaExtension


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Counted in cl100k tokens: the messages read, and the answer."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    usage: Usage


class Delta(BaseModel):
    """A chunk's change to the message; the last one carries the annotations and news-qa's
    fields, with `finish_reason` "stop"."""

    role: Literal["assistant"] | None = None
    content: str | None = None
    annotations: list[Annotation] | None = None
    citations: list[CitationModel] | None = None
    news_qa: NewsQaExtension | None = None


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "news-qa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
