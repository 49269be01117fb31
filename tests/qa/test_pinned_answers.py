"""The seed answers, citations, notes and retrievals are exactly those pinned before the
pipeline was reshaped (#14); tests/qa/pinned.py lists the cases and rewrites the file.

Fields added since (a typed kind beside a reason, say) are not in the pinned data and are not
compared; every pinned field must be unchanged."""

import json
from typing import Any

from index.core.settings import Settings
from tests.qa.pinned import PINNED, pinned_answers


def pinned_part(current: Any, expected: Any) -> Any:
    """`current` cut down to the keys `expected` has (recursively), for comparison."""
    if isinstance(expected, dict) and isinstance(current, dict):
        return {k: pinned_part(current.get(k), v) for k, v in expected.items()}
    if isinstance(expected, list) and isinstance(current, list) and len(current) == len(expected):
        return [pinned_part(c, e) for c, e in zip(current, expected, strict=True)]
    return current


def test_answers_are_the_pinned_ones(seeded: Settings):
    expected = json.loads(PINNED.read_text())
    current = pinned_answers(seeded)
    assert sorted(current) == sorted(expected)
    differ = [n for n in expected if pinned_part(current[n], expected[n]) != expected[n]]
    assert not differ, {n: (expected[n], current[n]) for n in differ[:2]}


def test_a_changed_field_is_caught():
    expected = {"text": "a [1]", "citations": [{"n": 1, "quote": "a"}]}
    moved = {"text": "a [1]", "citations": [{"n": 1, "quote": "b", "new": 0}]}
    assert pinned_part(moved, expected) != expected
    assert pinned_part({**expected, "new": 1}, expected) == expected
