"""Summary answers: 2-4 cited sentences, none repeating another, each cited to its own quote."""

from __future__ import annotations

import re

import pytest

from index.core.settings import Settings
from qa import ask
from qa.analyze.question import is_summary_question
from qa.answer.candidates import NOT_COVERED
from qa.answer.summary import summary_answer
from qa.engine.engine import open_engine
from tests.qa.answer.passages import article


@pytest.mark.parametrize(
    "question",
    [
        "Summarize what Bazoum wrote in the Washington Post",
        "What did Bazoum ask the world for?",
        "What did the ministry say about the talks?",
        "what does the junta want",
        "Describe the protests in Niamey",
        "What has ECOWAS demanded?",
    ],
)
def test_summary_questions_are_recognised(question: str):
    assert is_summary_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "How many French troops are in Niger?",
        "Who is Niger's defence minister?",
        "What is the capital of Australia?",
        "When did the talks start?",
        "Did France say it would leave?",
    ],
)
def test_other_questions_are_not_summaries(question: str):
    assert not is_summary_question(question)


def sentences_and_markers(text: str) -> list[tuple[str, list[int]]]:
    """Each sentence of a summary with the [n] that follow it."""
    parts = re.findall(r"(.+?)((?:\[\d+\])+)(?:\s|$)", text)
    return [(s.strip(), [int(n) for n in re.findall(r"\d+", m)]) for s, m in parts]


def test_what_bazoum_asked_for_is_the_help_he_sought_first(seeded: Settings):
    answer = ask("What did Bazoum ask the world for?", settings=seeded)
    assert answer.grounded and answer.short == ""
    assert "sought help from the United States" in answer.citations[0].quote
    assert "shared values" not in answer.citations[0].quote


def test_a_summary_has_two_to_four_sentences_each_citing_its_own_quote(seeded: Settings):
    answer = ask("Summarize what Bazoum wrote in the Washington Post", settings=seeded)
    parts = sentences_and_markers(answer.text)
    assert 2 <= len(parts) <= 4
    quotes = [c.quote for c in answer.citations]
    assert len(set(quotes)) == len(quotes)
    for sentence, cited in parts:
        assert sentence == answer.citations[cited[0] - 1].quote
    assert sorted(n for _, cited in parts for n in cited) == list(range(1, len(quotes) + 1))


def test_a_summary_abstains_when_nothing_supports_it(seeded: Settings):
    answer = ask("What did the UN Secretary-General say about the coup?", settings=seeded)
    assert (answer.text, answer.grounded, answer.citations) == (NOT_COVERED, False, [])


SAID = "Mayor Adamou Kanta said the water plant in Dosso would reopen in May."
SAID_AGAIN = (
    "Mayor Adamou Kanta said the water plant in Dosso would reopen in May, officials added."
)
OTHER = "Kanta said the city would hire 200 teachers for its new schools."
THIRD = "Kanta also said that flooding had closed two bridges over the river."


def test_a_point_two_articles_make_is_said_once_and_cited_to_both(seeded: Settings):
    engine = open_engine(seeded)
    passages = [
        article("a.txt", SAID, OTHER, date="2023-08-01"),
        article("b.txt", SAID_AGAIN, THIRD, date="2023-07-01"),
    ]
    found = summary_answer(
        "What did Kanta say?",
        passages,
        engine.reranker,
        seeded.min_support,
        embedder=engine.embedder,
    )
    parts = sentences_and_markers(found.text)
    said = [p for p in parts if "water plant" in p[0]]
    assert len(said) == 1, found.text
    assert {found.citations[n - 1].article_id for n in said[0][1]} == {"a.txt", "b.txt"}
    assert len(parts) >= 2


def test_a_time_ordered_summary_follows_the_article_dates(seeded: Settings):
    engine = open_engine(seeded)
    # The best-supported sentence (on the flooding) is the latest.
    passages = [
        article("late.txt", THIRD, date="2023-09-01"),
        article("early.txt", OTHER, date="2023-07-01"),
    ]
    question = "Summarize what Kanta said over time"
    found = summary_answer(
        question, passages, engine.reranker, seeded.min_support, embedder=engine.embedder
    )
    assert [c.date for c in found.citations] == ["2023-07-01", "2023-09-01"], found.text
    unordered = summary_answer(
        "Summarize what Kanta said", passages, engine.reranker, seeded.min_support
    )
    assert [c.date for c in unordered.citations] == ["2023-09-01", "2023-07-01"]
    scores = [c.score for c in unordered.citations]
    assert scores == sorted(scores, reverse=True)
