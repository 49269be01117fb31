"""The conversation store: what goes in comes back, per owner, from threads and processes."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from index.core.errors import ConversationNotFoundError, NewsQAError
from tests.ui.conversations.conftest import made_answer
from ui.conversations.database import FILE_NAME
from ui.conversations.store import TITLE_CHARS, ConversationStore


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path / "data")


def test_a_conversation_comes_back_as_saved(store: ConversationStore, tmp_path: Path):
    conversation_id = store.create()
    first = store.append(conversation_id, made_answer("How many troops?", 1))
    second = store.append(conversation_id, made_answer("And in Chad?", 2))

    saved = store.get(conversation_id)
    assert saved.title == "How many troops?"  # titled by its first question
    assert [t.question for t in saved.turns] == ["How many troops?", "And in Chad?"]
    assert [t.turn_id for t in saved.turns] == [first.turn_id, second.turn_id]
    # The answer as the chat and the exports need it, wire copies included.
    assert saved.turns[1].answer == made_answer("And in Chad?", 2)
    assert saved.turns[0].rating == 0
    assert store.path == tmp_path / "data" / FILE_NAME
    assert not list((tmp_path / "data").glob("gen-*"))  # beside the index, never in it


def test_the_list_is_newest_first_with_titles_and_counts(store: ConversationStore):
    older, newer = store.create(), store.create()
    store.append(older, made_answer("First question", 1))
    store.append(newer, made_answer("Second question", 2))
    store.append(older, made_answer("A follow-up", 3))  # changed last: first in the list

    listed = store.list()
    assert [c.conversation_id for c in listed] == [older, newer]
    assert [(c.title, c.turns) for c in listed] == [("First question", 2), ("Second question", 1)]
    assert store.list(limit=1)[0].conversation_id == older


def test_rename_delete_and_long_titles(store: ConversationStore):
    conversation_id = store.create()
    question = "Why " + "very " * 60 + "long?"
    store.append(conversation_id, made_answer(question))
    title = store.list()[0].title
    assert len(title) <= TITLE_CHARS and title.endswith("…") and question.startswith(title[:-1])

    store.rename(conversation_id, "  Niger   troops ")
    assert store.get(conversation_id).title == "Niger troops"
    store.rename(conversation_id, "")  # back to its first question
    assert store.get(conversation_id).title == title

    store.delete(conversation_id)
    assert store.list() == []
    with pytest.raises(ConversationNotFoundError, match="pick one from the list"):
        store.get(conversation_id)
    with pytest.raises(ConversationNotFoundError):
        store.append(conversation_id, made_answer("Again?"))


def test_each_owner_sees_only_their_own(store: ConversationStore):
    ann = store.create(owner="ann")
    turn = store.append(ann, made_answer("Ann's question"), owner="ann")
    bob = store.create(owner="bob")

    assert [c.conversation_id for c in store.list(owner="ann")] == [ann]
    assert [c.conversation_id for c in store.list(owner="bob")] == [bob]
    assert store.list() == []  # no logins: "" owns none of them
    for call in (
        lambda: store.get(ann, owner="bob"),
        lambda: store.append(ann, made_answer("Bob's?"), owner="bob"),
        lambda: store.delete(ann, owner="bob"),
        lambda: store.rename(ann, "mine", owner="bob"),
        lambda: store.export_markdown(ann, owner="bob"),
        lambda: store.rate(turn.turn_id, -1, owner="bob"),
        lambda: store.ensure(ann, owner="bob"),
    ):
        with pytest.raises(ConversationNotFoundError):
            call()
    assert store.get(ann, owner="ann").turns[0].rating == 0  # untouched


def test_ensure_makes_a_client_named_conversation_once(store: ConversationStore):
    assert store.ensure("chat-42", owner="ann") == "chat-42"
    store.append("chat-42", made_answer("Q1"), owner="ann")
    assert store.ensure("chat-42", owner="ann") == "chat-42"  # the same one, kept
    assert len(store.get("chat-42", owner="ann").turns) == 1
    for bad in ("", "a/b", "x" * 129, "id with spaces"):
        with pytest.raises(ValueError, match="letters, digits"):
            store.ensure(bad)


def test_ratings_are_kept_with_their_answer(store: ConversationStore):
    conversation_id = store.create(owner="ann")
    turn = store.append(conversation_id, made_answer("How many troops?"), owner="ann")
    store.rate(turn.turn_id, -1, owner="ann")
    store.rate(turn.turn_id, 1, "right number", owner="ann")  # replaces the first rating

    (rated,) = store.feedback()
    assert (rated.rating, rated.comment, rated.question) == (1, "right number", "How many troops?")
    assert rated.answer == made_answer("How many troops?")
    assert store.get(conversation_id, owner="ann").turns[0].rating == 1
    assert store.feedback(owner="bob") == []

    store.delete(conversation_id, owner="ann")  # the evaluation set keeps it
    assert [f.turn_id for f in store.feedback()] == [turn.turn_id]


def test_a_rating_can_be_taken_back_and_must_be_a_thumb(store: ConversationStore):
    conversation_id = store.create()
    turn = store.append(conversation_id, made_answer("Q"))
    store.rate(turn.turn_id, 1)
    store.unrate(turn.turn_id)
    assert store.feedback() == [] and store.get(conversation_id).turns[0].rating == 0
    with pytest.raises(ValueError, match=r"1 \(thumbs up\) or -1"):
        store.rate(turn.turn_id, 5)  # type: ignore[arg-type]
    with pytest.raises(ConversationNotFoundError):
        store.rate(turn.turn_id + 100, 1)


def test_threads_append_to_one_conversation_without_losing_a_turn(store: ConversationStore):
    conversation_id = store.create()
    errors: list[BaseException] = []

    def append_many(worker: int) -> None:
        try:
            for i in range(15):
                store.append(conversation_id, made_answer(f"thread {worker} question {i}"))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=append_many, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    turns = store.get(conversation_id).turns
    assert len(turns) == 90
    assert len({t.question for t in turns}) == 90
    for worker in range(6):  # each thread's turns in its own order
        mine = [t.question for t in turns if t.question.startswith(f"thread {worker} ")]
        assert mine == [f"thread {worker} question {i}" for i in range(15)]


def _append_from_a_process(data_dir: str, conversation_id: str, worker: int) -> None:
    store = ConversationStore(Path(data_dir))
    for i in range(20):
        turn = store.append(conversation_id, made_answer(f"process {worker} question {i}"))
        store.rate(turn.turn_id, 1 if i % 2 else -1)
    store.append(store.create(), made_answer(f"process {worker} alone"))


def test_two_processes_share_one_data_folder(store: ConversationStore):
    conversation_id = store.create()
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(
            target=_append_from_a_process,
            args=(str(store.path.parent), conversation_id, worker),
        )
        for worker in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert len(store.get(conversation_id).turns) == 40
    assert len(store.feedback()) == 40
    shared = store.get(conversation_id).title  # the first question saved, by either one
    assert shared in ("process 0 question 0", "process 1 question 0")
    assert {c.title for c in store.list()} == {shared, "process 0 alone", "process 1 alone"}


def test_a_damaged_file_is_said_and_left_alone(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    damaged = b"this is not SQLite " * 300
    (data / FILE_NAME).write_bytes(damaged)
    with pytest.raises(NewsQAError, match=r"is damaged .* move it aside") as raised:
        ConversationStore(data).list()
    assert str(data / FILE_NAME) in str(raised.value)
    assert (data / FILE_NAME).read_bytes() == damaged  # nothing lost


def test_a_damaged_saved_answer_is_said(store: ConversationStore):
    import sqlite3

    conversation_id = store.create()
    store.append(conversation_id, made_answer("Q"))
    with sqlite3.connect(store.path) as raw:
        raw.execute("UPDATE turns SET answer = '{\"text\": 1'")
    with pytest.raises(NewsQAError, match=r"damaged \(malformed saved answer"):
        store.get(conversation_id)


def test_a_locked_file_is_said_after_the_wait(tmp_path: Path):
    import sqlite3

    store = ConversationStore(tmp_path / "data", busy_seconds=0.2)
    conversation_id = store.create()
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing and never finishing
    try:
        with pytest.raises(NewsQAError, match=r"locked by another process \(waited 0.2 s\) - "):
            store.append(conversation_id, made_answer("Q"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.append(conversation_id, made_answer("Q"))  # and works once it is free
    assert len(store.get(conversation_id).turns) == 1


def test_a_data_folder_that_cannot_be_made_is_said(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fix = r"not writable \(Not a directory\) - make the data folder \(NEWSQA_DATA_DIR\)"
    with pytest.raises(NewsQAError, match=fix):
        ConversationStore(blocker / "data").create()


def test_a_file_from_a_newer_news_qa_is_refused(tmp_path: Path):
    import sqlite3

    store = ConversationStore(tmp_path / "data")
    store.create()
    with sqlite3.connect(store.path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(NewsQAError, match=r"from a newer news-qa .* upgrade news-qa"):
        ConversationStore(tmp_path / "data").list()
