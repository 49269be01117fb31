"""The seed answers, citations, notes and retrievals are exactly those pinned before the
pipeline was reshaped (#14); tests/qa/pinned.py lists the cases and rewrites the file."""

import json

from index.settings import Settings
from tests.qa.pinned import PINNED, pinned_answers


def test_answers_are_the_pinned_ones(seeded: Settings):
    expected = json.loads(PINNED.read_text())
    current = pinned_answers(seeded)
    assert sorted(current) == sorted(expected)
    differ = [name for name in expected if current[name] != expected[name]]
    assert not differ, {name: (expected[name], current[name]) for name in differ[:2]}
