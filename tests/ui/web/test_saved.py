"""The chat's saved conversations without a browser: saving as answers come, reopening,
thumbs on the right answer, a conversation deleted from another tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.ui.conversations.conftest import made_answer
from ui.web.chat import answer_message
from ui.web.saved import DELETED_ELSEWHERE, ChatSession, SavedChats, message_of


@pytest.fixture
def saved(tmp_path: Path) -> SavedChats:
    return SavedChats(make_settings(tmp_path))


def chat_of(*answers, error_after: int | None = None) -> list[dict]:
    """Chat messages as the chat tab shows them; an error reply after answer `error_after`."""
    history: list[dict] = []
    for turn, answer in enumerate(answers):
        history += [
            {"role": "user", "content": answer.question},
            {"role": "assistant", "content": answer_message(answer, turn)},
        ]
        if turn == error_after:
            history += [
                {"role": "user", "content": ""},
                {"role": "assistant", "content": "⚠️ The question is empty"},
            ]
    return history


def test_answers_are_saved_once_as_they_come(saved: SavedChats):
    one, two = made_answer("Q1", 1), made_answer("Q2", 2)
    session, note = saved.save(ChatSession(), chat_of(one), [one], "ann")
    assert note == "" and session.conversation_id is not None
    session, _ = saved.save(session, chat_of(one, two, error_after=0), [one, two], "ann")
    session, _ = saved.save(session, chat_of(one, two, error_after=0), [one, two], "ann")

    conversation = saved.store.get(session.conversation_id, owner="ann")
    assert [t.question for t in conversation.turns] == ["Q1", "Q2"]  # not saved twice
    # The error reply sits between them: answer 2 is message 5, not 3.
    assert [at for at, _ in session.saved] == [1, 5]
    assert saved.choices("ann") == [(saved.choices("ann")[0][0], session.conversation_id)]
    assert saved.choices("ann")[0][0].startswith("Q1 · 2 answers · ")
    assert saved.choices("bob") == []


def test_reopened_chat_shows_the_same_messages_and_ratings(saved: SavedChats):
    one, two = made_answer("Q1", 1), made_answer("Q2", 2)
    session, _ = saved.save(ChatSession(), chat_of(one, two), [one, two], "")
    assert saved.rate(session, 3, True, "").startswith("Thanks")

    shown = saved.reopen(session.conversation_id, "")
    assert [m["content"] for m in shown.history] == [m["content"] for m in chat_of(one, two)]
    assert shown.answers == [one, two]  # the [n] links of both answers open their sources
    assert shown.session == session
    assert shown.feedback == [None, "Like"]


def test_thumbs_rate_the_answer_they_are_under(saved: SavedChats):
    one, two = made_answer("Q1", 1), made_answer("Q2", 2)
    session, _ = saved.save(ChatSession(), chat_of(one, two), [one, two], "")
    saved.rate(session, 1, False, "")
    saved.rate(session, 3, True, "")
    assert [(f.question, f.rating) for f in saved.store.feedback()] == [("Q1", -1), ("Q2", 1)]
    assert saved.rate(session, 3, "", "") == "Rating removed."
    assert [f.question for f in saved.store.feedback()] == ["Q1"]
    assert saved.rate(session, 2, True, "").startswith("Only answers can be rated")


def test_a_conversation_deleted_in_another_tab_goes_on_as_a_new_one(saved: SavedChats):
    one, two = made_answer("Q1", 1), made_answer("Q2", 2)
    session, _ = saved.save(ChatSession(), chat_of(one), [one], "")
    saved.store.delete(session.conversation_id)  # the other tab

    after, note = saved.save(session, chat_of(one, two), [one, two], "")
    assert note == DELETED_ELSEWHERE
    assert after.conversation_id != session.conversation_id
    assert [t.question for t in saved.store.get(after.conversation_id).turns] == ["Q2"]


def test_export_files_hold_the_store_exports(saved: SavedChats):
    one = made_answer("Where are the troops?", 1)
    session, _ = saved.save(ChatSession(), chat_of(one), [one], "")
    saved.rate(session, 1, True, "")
    markdown = saved.markdown_file(session.conversation_id, "")
    assert markdown.name.startswith("where-are-the-troops-") and markdown.suffix == ".md"
    assert markdown.read_text() == saved.store.export_markdown(session.conversation_id)
    ratings = saved.feedback_file("")
    assert ratings.read_text() == saved.store.export_feedback_jsonl(owner="")
    assert saved.store.path.parent not in markdown.parents  # never in the data folder


def test_message_of_finds_the_answer_or_falls_back_to_the_last(saved: SavedChats):
    one, two = made_answer("Q1", 1), made_answer("Q2", 2)
    assert message_of(chat_of(one, two), one, 0) == 1
    edited = [*chat_of(one), {"role": "assistant", "content": "changed by hand"}]
    assert message_of(edited, two, 1) == 2
