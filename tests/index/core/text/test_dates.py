"""One month table, several date rules: each pinned on "Sept." and where they disagree."""

from __future__ import annotations

import re

import pytest

from index.core.text.dates import (
    DATE_WORD,
    MONTHS,
    QUESTION_DATE,
    SENTENCE_DATES,
    dateline_date,
    event_dates,
    iso_date,
    month_day,
)


def found(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group() for m in pattern.finditer(text)]


def question_dates(text: str) -> list[str]:
    # Bounded by word edges, as the time patterns use it.
    return found(re.compile(rf"\b{QUESTION_DATE}\b", re.IGNORECASE), text)


def test_the_month_table_has_every_spelling_once():
    assert {n for n in MONTHS.values()} == set(range(1, 13))
    assert MONTHS["sept"] == MONTHS["sep"] == MONTHS["september"] == 9
    assert MONTHS["may"] == 5 and "ma" not in MONTHS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Niamey, Sept. 5, 2023", "2023-09-05"),
        ("5 Sept. 2023", "2023-09-05"),
        ("PARIS, SEPT 5 2023", "2023-09-05"),
        # Datelines take no ordinal, and need the year.
        ("5th Sept 2023", None),
        ("Sept 5", None),
        ("Sept. 31, 2023", None),
    ],
)
def test_dateline_dates(text: str, expected: str | None):
    assert dateline_date(text) == expected


def test_each_rule_reads_sept_with_its_full_stop():
    text = "Troops left on Sept. 26, 2023."
    assert question_dates(text) == ["Sept. 26, 2023"]
    # A sentence's date leaves the year after a day out, so versions compare by month-day.
    assert found(SENTENCE_DATES, text) == ["Sept. 26"]
    assert found(DATE_WORD, text) == ["Sept", "2023"]
    assert dateline_date(text) == "2023-09-26"
    assert month_day("Sept. 26") == (9, 26)
    assert [m.group(1) for m in event_dates("coup").finditer("the Sept. 26 coup")] == ["Sept. 26"]


@pytest.mark.parametrize(
    ("text", "question", "sentence", "event"),
    [
        # An ordinal day: not before an event's word.
        ("the 26th July coup", ["26th July"], ["26th July"], []),
        ("the 26 July, 2023 coup", ["26 July, 2023"], ["26 July"], ["26 July"]),
        # A question's day is a calendar day; a sentence's is any two digits.
        ("July 45 coup", [], ["July 45"], ["July 45"]),
        ("in Sept. 2023", ["Sept. 2023"], ["Sept. 2023"], []),
    ],
)
def test_date_rules_disagree_where_their_readers_need(
    text: str, question: list[str], sentence: list[str], event: list[str]
):
    assert question_dates(text) == question
    assert found(SENTENCE_DATES, text) == sentence
    assert [m.group(1) for m in event_dates("coup").finditer(text)] == event


def test_a_lower_case_may_is_a_date_word_but_not_a_question_date():
    assert found(DATE_WORD, "They may go") == ["may"]
    assert question_dates("They may go") == []
    assert question_dates("They go in May") == ["May"]


def test_month_day_reads_both_orders():
    assert month_day("July 26 coup") == (7, 26)
    assert month_day("26th July") == (7, 26)
    assert month_day("Sept. 4") == (9, 4)
    assert month_day("the coup") is None


def test_iso_date_refuses_days_that_do_not_exist():
    assert iso_date(2024, 2, 29) == "2024-02-29"
    assert iso_date(2023, 2, 29) is None
