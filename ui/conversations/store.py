"""Saved conversations and ratings: `ConversationStore(data_dir)`, in SQLite in the data folder.

Every call that reaches a conversation takes `owner`: the logged-in user (NEWSQA_UI_AUTH),
the `user` of an API call, or "" when there are no logins. A conversation is seen, changed,
rated and deleted only under its own owner; another owner's is "not found", never told
apart from a deleted one.

    store = ConversationStore(settings.data_dir)
    conversation_id = store.create(owner="ann")            # or ensure("client-id", owner=...)
    turn = store.append(conversation_id, ask(question), owner="ann")   # titled by question 1
    store.list(owner="ann")                                # [ConversationSummary], newest first
    store.get(conversation_id, owner="ann")                # Conversation with its Turns
    store.rate(turn.turn_id, 1, "spot on", owner="ann")    # thumbs up (-1: down)
    store.export_markdown(conversation_id, owner="ann")    # the chat with its sources
    store.export_feedback_jsonl()                          # every rated answer, one per line
    store.delete(conversation_id, owner="ann")             # its ratings stay (evaluation set)
"""

from __future__ import annotations

import builtins
import json
import re
import sqlite3
import uuid
from pathlib import Path

from index.core.errors import ConversationNotFoundError
from qa.types import Answer
from ui.conversations.database import Database, now
from ui.conversations.export import conversation_markdown
from ui.conversations.records import (
    Conversation,
    ConversationSummary,
    Feedback,
    Rating,
    Turn,
    answer_from_json,
    answer_json,
)

# A conversation id a client may choose (`ensure`): letters, digits and . _ : - only.
CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
TITLE_CHARS = 120


class ConversationStore:
    """Conversations (each a list of Turns) and ratings of answers, per owner.

    Safe from any thread and from several processes on one data folder (see
    ui/conversations/database.py); every failure of the file is a ConversationStoreError
    naming the fix, a missing conversation or turn a ConversationNotFoundError.
    """

    def __init__(self, data_dir: Path, *, busy_seconds: float = 5.0) -> None:
        self.db = Database(data_dir, busy_seconds=busy_seconds)

    @property
    def path(self) -> Path:
        return self.db.path

    def create(self, *, owner: str = "", title: str = "") -> str:
        """A new, empty conversation; returns its id."""
        conversation_id = uuid.uuid4().hex
        stamp = now()
        with self.db.transaction(write=True) as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                (conversation_id, owner, _title(title), stamp, stamp),
            )
        return conversation_id

    def ensure(self, conversation_id: str, *, owner: str = "") -> str:
        """The conversation a client names (e.g. an API call's conversation id), made empty
        when it does not exist yet; ValueError for an id that is not 1-128 letters, digits
        or `._:-`; another owner's is ConversationNotFoundError."""
        if not CLIENT_ID.fullmatch(conversation_id):
            raise ValueError("A conversation id is 1-128 letters, digits or . _ : - characters")
        stamp = now()
        with self.db.transaction(write=True) as db:
            row = db.execute(
                "SELECT owner FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO conversations VALUES (?, ?, '', ?, ?)",
                    (conversation_id, owner, stamp, stamp),
                )
            elif row["owner"] != owner:
                raise ConversationNotFoundError(f"conversation {conversation_id!r}")
        return conversation_id

    def held_by_another(self, conversation_id: str, *, owner: str = "") -> bool:
        """Whether `conversation_id` exists and belongs to someone else (so that `ensure`
        would refuse it); writes nothing."""
        with self.db.transaction() as db:
            row = db.execute(
                "SELECT owner FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        return row is not None and row["owner"] != owner

    def append(self, conversation_id: str, answer: Answer, *, owner: str = "") -> Turn:
        """Save `answer` (to `answer.question`) as the conversation's next turn; an untitled
        conversation takes the question as its title."""
        stamp = now()
        with self.db.transaction(write=True) as db:
            self._owned(db, conversation_id, owner)
            position = db.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM turns WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO turns (conversation_id, position, question, answer, asked_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (conversation_id, position, answer.question, answer_json(answer), stamp),
            )
            db.execute(
                "UPDATE conversations SET updated_at = ?, "
                "title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
                (stamp, _title(answer.question), conversation_id),
            )
        turn_id = cursor.lastrowid
        assert turn_id is not None
        return Turn(turn_id, conversation_id, answer.question, answer, stamp)

    def list(self, *, owner: str = "", limit: int = 200) -> list[ConversationSummary]:
        """The owner's conversations, the most recently changed first."""
        with self.db.transaction() as db:
            rows = db.execute(
                "SELECT c.*, COUNT(t.id) AS turns FROM conversations c "
                "LEFT JOIN turns t ON t.conversation_id = c.id WHERE c.owner = ? "
                "GROUP BY c.id ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ?",
                (owner, limit),
            ).fetchall()
        return [
            ConversationSummary(
                conversation_id=r["id"],
                title=r["title"],
                owner=r["owner"],
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                turns=r["turns"],
            )
            for r in rows
        ]

    def get(self, conversation_id: str, *, owner: str = "") -> Conversation:
        """The conversation with every turn, oldest first, and each turn's rating."""
        with self.db.transaction() as db:
            row = self._owned(db, conversation_id, owner)
            turns = db.execute(
                "SELECT t.*, f.rating, f.comment FROM turns t "
                "LEFT JOIN feedback f ON f.turn_id = t.id "
                "WHERE t.conversation_id = ? ORDER BY t.position",
                (conversation_id,),
            ).fetchall()
        return Conversation(
            conversation_id=conversation_id,
            title=row["title"],
            owner=row["owner"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            turns=[
                Turn(
                    turn_id=t["id"],
                    conversation_id=conversation_id,
                    question=t["question"],
                    answer=self._answer(t["answer"]),
                    asked_at=t["asked_at"],
                    rating=t["rating"] or 0,
                    comment=t["comment"] or "",
                )
                for t in turns
            ],
        )

    def rename(self, conversation_id: str, title: str, *, owner: str = "") -> None:
        """Give the conversation another title ("" titles it by its first question again)."""
        with self.db.transaction(write=True) as db:
            self._owned(db, conversation_id, owner)
            first = db.execute(
                "SELECT question FROM turns WHERE conversation_id = ? ORDER BY position LIMIT 1",
                (conversation_id,),
            ).fetchone()
            new = _title(title) or (_title(first["question"]) if first else "")
            db.execute("UPDATE conversations SET title = ? WHERE id = ?", (new, conversation_id))

    def delete(self, conversation_id: str, *, owner: str = "") -> None:
        """Delete the conversation and its turns; ratings given in it stay (see Feedback)."""
        with self.db.transaction(write=True) as db:
            self._owned(db, conversation_id, owner)
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def export_markdown(self, conversation_id: str, *, owner: str = "") -> str:
        """The conversation as Markdown: each question, its answer, and the answer's sources
        (outlet, date, article id, character offsets and the quoted sentence)."""
        return conversation_markdown(self.get(conversation_id, owner=owner))

    def rate(self, turn_id: int, rating: Rating, comment: str = "", *, owner: str = "") -> Feedback:
        """Rate one answer: 1 (thumbs up) or -1 (down), with an optional comment; rating it
        again replaces the rating. The question and answer are kept with it."""
        if rating not in (1, -1):
            raise ValueError(f"A rating is 1 (thumbs up) or -1 (thumbs down), not {rating!r}")
        stamp = now()
        with self.db.transaction(write=True) as db:
            row = self._owned_turn(db, turn_id, owner)
            db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    turn_id,
                    row["conversation_id"],
                    owner,
                    row["question"],
                    row["answer"],
                    rating,
                    comment,
                    row["asked_at"],
                    stamp,
                ),
            )
        return Feedback(
            turn_id=turn_id,
            conversation_id=row["conversation_id"],
            owner=owner,
            question=row["question"],
            answer=self._answer(row["answer"]),
            rating=rating,
            comment=comment,
            asked_at=row["asked_at"],
            rated_at=stamp,
        )

    def unrate(self, turn_id: int, *, owner: str = "") -> None:
        """Take a rating back (the thumb clicked again)."""
        with self.db.transaction(write=True) as db:
            self._owned_turn(db, turn_id, owner)
            db.execute("DELETE FROM feedback WHERE turn_id = ?", (turn_id,))

    def feedback(self, *, owner: str | None = None) -> builtins.list[Feedback]:
        """Every rated answer, oldest rating first; only `owner`'s when given."""
        query = "SELECT * FROM feedback"
        args: tuple[str, ...] = ()
        if owner is not None:
            query, args = query + " WHERE owner = ?", (owner,)
        with self.db.transaction() as db:
            rows = db.execute(query + " ORDER BY rated_at, turn_id", args).fetchall()
        return [
            Feedback(
                turn_id=r["turn_id"],
                conversation_id=r["conversation_id"],
                owner=r["owner"],
                question=r["question"],
                answer=self._answer(r["answer"]),
                rating=r["rating"],
                comment=r["comment"],
                asked_at=r["asked_at"],
                rated_at=r["rated_at"],
            )
            for r in rows
        ]

    def export_feedback_jsonl(self, *, owner: str | None = None) -> str:
        """One JSON object per rated answer and line (`Feedback.record`): question, answer
        text, citations, rating, comment and timestamps; "" when nothing is rated."""
        return "".join(
            json.dumps(f.record(), ensure_ascii=False) + "\n" for f in self.feedback(owner=owner)
        )

    def _owned(self, db: sqlite3.Connection, conversation_id: str, owner: str) -> sqlite3.Row:
        row: sqlite3.Row | None = db.execute(
            "SELECT * FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner)
        ).fetchone()
        if row is None:
            raise ConversationNotFoundError(f"conversation {conversation_id!r}")
        return row

    def _owned_turn(self, db: sqlite3.Connection, turn_id: int, owner: str) -> sqlite3.Row:
        row: sqlite3.Row | None = db.execute(
            "SELECT t.* FROM turns t JOIN conversations c ON c.id = t.conversation_id "
            "WHERE t.id = ? AND c.owner = ?",
            (turn_id, owner),
        ).fetchone()
        if row is None:
            raise ConversationNotFoundError(f"answer {turn_id}")
        return row

    def _answer(self, text: str) -> Answer:
        try:
            return answer_from_json(text)
        except (ValueError, KeyError, TypeError) as err:
            raise self.db.error(sqlite3.DatabaseError(f"malformed saved answer: {err}")) from None


def _title(text: str) -> str:
    """A title from `text`: one line, at most TITLE_CHARS characters (cut at a word)."""
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
