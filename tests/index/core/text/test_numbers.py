"""The three number readings, pinned where they disagree: commas, words, scales, glued digits."""

from __future__ import annotations

import pytest

from index.core.text.numbers import NUMBER_MENTION, number_strings, quantities


def mentions(text: str) -> list[str]:
    return [m.group() for m in NUMBER_MENTION.finditer(text)]


@pytest.mark.parametrize(
    ("text", "mentioned", "strings", "values"),
    [
        ("1,500", ["1,500"], {"1500"}, [1500.0]),
        ("1500", ["1500"], {"1500"}, [1500.0]),
        # Only the mention rule reads words, and it knows "hundred", not "fifteen".
        ("fifteen hundred", ["hundred"], set(), []),
        ("1.5 million", ["1.5", "million"], {"1.5"}, [1_500_000.0]),
        # Commas that do not group thousands, and digits glued to a letter, are no quantity.
        ("1,50", ["1,50"], {"150"}, []),
        ("G20", ["20"], {"20"}, []),
        ("F-16", ["16"], {"16"}, [16.0]),
    ],
)
def test_each_number_rule_keeps_its_reading(
    text: str, mentioned: list[str], strings: set[str], values: list[float]
):
    assert mentions(text) == mentioned
    assert number_strings(text) == strings
    assert [q.value for q in quantities(text)] == values


def test_comma_and_plain_digits_compare_equal_but_keep_their_text():
    written = [q.text for q in quantities("Some 1,500 troops, or 1500 by another count.")]
    assert written == ["1,500", "1500"]
    assert len({q.value for q in quantities("1,500 and 1500")}) == 1
    assert number_strings("1,500 troops") == number_strings("1500 troops")


def test_a_scale_word_reads_across_any_whitespace_and_before_a_comma():
    found = quantities("1.5\tmillion troops, 2 billion, and 1,50 more")
    assert [q.value for q in found] == [1_500_000.0, 2_000_000_000.0]
