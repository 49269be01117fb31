"""Follow-ups rewritten to stand alone: an LLM that fails is said, not swallowed."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from qa.llm.condense import condense_question, rule_based_condense
from tests.conftest import FRENCH_TROOPS, make_settings
from tests.qa.llm_server import ScriptedLLM, scripted_server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_llm_that_cannot_be_reached_leaves_a_note_and_the_rules_rewrite(tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = replace(make_settings(tmp_path), llm="openai", llm_base_url=url, llm_model="m")
    condensed = condense_question("and what about Mali?", [FRENCH_TROOPS], settings)
    assert condensed.question == rule_based_condense("and what about Mali?", FRENCH_TROOPS)
    (note,) = condensed.notes
    assert note.startswith("The LLM could not rewrite the follow-up (cannot reach the openai LLM")
    assert "NEWSQA_LLM_BASE_URL" in note and note.endswith("); rewritten by rules.")


def test_a_working_llm_rewrites_without_notes(tmp_path: Path):
    script = ScriptedLLM("How many Malian troops are in Niger?")
    with scripted_server(script) as url:
        settings = replace(
            make_settings(tmp_path), llm="openai", llm_base_url=f"{url}/v1", llm_model="m"
        )
        condensed = condense_question("and what about Mali?", [FRENCH_TROOPS], settings)
    assert (condensed.question, condensed.notes) == ("How many Malian troops are in Niger?", [])


def test_a_standalone_question_is_left_alone(tmp_path: Path):
    settings = replace(make_settings(tmp_path), llm="openai", llm_base_url="http://127.0.0.1:9")
    condensed = condense_question(FRENCH_TROOPS, ["Who leads Niger?"], settings)
    assert (condensed.question, condensed.notes) == (FRENCH_TROOPS, [])


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        (
            "What did Bazoum ask the world for?",
            "and what did France say?",
            "What did France say about what Bazoum asked the world for?",
        ),
        (
            "What did Bazoum say about the coup?",
            "and what did ECOWAS say?",
            "What did ECOWAS say about the coup?",
        ),
        (
            "What did Bazoum write in the Washington Post?",
            "and what did Mody say?",
            "What did Mody say about what Bazoum wrote in the Washington Post?",
        ),
        (
            FRENCH_TROOPS,
            "and what did Mali say?",
            "What did Mali say about how many French troops are in Niger?",
        ),
    ],
)
def test_a_follow_up_asking_what_someone_said_keeps_the_topic(
    previous: str, follow_up: str, standalone: str
):
    assert rule_based_condense(follow_up, previous) == standalone


def test_the_france_follow_up_is_searched_on_bazoums_request(seeded):
    from qa import ask

    answer = ask(
        "and what did France say?", settings=seeded, history=["What did Bazoum ask the world for?"]
    )
    assert answer.query == "What did France say about what Bazoum asked the world for?"
    assert "ask the world" not in answer.query
