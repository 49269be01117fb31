"""Compound answers offline on the bridge corpus (conftest.py): two outlets that agree,
claims their evidence does not carry, dates in both orders, a company every part names."""

from __future__ import annotations

import pytest

from qa.api import ask


def test_yes_when_each_source_states_its_part(bridge):
    answer = ask(
        "Does the Harbour Gazette article say that the council approved the harbour bridge, "
        "while the Valley Times article reports that residents welcomed the vote?",
        settings=bridge,
    )
    assert (answer.kind, answer.short, answer.grounded) == ("verdict", "Yes", True)
    assert [p.outlets for p in answer.parts] == [["Harbour Gazette"], ["Valley Times"]]
    assert all(p.holds for p in answer.parts)
    cited = {c.n: c for c in answer.citations}
    for part in answer.parts:
        (n,) = part.citations
        assert cited[n].outlet == part.outlets[0]
        assert f"[{n}]" in answer.text
    assert "approved the new harbour bridge" in cited[answer.parts[0].citations[0]].quote
    assert "welcomed the council vote" in cited[answer.parts[1].citations[0]].quote


def test_no_names_the_part_its_source_does_not_state(bridge):
    answer = ask(
        "Does the Harbour Gazette article say that the council rejected the harbour bridge, "
        "while the Valley Times article reports that residents welcomed the vote?",
        settings=bridge,
    )
    assert answer.short == "No"
    assert [p.holds for p in answer.parts] == [False, True]
    assert "\u201crejected\u201d" in answer.text.splitlines()[0]
    assert "Harbour Gazette" in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("first", "second", "short"),
    [("Harbour Gazette", "Valley Times", "Yes"), ("Valley Times", "Harbour Gazette", "No")],
)
def test_before_is_read_from_the_cited_articles_dates(bridge, first, second, short):
    answer = ask(
        f"Did the {first} report on the harbour bridge vote before the {second} reported on "
        "the harbour bridge?",
        settings=bridge,
    )
    assert answer.short == short
    dates = [c.date for c in answer.citations]
    assert dates[0] != dates[1] and (dates[0] < dates[1]) == (short == "Yes")


def test_which_source_came_first(bridge):
    answer = ask(
        "Which news source reported on the harbour bridge first, the Valley Times or the "
        "Harbour Gazette?",
        settings=bridge,
    )
    assert (answer.kind, answer.short) == ("order", "Harbour Gazette")
    assert {c.date for c in answer.citations} == {"2024-03-02", "2024-03-05"}


def test_bridging_entity_is_the_name_both_parts_hold(bridge):
    answer = ask(
        "Which company, reported by the Harbour Gazette to have won the tender for the harbour "
        "bridge, was said by the Valley Times to have promised to hire local workers?",
        settings=bridge,
    )
    assert (answer.kind, answer.short, answer.grounded) == ("entity", "Nordbau", True)
    assert {c.outlet for c in answer.citations} == {"Harbour Gazette", "Valley Times"}
    assert all("Nordbau" in c.quote for c in answer.citations)


def test_no_common_name_abstains(bridge):
    answer = ask(
        "Which company, reported by the Mountain Post to run the ski resort, was said by the "
        "Coast Herald to operate the ferries?",
        settings=bridge,
    )
    assert answer.kind == "entity" and not answer.grounded and answer.short == ""


def test_choice_answers_with_one_of_the_offered_words(bridge):
    answer = ask(
        "Is the reporting of the Harbour Gazette and the Valley Times on the harbour bridge "
        "consistent or inconsistent?",
        settings=bridge,
    )
    assert answer.short == "Consistent"
    assert len(answer.citations) == 2


def test_letter_puzzles_are_not_answered(bridge):
    answer = ask(
        "Which single letter starts both the builder's name and the Valley Times' name?",
        settings=bridge,
    )
    assert answer.kind == "unanswerable" and not answer.grounded and not answer.citations
