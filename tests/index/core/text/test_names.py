"""The name readings, pinned on one sentence where each reads something else."""

from __future__ import annotations

import re

import pytest

from index.core.text.names import (
    CAPITALISED_RUN,
    PROPER_WORD,
    SOURCE_NAME,
    entities_present,
    name_runs,
    named_entities,
)

SENTENCE = "President Mohamed Bazoum met Osama bin Laden in Niamey on Monday."


def test_each_name_rule_reads_the_same_sentence_its_own_way():
    # Single words, not the sentence's first, weekday included.
    assert PROPER_WORD.findall(SENTENCE) == [
        "Mohamed", "Bazoum", "Osama", "Laden", "Niamey", "Monday"
    ]  # fmt: skip
    # Whole names after a lower-case word, particles kept, weekdays and months left out.
    assert name_runs(SENTENCE) == ["Mohamed Bazoum", "Osama bin Laden", "Niamey"]
    # Every capitalised run, the first word and a closing full stop too.
    assert CAPITALISED_RUN.findall(SENTENCE) == [
        "President Mohamed Bazoum", "Osama", "Laden", "Niamey", "Monday."
    ]  # fmt: skip


def test_name_runs_skip_months_weekdays_and_stopwords_alone():
    assert name_runs("They left in August, on Monday; Then, Paris said so.") == ["Paris"]
    # Only a whole run is checked: a month inside a longer one stays.
    assert name_runs("It ended, In July.") == ["In July"]


def test_question_entities_are_stems_after_the_first_word():
    entities = named_entities("Did President Bazoum meet the Nigerien envoy?")
    assert entities == {"presi", "bazou", "niger"}
    assert entities_present(entities, "Niger's president Bazoum said so.")
    assert not entities_present(entities, "The president said so.")
    # A question starting in lower case names nothing.
    assert named_entities("did Bazoum leave?") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("according to the New York Times, it", "New York Times"),
        ("according to Le Monde and others", "Le Monde"),
        ("according to The Guardian's", "Guardian's"),
    ],
)
def test_source_names(text: str, name: str):
    match = re.search(rf"according to {SOURCE_NAME}", text)
    assert match is not None and match.group("name") == name
