"""The chat's saved conversations, free of layout: saving answers as they come, the list,
reopening one, ratings and the export files (ui/web/history.py wires them to the page).

Each browser tab holds a `ChatSession`: the conversation it saves into and which chat
message shows which saved answer. Conversations belong to the logged-in user
(NEWSQA_UI_AUTH), or to "" without logins.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from index.core.errors import ConversationNotFoundError
from index.core.settings import Settings
from qa.types import Answer
from ui.conversations.records import ConversationSummary
from ui.conversations.store import ConversationStore
from ui.web.chat import Message, answer_message, message_text
from ui.web.render import escape_text, shorten

LIST_TITLE = 70
# Chatbot feedback values for a saved rating (the Chatbot shows them as thumbs).
THUMBS = {1: "Like", -1: "Dislike"}
DELETED_ELSEWHERE = (
    "The conversation this chat was saved in was deleted (in another tab?): "
    "its answers from here on are saved as a new conversation."
)


@dataclass(frozen=True)
class ChatSession:
    """The saved conversation a tab is in (None until its first answer is saved), and
    `(chat message index, turn id)` of each answer saved from it, oldest first."""

    conversation_id: str | None = None
    saved: tuple[tuple[int, int], ...] = ()

    def turn_at(self, message: int) -> int | None:
        """The saved answer shown at chat message `message`, if any."""
        return next((turn for at, turn in self.saved if at == message), None)


class Reopened(NamedTuple):
    """A saved conversation as the chat shows it."""

    history: list[Message]
    answers: list[Answer]
    session: ChatSession
    feedback: list[str | None]


class SavedChats:
    """The chat's use of the ConversationStore of `settings.data_dir`."""

    def __init__(self, settings: Settings) -> None:
        self.store = ConversationStore(settings.data_dir)
        self._exports: Path | None = None

    def save(
        self, session: ChatSession, history: list[Message], answers: list[Answer], owner: str
    ) -> tuple[ChatSession, str]:
        """Save the answers of the chat not saved yet; the session after, and a note to show
        ("" when there is nothing to say)."""
        note = ""
        for turn in range(len(session.saved), len(answers)):
            answer = answers[turn]
            if session.conversation_id is None:
                session = replace(session, conversation_id=self.store.create(owner=owner))
            assert session.conversation_id is not None
            try:
                saved = self.store.append(session.conversation_id, answer, owner=owner)
            except ConversationNotFoundError:
                session = replace(session, conversation_id=self.store.create(owner=owner))
                assert session.conversation_id is not None
                saved = self.store.append(session.conversation_id, answer, owner=owner)
                note = DELETED_ELSEWHERE
            at = message_of(history, answer, turn)
            session = replace(session, saved=(*session.saved, (at, saved.turn_id)))
        return session, note

    def reopen(self, conversation_id: str, owner: str) -> Reopened:
        """The conversation's turns as chat messages, the Answers their [n] links open, the
        session to go on saving into it, and the rating shown under each answer."""
        conversation = self.store.get(conversation_id, owner=owner)
        history: list[Message] = []
        saved = []
        for turn, saved_turn in enumerate(conversation.turns):
            history.append({"role": "user", "content": escape_text(saved_turn.question)})
            history.append(
                {"role": "assistant", "content": answer_message(saved_turn.answer, turn)}
            )
            saved.append((len(history) - 1, saved_turn.turn_id))
        return Reopened(
            history=history,
            answers=[t.answer for t in conversation.turns],
            session=ChatSession(conversation_id, tuple(saved)),
            feedback=[THUMBS.get(t.rating) for t in conversation.turns],
        )

    def rate(self, session: ChatSession, message: int, liked: bool | str, owner: str) -> str:
        """Store the thumb given to chat message `message` (True up, False down, "" taken
        back); says what happened."""
        turn_id = session.turn_at(message)
        if turn_id is None:
            return "Only answers can be rated (this message is not a saved answer)."
        if liked is True or liked is False:
            self.store.rate(turn_id, 1 if liked else -1, owner=owner)
            return "Thanks: rating saved (Ratings (JSONL) downloads them)."
        self.store.unrate(turn_id, owner=owner)
        return "Rating removed."

    def choices(self, owner: str) -> list[tuple[str, str]]:
        """(label, conversation id) of the owner's conversations, newest first."""
        return [(label(c), c.conversation_id) for c in self.store.list(owner=owner)]

    def markdown_file(self, conversation_id: str, owner: str) -> Path:
        """The conversation exported as a Markdown file to download."""
        text = self.store.export_markdown(conversation_id, owner=owner)
        title = self.store.get(conversation_id, owner=owner).title
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "conversation"
        return self._write(f"{slug}-{conversation_id[:8]}.md", text)

    def feedback_file(self, owner: str) -> Path:
        """The owner's rated answers as a JSONL file to download."""
        return self._write("news-qa-ratings.jsonl", self.store.export_feedback_jsonl(owner=owner))

    def _write(self, name: str, text: str) -> Path:
        # A folder per file: two downloads at once never share a path. Gradio serves files
        # from the temp folder (never from the data folder, which it must not serve).
        if self._exports is None:
            self._exports = Path(tempfile.mkdtemp(prefix="news-qa-exports-"))
        path = Path(tempfile.mkdtemp(dir=self._exports)) / name
        path.write_text(text, encoding="utf-8")
        return path


def label(c: ConversationSummary) -> str:
    """`How many French troops are in Niger? · 2 answers · 06-01 10:00` for the list."""
    count = f"{c.turns} answer{'s' if c.turns != 1 else ''}"
    when = f"{c.updated_at[5:10]} {c.updated_at[11:16]}"
    return f"{shorten(c.title, LIST_TITLE) or 'Untitled'} · {count} · {when}"


def message_of(history: list[Message], answer: Answer, turn: int) -> int:
    """The index of the chat message showing answer number `turn` (the newest that does;
    the last message when none matches, as when the chat was changed by hand)."""
    shown = answer_message(answer, turn)
    for at in range(len(history) - 1, -1, -1):
        message = history[at]
        is_answer = isinstance(message, dict) and message.get("role") == "assistant"
        if is_answer and message_text(message) == shown:
            return at
    return len(history) - 1
