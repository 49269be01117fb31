"""Times named in a question, as article-date windows."""

from __future__ import annotations

from datetime import date

import pytest

from qa.retrieval.times import time_windows

NEWEST = date(2023, 9, 5)


def windows(question: str, newest: date | None = NEWEST) -> list[tuple[str, str]]:
    coup = {"coup": date(2023, 7, 26)}
    return [
        (w.describe(), w.said)
        for w in time_windows(question, newest, lambda e: coup.get(e.split()[-1]))
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What happened in August?", [("2023-08-01 to 2023-08-31", "in August")]),
        ("What did the junta do in August 2022?", [("2022-08-01 to 2022-08-31", "in August 2022")]),
        ("Who spoke on September 5, 2023?", [("2023-09-05", "on September 5, 2023")]),
        ("News from 4 Sept", [("2023-09-04", "from 4 Sept")]),
        # A month after the newest article's is last year's.
        ("What happened in October?", [("2022-10-01 to 2022-10-31", "in October")]),
        ("What happened last week?", [("2023-08-29 to 2023-09-05", "last week")]),
        ("What happened last month?", [("2023-08-01 to 2023-08-31", "last month")]),
        ("in the past 3 days", [("2023-09-02 to 2023-09-05", "past 3 days")]),
        ("What happened before the coup?", [("2023-07-25 or earlier", "before the coup")]),
        ("What happened after the coup?", [("2023-07-27 or later", "after the coup")]),
        ("since August 3", [("2023-08-03 or later", "since August 3")]),
        (
            "between July 1 and August 10",
            [("2023-07-01 to 2023-08-10", "between July 1 and August 10")],
        ),
        ("in 2021", [("2021-01-01 to 2021-12-31", "in 2021")]),
    ],
)
def test_question_times_become_windows(question: str, expected: list[tuple[str, str]]):
    assert windows(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "How many troops may leave?",  # "may" is a verb
        "A march on the capital",  # "march" is a noun
        "What happened after he left?",  # not an event the articles date
        "What happened before the election?",  # the articles give it no date
        "How many French troops are in Niger?",
    ],
)
def test_words_that_are_not_times_give_no_window(question: str):
    assert windows(question) == []


def test_without_a_dated_article_there_is_nothing_to_be_relative_to():
    assert windows("What happened last week?", newest=None) == []


def test_two_dates_in_one_question_give_two_windows_in_order():
    question = "Did The Verge report on October 5, 2022 what TechCrunch said on 10 October 2022?"
    assert [w for w, _ in windows(question)] == ["2022-10-05", "2022-10-10"]
