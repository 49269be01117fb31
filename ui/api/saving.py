"""`/v1` turns kept as saved conversations: a call that carries a `user` or a
`conversation_id` is saved in the ConversationStore, as the chat page saves its answers, and
shows in the chat's Conversations column of that user (NEWSQA_UI_AUTH login name; without
logins, the shared list when no `user` is given).

OpenAI's protocol has no conversation id: a client sends the whole history each time. So a
call without `conversation_id` is filed under one derived from its `user` and the
conversation's first question, and every later call of that conversation lands in the same
place; a client that starts two conversations with the same question keeps them apart by
sending `conversation_id` (extra_body in the openai client).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, replace

from index.core.errors import NewsQAError
from index.core.settings import Settings
from qa.types import Answer
from ui.api.errors import ApiError
from ui.api.turns import ChatTurn
from ui.conversations.store import CLIENT_ID, ConversationStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedTurn:
    """- `answer`: the answer as sent (with a note when it could not be saved).
    - `conversation_id`: where it was saved; None when the call asked for no saving (no
      `user`, no `conversation_id`) or saving failed."""

    answer: Answer
    conversation_id: str | None


def conversation_of(turn: ChatTurn) -> str | None:
    """The conversation `turn` goes in: the one it names, else one derived from its user and
    first question; None when it names neither a user nor a conversation."""
    if turn.conversation_id is not None:
        return turn.conversation_id
    if not turn.user:
        return None
    first = turn.history[0] if turn.history else turn.question
    digest = hashlib.sha256(f"{turn.user}\n{first}".encode()).hexdigest()
    return f"v1-{digest[:32]}"


def check_conversation_id(conversation_id: str | None) -> None:
    if conversation_id is not None and not CLIENT_ID.fullmatch(conversation_id):
        raise ApiError(
            400,
            "conversation_id must be 1-128 letters, digits or . _ : - characters",
            code="invalid_value",
            param="conversation_id",
        )


class ConversationLog:
    """The service's TurnLog: saves each answered turn that asks to be saved."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: ConversationStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> ConversationStore:
        # Opened on first use: a damaged file then costs a note on an answer, not the server.
        with self._lock:
            if self._store is None:
                self._store = ConversationStore(self.settings.data_dir)
            return self._store

    def check(self, turn: ChatTurn) -> None:
        """Refuses, before any answering, a conversation id that is malformed or someone
        else's (404, as for a conversation that does not exist)."""
        check_conversation_id(turn.conversation_id)
        conversation_id = conversation_of(turn)
        if conversation_id is None:
            return
        try:
            taken = self.store.held_by_another(conversation_id, owner=turn.user or "")
        except NewsQAError:
            return  # said on the answer by `record`, which meets the same failure
        if taken:
            raise ApiError(
                404,
                f"No saved conversation {conversation_id!r} for this user - leave "
                "conversation_id out to start a new one",
                code="conversation_not_found",
                param="conversation_id",
            )

    def record(self, turn: ChatTurn, answer: Answer) -> SavedTurn:
        conversation_id = conversation_of(turn)
        if conversation_id is None:
            return SavedTurn(answer, None)
        owner = turn.user or ""
        try:
            self.store.ensure(conversation_id, owner=owner)
            self.store.append(conversation_id, answer, owner=owner)
        except NewsQAError as err:
            log.warning("a /v1 answer was not saved: %s", err)
            note = f"This answer was not saved in the conversation: {err}"
            return SavedTurn(replace(answer, notes=[*answer.notes, note]), None)
        return SavedTurn(answer, conversation_id)
