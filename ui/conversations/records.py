"""What the conversation store returns, and an Answer as it is saved (JSON).

A saved Answer keeps what the chat shows and the exports need: the question and the query as
searched, the text with its [n] markers, every Citation (with its wire copies), the short
answer, kind, mode, notes and timings. Passages, claim checks, conflicts and parts are not
kept (the text already says the conflicts); a reopened Answer has them empty.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

from qa.types import Answer, Citation, Reprint

# A thumbs up or down; 0 in `Turn.rating` means not rated.
Rating = Literal[1, -1]


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and its answer.

    - `turn_id`: the store's id for it (what `ConversationStore.rate` takes).
    - `answer`: the Answer as saved (see the module docstring for what is kept).
    - `asked_at`: when it was saved, ISO 8601 UTC ("2025-06-01T10:00:03.120+00:00").
    - `rating`: 1 (thumbs up), -1 (thumbs down) or 0 (not rated); `comment` with it.
    """

    turn_id: int
    conversation_id: str
    question: str
    answer: Answer
    asked_at: str
    rating: int = 0
    comment: str = ""


@dataclass(frozen=True)
class ConversationSummary:
    """One line of the conversation list (newest first).

    `owner` is the logged-in user it belongs to ("" without logins); `title` its first
    question unless renamed; `turns` how many answers it holds.
    """

    conversation_id: str
    title: str
    owner: str
    created_at: str
    updated_at: str
    turns: int


@dataclass(frozen=True)
class Conversation:
    """A saved conversation with every turn, oldest first."""

    conversation_id: str
    title: str
    owner: str
    created_at: str
    updated_at: str
    turns: list[Turn]


@dataclass(frozen=True)
class Feedback:
    """A rated answer, as it was when rated: kept when its conversation is deleted (it is
    the evaluation set), replaced when the answer is rated again.

    `conversation_id` and `turn_id` say where it came from (the conversation may be gone).
    """

    turn_id: int
    conversation_id: str
    owner: str
    question: str
    answer: Answer
    rating: Rating
    comment: str
    asked_at: str
    rated_at: str

    def record(self) -> dict[str, Any]:
        """The JSON object of `export_feedback_jsonl`: one per rated answer."""
        return {
            "question": self.question,
            "answer": self.answer.text,
            "short": self.answer.short,
            "kind": self.answer.kind,
            "mode": self.answer.mode,
            "grounded": self.answer.grounded,
            "query": self.answer.query,
            "citations": [citation_record(c) for c in self.answer.citations],
            "rating": self.rating,
            "comment": self.comment,
            "asked_at": self.asked_at,
            "rated_at": self.rated_at,
            "user": self.owner,
            "conversation_id": self.conversation_id,
            "turn_id": self.turn_id,
        }


def citation_record(c: Citation) -> dict[str, Any]:
    """A citation as plain data (also_reported_by: article id, outlet, date, offsets)."""
    return asdict(c)


def answer_json(answer: Answer) -> str:
    """The saved form of `answer` (see the module docstring)."""
    return json.dumps(
        {
            "question": answer.question,
            "query": answer.query,
            "text": answer.text,
            "grounded": answer.grounded,
            "mode": answer.mode,
            "kind": answer.kind,
            "short": answer.short,
            "notes": list(answer.notes),
            "timings_ms": dict(answer.timings_ms),
            "citations": [citation_record(c) for c in answer.citations],
        },
        ensure_ascii=False,
    )


def answer_from_json(text: str) -> Answer:
    """The Answer saved by `answer_json`; ValueError, KeyError or TypeError when it is not one."""
    data = json.loads(text)
    citations = [
        Citation(
            **{k: v for k, v in c.items() if k != "also_reported_by"},
            also_reported_by=[Reprint(**r) for r in c.get("also_reported_by", [])],
        )
        for c in data["citations"]
    ]
    return Answer(
        question=data["question"],
        text=data["text"],
        grounded=bool(data["grounded"]),
        citations=citations,
        passages=[],
        mode=data.get("mode", "extractive"),
        notes=list(data.get("notes", [])),
        timings_ms=dict(data.get("timings_ms", {})),
        query=data.get("query", ""),
        short=data.get("short", ""),
        kind=data.get("kind", "fact"),
    )
