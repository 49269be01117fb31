"""Values of a sentence (numbers, dates, names): two sentences are copies only when they agree."""

from __future__ import annotations

import pytest

from index.core.text.values import sentence_values, value_marks, values_disagree

WION = (
    "Currently, about 1500 French troops are deployed in Niger as part of France's larger "
    "fight against jihadists in the Sahel region of Africa."
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (WION, WION.replace("1500", "7000")),
        (
            "The July 26 military coup ousted French ally President Mohamed Bazoum.",
            "The July 30 military coup ousted French ally President Mohamed Bazoum.",
        ),
        (
            "Thursday's clash between the Lions and Packers will be aired on Prime Video.",
            "Thursday's clash between the Bears and Panthers will be aired on Prime Video.",
        ),
    ],
)
def test_a_sentence_that_differs_in_a_value_disagrees(a: str, b: str):
    assert values_disagree(a, b) and values_disagree(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The same value written two ways.
        (WION, WION.replace("1500", "1,500")),
        # A copy that adds a clause adds a value; it takes none away.
        (WION, WION.replace("Africa.", "Africa, officials in Paris said.")),
        # Who reported it is not a value of the sentence.
        (
            "France has started talks over withdrawing some troops, Le Monde reported.",
            "France has started talks over withdrawing some troops, reported AFP.",
        ),
        # A possessive is the same name.
        ("Talks began with Niger's military.", "Talks began with the military of Niger."),
    ],
)
def test_the_same_values_agree(a: str, b: str):
    assert not values_disagree(a, b)


def test_values_compare_by_key_and_keep_their_writing():
    numbers = sentence_values("number", "Some 1,500 troops and 1.5 million euros.")
    assert [(v.key, v.text) for v in numbers] == [("1500", "1,500"), ("1.5e+06", "1.5 million")]
    # "26," is a day, not a quantity (numbers.quantities): a date and the number 2023.
    assert len(value_marks("Talks began on July 26, 2023.")) == 2
    assert not values_disagree("Talks began on July 26, 2023.", "Talks began on 26 July 2023.")
