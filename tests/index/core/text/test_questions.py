"""One question classifier; support (answer type) and conflicts (compared values) map its
kinds to their own needs. Pinned where the two copies it replaced disagreed."""

from __future__ import annotations

import pytest

from index.core.text.questions import asked_kinds
from qa.answer.conflicts import asked_kind
from qa.answer.support import answer_type_ok


@pytest.mark.parametrize(
    ("question", "kinds", "compared"),
    [
        ("How many troops are there?", ("count",), "number"),
        # A measure must be answered with a number, but is not compared between sources.
        ("How long did the siege last?", ("measure",), None),
        ("When was Bazoum ousted?", ("date",), "date"),
        ("On what date did the coup happen?", ("date",), "date"),
        ("Who leads the junta?", ("person",), "name"),
        ("Whose troops left?", ("owner",), None),
        ("Where is the base?", ("place",), None),
        # Several kinds: conflicts compares the first it can.
        ("Where and when did the coup happen?", ("date", "place"), "date"),
        ("Who said how many troops stay?", ("count", "person"), "number"),
        ("Why did France leave?", (), None),
    ],
)
def test_kinds_and_what_conflicts_compares(question: str, kinds: tuple[str, ...], compared):
    assert asked_kinds(question) == kinds
    assert asked_kind(question) == compared


@pytest.mark.parametrize(
    ("question", "answers", "misses"),
    [
        ("How long did the siege last?", "The siege lasted three weeks.", "The siege ended."),
        ("Where is the base?", "The base is near Agadez.", "The base is far away."),
        ("Whose troops left?", "The troops of France left.", "The troops left."),
        (
            "On what date did the coup happen?",
            "The coup came on July 26.",
            "The coup came suddenly.",
        ),
        ("Who leads the junta?", "The junta is led by Tiani.", "The junta is led by a general."),
    ],
)
def test_support_wants_a_new_value_of_each_kind(question: str, answers: str, misses: str):
    assert answer_type_ok(question, answers)
    assert not answer_type_ok(question, misses)


def test_support_wants_every_kind_asked():
    question = "Where did the coup happen, and when?"
    assert not answer_type_ok(question, "The coup happened in Niamey.")
    assert answer_type_ok(question, "The coup happened in Niamey on July 26.")
