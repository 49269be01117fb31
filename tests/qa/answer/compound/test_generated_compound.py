"""Generated answers to compound questions through a scripted loopback OpenAI server: the
prompt carries the parts and each part's evidence, and a verdict or name survives only when
every part it needs is cited to that part's own evidence."""

from __future__ import annotations

import re
from dataclasses import replace

from qa.api import ask
from tests.qa.llm_server import ScriptedLLM, scripted_server

YES_QUESTION = (
    "Does the Harbour Gazette article say that the council approved the harbour bridge, "
    "while the Valley Times article reports that residents welcomed the vote?"
)


def asked(settings, question: str, reply: str):
    """The answer to `question` when the LLM replies `reply`, and what the LLM was sent."""
    script = ScriptedLLM(reply)
    with scripted_server(script) as url:
        llm = replace(
            settings, llm="openai", llm_base_url=f"{url}/v1", llm_model="scripted", llm_timeout=20
        )
        answer = ask(question, settings=llm)
    return answer, script.requests[0]["body"]["messages"][-1]["content"]


def source_numbers(prompt: str) -> dict[str, int]:
    """The prompt's first source number per outlet ("[2] title | Valley Times | date")."""
    numbers: dict[str, int] = {}
    for n, outlet in re.findall(r"^\[(\d+)\] [^|\n]*\| ([^|\n]+) \|", prompt, re.M):
        numbers.setdefault(outlet.strip(), int(n))
    return numbers


def test_the_prompt_lists_the_parts_and_each_parts_evidence(bridge):
    _, prompt = asked(bridge, YES_QUESTION, "Yes.")
    assert "Begin with Yes or No" in prompt
    assert "1. Does the Harbour Gazette article say that the council approved" in prompt
    assert "(Harbour Gazette)" in prompt and "(Valley Times)" in prompt
    assert {"Harbour Gazette", "Valley Times"} <= set(source_numbers(prompt))


def test_a_right_yes_citing_each_parts_evidence_survives(bridge):
    _, prompt = asked(bridge, YES_QUESTION, "Yes.")
    n = source_numbers(prompt)
    reply = (
        f"Yes. The city council approved the new harbour bridge [{n['Harbour Gazette']}]. "
        f"Residents welcomed the council vote on the harbour bridge [{n['Valley Times']}]."
    )
    answer, _ = asked(bridge, YES_QUESTION, reply)
    assert (answer.mode, answer.short, answer.grounded) == ("generated", "Yes", True)
    assert [p.holds for p in answer.parts] == [True, True]
    assert {c.outlet for c in answer.citations} == {"Harbour Gazette", "Valley Times"}
    assert answer.text.startswith("Yes: ")


def test_a_yes_whose_second_part_no_source_supports_does_not_survive(bridge):
    question = (
        "Does the Harbour Gazette article say that the council approved the harbour bridge, "
        "while the Valley Times article reports that the mayor cancelled the bridge?"
    )
    _, prompt = asked(bridge, question, "Yes.")
    n = source_numbers(prompt)
    reply = (
        f"Yes. The city council approved the new harbour bridge [{n['Harbour Gazette']}]. "
        f"The mayor cancelled the bridge and its tender in a surprise move [{n['Valley Times']}]."
    )
    answer, _ = asked(bridge, question, reply)
    assert answer.mode == "extractive" and answer.short == "No"
    assert any('generated "Yes" was not kept' in note for note in answer.notes)
    assert [p.holds for p in answer.parts] == [True, False]


def test_a_name_in_no_cited_quote_is_replaced_by_the_evidence(bridge):
    question = (
        "Which company, reported by the Harbour Gazette to have won the tender for the harbour "
        "bridge, was said by the Valley Times to have promised to hire local workers?"
    )
    _, prompt = asked(bridge, question, "Acme.")
    n = source_numbers(prompt)
    wrong = (
        f"Acme Builders. The builder won the tender with the lowest bid [{n['Harbour Gazette']}]."
    )
    answer, _ = asked(bridge, question, wrong)
    assert answer.mode == "extractive" and answer.short == "Nordbau"
    assert any('"Acme Builders" is in no quote' in note for note in answer.notes)
    right = (
        f"Nordbau. The builder Nordbau won the tender with the lowest bid "
        f"[{n['Harbour Gazette']}]. Nordbau promised to hire local workers [{n['Valley Times']}]."
    )
    answer, _ = asked(bridge, question, right)
    assert (answer.mode, answer.short) == ("generated", "Nordbau")


def test_a_no_the_evidence_does_not_bear_out_is_not_kept(bridge):
    _, prompt = asked(bridge, YES_QUESTION, "Yes.")
    n = source_numbers(prompt)
    reply = (
        f"No. The city council approved the new harbour bridge [{n['Harbour Gazette']}]. "
        f"Residents welcomed the council vote on the harbour bridge [{n['Valley Times']}]."
    )
    answer, _ = asked(bridge, YES_QUESTION, reply)
    assert (answer.mode, answer.short) == ("extractive", "Yes")
    assert any('generated "No" was not kept' in note for note in answer.notes)


def test_a_no_the_evidence_bears_out_survives(bridge):
    question = YES_QUESTION.replace("approved", "rejected")
    _, prompt = asked(bridge, question, "No.")
    n = source_numbers(prompt)
    reply = f"No. The city council approved the new harbour bridge [{n['Harbour Gazette']}]."
    answer, _ = asked(bridge, question, reply)
    assert (answer.mode, answer.short) == ("generated", "No")
    assert answer.citations[0].outlet == "Harbour Gazette"
