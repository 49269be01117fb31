"""The SQLite file behind the conversation store: its schema, its connections, its errors.

One short-lived connection per operation (any thread may call), each write in a `BEGIN
IMMEDIATE` transaction, WAL journal: readers never wait for a writer, and two processes
(two `news-qa serve` on one data folder) take turns for writes, each waiting up to
`busy_seconds` before the store says the file is locked.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from index.core.errors import ConversationStoreError

FILE_NAME = "conversations.sqlite3"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_by_owner ON conversations (owner, updated_at);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    UNIQUE (conversation_id, position)
);
-- A snapshot of the rated answer, so that the rating outlives its conversation.
CREATE TABLE IF NOT EXISTS feedback (
    turn_id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    rated_at TEXT NOT NULL
);
"""
DAMAGE = ("not a database", "malformed", "corrupt", "encrypted")


def now() -> str:
    """The time as the store writes it: ISO 8601 UTC, milliseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Database:
    """`<data_dir>/conversations.sqlite3`, made (with its folder) on first use."""

    def __init__(self, data_dir: Path, *, busy_seconds: float = 5.0) -> None:
        self.path = Path(data_dir) / FILE_NAME
        self.busy_seconds = busy_seconds
        self._ready = False
        self._ready_lock = threading.Lock()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction, committed when the block ends without an error;
        every sqlite3 or OS error comes out as a ConversationStoreError naming the fix."""
        self._prepare()
        with self._connection() as connection:
            try:
                connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)
        except sqlite3.Error as err:
            raise self.error(err) from None
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            # WAL's usual setting: a crash of the process loses nothing; a power cut may lose
            # the last writes (a chat turn), never the file.
            connection.execute("PRAGMA synchronous = NORMAL")
            yield connection
        except sqlite3.Error as err:
            raise self.error(err) from None
        finally:
            connection.close()

    def _prepare(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise self.unwritable(err.strerror or str(err)) from None
            with self._connection() as connection:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("BEGIN IMMEDIATE")
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    connection.execute("ROLLBACK")
                    raise ConversationStoreError(
                        self.path,
                        f"from a newer news-qa (schema {version}; this one reads {SCHEMA_VERSION})",
                        "upgrade news-qa, or set NEWSQA_DATA_DIR to another folder",
                    )
                # executescript would commit first: run the statements one by one.
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                connection.execute("COMMIT")
            self._ready = True

    def error(self, err: sqlite3.Error) -> ConversationStoreError:
        """`err` said as what it means for the user, with the fix."""
        text = str(err)
        if "locked" in text or "busy" in text:
            return ConversationStoreError(
                self.path,
                f"locked by another process (waited {self.busy_seconds:g} s)",
                "try again; if it stays locked, stop the other program using it",
            )
        if any(word in text for word in DAMAGE):
            return ConversationStoreError(
                self.path,
                f"damaged ({text})",
                f"move it aside (mv {self.path} {self.path}.damaged) and a new one is made; "
                "it holds only saved conversations and ratings, never the index",
            )
        if any(word in text for word in ("readonly", "unable to open", "disk I/O", "full")):
            return self.unwritable(text)
        return ConversationStoreError(
            self.path, f"unusable ({text})", "check the file and the data folder"
        )

    def unwritable(self, why: str) -> ConversationStoreError:
        return ConversationStoreError(
            self.path,
            f"not writable ({why})",
            "make the data folder (NEWSQA_DATA_DIR) writable, or free some disk space",
        )
