"""A question asking for a name, number or date is answered with one (Answer.short), or not."""

from __future__ import annotations

import pytest

from index.core.settings import Settings
from qa import ask
from qa.answer.candidates import NOT_COVERED
from qa.answer.extractive import extractive_answer
from qa.answer.short import answer_value
from qa.engine.engine import open_engine
from tests.qa.answer.passages import article


@pytest.mark.parametrize(
    ("question", "sentence", "short"),
    [
        (
            "Who is Niger's defence minister?",
            "Niger's Defence Minister General Salifou Mody met Gnassingbe in Lome.",
            "Salifou Mody",
        ),
        (
            "Who is Togo's foreign minister?",
            "Togo's foreign minister Robert Dussey said the country was ready to help.",
            "Robert Dussey",
        ),
        (
            "Who chairs ECOWAS?",
            "Nigeria's President Bola Ahmed Tinubu, current chair of ECOWAS, said he was wary.",
            "Bola Ahmed Tinubu",
        ),
        ("How many troops are in Niger?", "About 1,500 French troops are in Niger.", "1,500"),
        ("When was Bazoum ousted?", "The July 26 coup ousted Bazoum.", "July 26"),
    ],
)
def test_the_value_the_sentence_gives(question: str, sentence: str, short: str):
    from qa.answer.conflicts import asked_kind

    kind = asked_kind(question)
    assert kind is not None
    value = answer_value(kind, sentence, question)
    assert value is not None and value.text == short


def test_a_sentence_repeating_the_question_gives_no_value():
    assert answer_value("name", "Bazoum said the coup would fail.", "Who ousted Bazoum?") is None


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("How many French troops are in Niger?", "1500"),
        ("When was Bazoum ousted?", "July 26"),
        ("Who is Togo's foreign minister?", "Robert Dussey"),
    ],
)
def test_the_seed_answers_carry_their_short_answer(seeded: Settings, question: str, short: str):
    answer = ask(question, settings=seeded)
    assert answer.short == short
    assert short in answer.citations[0].quote and short in answer.text


def test_prose_answers_have_no_short_answer(seeded: Settings):
    assert ask("Where are the French bases in Niger?", settings=seeded).short == ""


def test_a_who_question_whose_sentences_name_nobody_is_not_answered(seeded: Settings):
    engine = open_engine(seeded)
    passages = [
        article(
            "a.txt",
            "The mayor of Niamey said on Monday that the city was calm.",
            "The mayor of Niamey added that markets would open on Tuesday.",
        )
    ]
    found = extractive_answer(
        "Who is the mayor of Niamey?", passages, engine.reranker, seeded.min_support
    )
    assert (found.text, found.grounded, found.short) == (NOT_COVERED, False, "")
    named = [article("b.txt", "The mayor of Niamey, Oumarou Dogari, said the city was calm.")]
    found = extractive_answer(
        "Who is the mayor of Niamey?", named, engine.reranker, seeded.min_support
    )
    assert found.grounded and found.short == "Oumarou Dogari", found.text


def test_a_lone_name_word_is_not_given_as_who_was_asked_for():
    sentence = "The French forces are based at an airfield targeted by thousands of protesters."
    assert answer_value("name", sentence, "Who has targeted the airfield?") is None


def test_the_holder_of_another_role_is_not_who_was_asked_for():
    question = "Who is the French ambassador to Niger?"
    sentence = "Prime Minister Zeine began by discussing the status of the ambassadors in Niger."
    assert answer_value("name", sentence, question) is None
    sentence = "Paris refused to recall its ambassador, Ambassador Sylvain Itte, to the capital."
    value = answer_value("name", sentence, question)
    assert value is not None and value.text == "Sylvain Itte"
