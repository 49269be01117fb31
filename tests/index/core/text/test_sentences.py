"""The three sentence splitters, pinned where they disagree (an initial, an ellipsis, a
question inside quotes, a closing quote)."""

from __future__ import annotations

import pytest

from index.core.text.sentences import first_sentence, sentence_spans, sentence_units

INITIAL = "Fans filled Gerald J. Ford Stadium. It rained."
ELLIPSIS = 'He said: "Well... you can not score those." Fans left.'
QUOTED_QUESTION = '"Why?" he asked. Nobody knew.'


def pieces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    ("text", "punkt", "units", "first"),
    [
        (
            INITIAL,
            ["Fans filled Gerald J. Ford Stadium.", "It rained."],
            # The cheap regex ends a unit at any full stop before a space.
            ["Fans filled Gerald J.", "Ford Stadium.", "It rained."],
            "Fans filled Gerald J.",
        ),
        (
            ELLIPSIS,
            ['He said: "Well... you can not score those."', "Fans left."],
            ['He said: "Well...', 'you can not score those."', "Fans left."],
            # The title rule waits for a capital, and leaves the closing quote off.
            'He said: "Well... you can not score those.',
        ),
        (
            QUOTED_QUESTION,
            ['"Why?"', "he asked.", "Nobody knew."],
            ['"Why?"', "he asked.", "Nobody knew."],
            '"Why?" he asked.',
        ),
    ],
    ids=["initial", "ellipsis", "quoted-question"],
)
def test_each_splitter_keeps_its_rule(text: str, punkt: list[str], units: list[str], first: str):
    assert pieces(text, sentence_spans(text)) == punkt
    assert pieces(text, sentence_units(text)) == units
    assert first_sentence(text) == first


def test_no_splitter_joins_lines_and_all_trim_whitespace():
    text = "  Line one without an end\n\n  Line two.   Three.  "
    expected = ["Line one without an end", "Line two.", "Three."]
    assert pieces(text, sentence_spans(text)) == expected
    assert pieces(text, sentence_units(text)) == expected
    assert first_sentence(text) == "Line one without an end"


def test_spans_are_offsets_into_the_text():
    text = "First one. Second one."
    assert sentence_units(text) == [(0, 10), (11, 22)]
    assert sentence_spans(text) == [(0, 10), (11, 22)]
