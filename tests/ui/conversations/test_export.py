"""The Markdown and JSONL exports, of real answers, and `news-qa feedback export`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.core.settings import Settings
from qa import article_text, ask
from tests.conftest import FRENCH_TROOPS
from tests.ui.conversations.conftest import made_answer
from ui.cli.main import main
from ui.conversations.store import ConversationStore


@pytest.fixture(scope="module")
def troops(seeded: Settings):
    return ask(FRENCH_TROOPS, settings=seeded)


def test_markdown_has_every_turn_with_its_sources(tmp_path: Path, seeded: Settings, troops):
    store = ConversationStore(tmp_path)
    conversation_id = store.create()
    first = store.append(conversation_id, troops)
    store.append(conversation_id, made_answer("And in Chad?", 2))
    store.rate(first.turn_id, 1, "exact")

    text = store.export_markdown(conversation_id)
    assert text.startswith(f"# {FRENCH_TROOPS}\n")
    assert f"conversation `{conversation_id}`" in text and "2 answers" in text
    assert f"## 1. {FRENCH_TROOPS}" in text and "## 2. And in Chad?" in text
    assert troops.text in text
    assert "rated 👍: exact" in text
    for c in troops.citations:
        where = ", ".join(x for x in (c.outlet, c.date) if x)
        assert f"- [{c.n}] **{c.title}**" + (f" ({where})" if where else "") in text
        assert f"`{c.article_id}`, characters {c.start}-{c.end}" in text
        assert f"  > {c.quote}" in text
    assert "Also reported by: AP (None)" not in text  # an undated copy says no date
    assert "Also reported by: AP `copy.txt`" in text
    assert "> Note: Searched only articles from WION." in text


def test_jsonl_has_one_object_per_rated_answer(tmp_path: Path, seeded: Settings, troops):
    store = ConversationStore(tmp_path)
    conversation_id = store.create(owner="ann")
    rated = store.append(conversation_id, troops, owner="ann")
    store.append(conversation_id, made_answer("Not rated"), owner="ann")
    disliked = store.append(store.create(), made_answer("Bad answer", 3))
    store.rate(rated.turn_id, 1, "right", owner="ann")
    store.rate(disliked.turn_id, -1)

    lines = store.export_feedback_jsonl().splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["question"], r["rating"]) for r in records] == [
        (FRENCH_TROOPS, 1),
        ("Bad answer", -1),
    ]
    first = records[0]
    assert first["answer"] == troops.text and first["comment"] == "right"
    assert first["short"] == troops.short and first["grounded"] is True
    assert first["user"] == "ann" and first["turn_id"] == rated.turn_id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["rated_at"])
    assert first["asked_at"] <= first["rated_at"]
    assert len(first["citations"]) == len(troops.citations) > 0
    for c in first["citations"]:  # offsets that still open the quoted span
        assert article_text(c["article_id"], settings=seeded)[c["start"] : c["end"]] == c["quote"]
    assert store.export_feedback_jsonl(owner="ann").count("\n") == 1
    assert ConversationStore(tmp_path / "empty").export_feedback_jsonl() == ""


def test_cli_exports_the_ratings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "data"))
    store = ConversationStore(tmp_path / "data")
    turn = store.append(store.create(), made_answer("How many troops?"))
    store.rate(turn.turn_id, -1, "wrong outlet")

    assert main(["feedback", "export", str(tmp_path / "ratings.jsonl")]) == 0
    (record,) = [json.loads(x) for x in (tmp_path / "ratings.jsonl").read_text().splitlines()]
    assert (record["question"], record["rating"], record["comment"]) == (
        "How many troops?",
        -1,
        "wrong outlet",
    )
    assert "1 rated answer to " in capsys.readouterr().err

    assert main(["feedback", "export"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["comment"] == "wrong outlet"

    assert main(["feedback", "export", str(tmp_path / "no-such-folder" / "x.jsonl")]) == 1
    assert "Cannot write" in capsys.readouterr().err
