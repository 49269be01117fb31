"""`/v1` calls that carry a `user` or a `conversation_id` are saved as conversations (the
chat page's store), through the official `openai` client against a real `news-qa serve`."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import openai
import pytest

from index.core.errors import ConversationNotFoundError
from qa.types import Answer
from tests.conftest import FRENCH_TROOPS, make_settings
from tests.ui.api.conftest import KEY, Served
from ui.api.errors import ApiError
from ui.api.saving import ConversationLog, conversation_of
from ui.api.turns import ChatTurn
from ui.conversations.store import ConversationStore

pytestmark = pytest.mark.server

FOLLOW_UP = "and what about Mali?"


def client(served: Served) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{served.url}/v1", api_key=KEY, max_retries=0, timeout=60)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def chat(served: Served, messages: list[dict[str, str]], **options: Any) -> Any:
    """The message of a plain completion, or of the last chunk of a streamed one (with the
    streamed text as its content)."""
    stream = options.pop("stream", False)
    extra = {k: options.pop(k) for k in ("conversation_id",) if k in options}
    reply = client(served).chat.completions.create(
        model="news-qa", messages=messages, stream=stream, extra_body=extra or None, **options
    )
    if not stream:
        message = reply.choices[0].message
        return message.content, message.model_extra
    chunks = [c for c in reply if c.choices]
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    return text, chunks[-1].choices[0].delta.model_extra


def store(served: Served) -> ConversationStore:
    return ConversationStore(served.settings.data_dir)


def test_a_users_conversation_is_saved_turn_by_turn_plain_and_streamed(served):
    name = f"ann-{uuid.uuid4().hex[:8]}"
    first, extra = chat(served, [user(FRENCH_TROOPS)], user=name)
    conversation_id = extra["news_qa"]["conversation_id"]
    assert conversation_id and conversation_id.startswith("v1-")
    # The client resends the history: the follow-up lands in the same conversation.
    messages = [user(FRENCH_TROOPS), {"role": "assistant", "content": first}, user(FOLLOW_UP)]
    second, extra2 = chat(served, messages, user=name, stream=True)
    assert extra2["news_qa"]["conversation_id"] == conversation_id

    [summary] = store(served).list(owner=name)
    assert (summary.conversation_id, summary.title, summary.turns) == (
        conversation_id,
        FRENCH_TROOPS,
        2,
    )
    saved = store(served).get(conversation_id, owner=name)
    assert [t.question for t in saved.turns] == [FRENCH_TROOPS, FOLLOW_UP]
    assert [t.answer.text for t in saved.turns] == [first, second]
    assert [c.quote for c in saved.turns[0].answer.citations] == [
        c["quote"] for c in extra["citations"]
    ]
    assert "Mali" in saved.turns[1].answer.query  # the follow-up as searched, with its topic
    # Nobody else's list shows it.
    assert conversation_id not in {c.conversation_id for c in store(served).list(owner="")}


def test_a_named_conversation_is_kept_and_another_user_cannot_write_in_it(served):
    conversation_id = f"crm-ticket:{uuid.uuid4().hex[:12]}"
    _, extra = chat(served, [user(FRENCH_TROOPS)], conversation_id=conversation_id)
    assert extra["news_qa"]["conversation_id"] == conversation_id
    # Without logins the chat page lists owner "": the API's conversation shows there.
    listed = {c.conversation_id: c for c in store(served).list(owner="")}
    assert listed[conversation_id].turns == 1

    with pytest.raises(openai.NotFoundError) as refused:
        chat(served, [user(FRENCH_TROOPS)], conversation_id=conversation_id, user="mallory")
    assert refused.value.body["code"] == "conversation_not_found"
    assert refused.value.body["param"] == "conversation_id"
    assert store(served).get(conversation_id).turns[0].question == FRENCH_TROOPS
    assert len(store(served).get(conversation_id).turns) == 1
    with pytest.raises(ConversationNotFoundError):
        store(served).get(conversation_id, owner="mallory")


def test_a_malformed_conversation_id_is_refused_before_any_answer(served):
    before = len(store(served).list(owner=""))
    with pytest.raises(openai.BadRequestError) as refused:
        chat(served, [user(FRENCH_TROOPS)], conversation_id="../../etc/passwd")
    assert refused.value.body["param"] == "conversation_id"
    assert "1-128 letters, digits" in refused.value.body["message"]
    assert len(store(served).list(owner="")) == before


def test_a_call_without_user_or_conversation_id_is_not_saved(served):
    before = [(c.conversation_id, c.turns) for c in store(served).list(owner="")]
    _, extra = chat(served, [user(FRENCH_TROOPS)])
    assert extra["news_qa"]["conversation_id"] is None
    assert [(c.conversation_id, c.turns) for c in store(served).list(owner="")] == before


def turn(question: str, *, history: list[str], who: str | None, named: str | None) -> ChatTurn:
    return ChatTurn(question, history, history, who, named, None, None, None)


def test_the_derived_conversation_depends_on_the_user_and_the_first_question_only():
    first = conversation_of(turn(FRENCH_TROOPS, history=[], who="ann", named=None))
    later = conversation_of(turn(FOLLOW_UP, history=[FRENCH_TROOPS], who="ann", named=None))
    assert first == later
    assert conversation_of(turn(FRENCH_TROOPS, history=[], who="bob", named=None)) != first
    assert conversation_of(turn(FOLLOW_UP, history=[], who="ann", named=None)) != first
    assert conversation_of(turn(FOLLOW_UP, history=[], who=None, named=None)) is None
    assert conversation_of(turn(FOLLOW_UP, history=[], who="ann", named="mine")) == "mine"


def test_a_damaged_store_costs_a_note_on_the_answer_not_the_answer(tmp_path: Path):
    settings = make_settings(tmp_path)
    data = settings.data_dir
    data.mkdir(parents=True, exist_ok=True)
    (data / "conversations.sqlite3").write_bytes(b"this is not a database" * 100)
    log = ConversationLog(settings)
    asked = turn(FRENCH_TROOPS, history=[], who="ann", named=None)
    log.check(asked)  # the question is still answered
    answer = Answer(FRENCH_TROOPS, "About 1500 [1].", True, [], [])
    saved = log.record(asked, answer)
    assert saved.conversation_id is None
    assert saved.answer.text == answer.text
    [note] = saved.answer.notes
    assert note.startswith("This answer was not saved in the conversation:")
    assert "damaged" in note and "conversations.sqlite3" in note
    assert (data / "conversations.sqlite3").read_bytes() == b"this is not a database" * 100


def test_check_refuses_a_malformed_id_without_touching_the_store(tmp_path: Path):
    log = ConversationLog(make_settings(tmp_path / "none"))
    with pytest.raises(ApiError) as refused:
        log.check(turn(FRENCH_TROOPS, history=[], who=None, named="a b"))
    assert refused.value.status == 400
    assert not list((tmp_path / "none").rglob("*.sqlite3"))
