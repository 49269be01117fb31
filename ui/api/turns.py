"""One chat turn asked through `/v1`: the question and the conversation it came in, read from
OpenAI's messages; and `TurnLog`, where an answered turn can be kept (the one place a
"save this turn" goes: ApiService.answered)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from qa.types import Answer
from ui.api.errors import ApiError
from ui.api.openai_models import ChatMessage, ChatRequest


@dataclass(frozen=True)
class ChatTurn:
    """- `question`: the last user message's text.
    - `history`: the user messages before it (what `qa.ask` reads for follow-ups).
    - `said`: every message before it (held to the conversation limits).
    - `user`, `conversation_id`: who asks and in which conversation, when the client says.
    """

    question: str
    history: list[str]
    said: list[str]
    user: str | None
    conversation_id: str | None
    outlets: list[str] | str | None
    since: str | None
    until: str | None

    @classmethod
    def of(cls, request: ChatRequest) -> ChatTurn:
        texts = [(m.role, message_text(m, i)) for i, m in enumerate(request.messages)]
        asked = [i for i, (role, _) in enumerate(texts) if role == "user"]
        if not asked:
            raise ApiError(
                400,
                "No user message - the last message with role 'user' is the question",
                code="invalid_value",
                param="messages",
            )
        earlier = texts[: asked[-1]]
        extra = request.model_extra or {}
        conversation = extra.get("conversation_id")
        return cls(
            question=texts[asked[-1]][1],
            history=[text for role, text in earlier if role == "user"],
            said=[text for _, text in earlier],
            user=request.user,
            conversation_id=str(conversation) if conversation is not None else None,
            outlets=request.outlets,
            since=request.since,
            until=request.until,
        )


def message_text(message: ChatMessage, number: int) -> str:
    """A message's text: its content, or its text parts joined; other parts are refused."""
    content = message.content
    if content is None or isinstance(content, str):
        return content or ""
    unread = [part.type for part in content if part.type != "text"]
    if unread:
        raise ApiError(
            400,
            f"messages.{number}: a {unread[0]!r} part cannot be read - news-qa reads text only",
            code="invalid_value",
            param="messages",
        )
    return "".join(part.text or "" for part in content)


class TurnLog(Protocol):
    """Where answered turns are kept (saved conversations): `record` is called once per
    answered turn, streamed or not."""

    def record(self, turn: ChatTurn, answer: Answer) -> None: ...
