"""Terminal-safe text: escape sequences, controls and bidi overrides out; words, newlines,
tabs and other scripts kept; JSON escapes read back as the same text."""

from __future__ import annotations

import json
import re

import pytest

from index.core.text.printable import escape_unprintable, terminal_text

# Anything a terminal acts on: C0 but newline and tab, DEL, C1, bidi controls.
ACTS_ON_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("clear\x1b[2Jscreen", "clearscreen"),
        ("colour \x1b[38;5;196mred\x1b[0m", "colour red"),
        ("title \x1b]0;pwned\x07set", "title set"),
        ("title \x1b]2;pwned\x1b\\set", "title set"),
        ("8-bit \x9b2Jcsi and \x9d0;pwned\x9cosc", "8-bit csi and osc"),
        ("reset \x1bc!", "reset !"),
        ("bell\x07 ring", "bell ring"),
        ("back\x08space and\rreturn", "backspace andreturn"),
        ("del\x7f and nel\x85", "del and nel"),
        ("evil \u202etxt.exe\u202c and \u2066iso\u2069", "evil txt.exe and iso"),
        ("marks \u200eLRM\u200f RLM \u061cALM", "marks LRM RLM ALM"),
        ("stray ESC at the end\x1b", "stray ESC at the end"),
        ("open OSC \x1b]0;swallows only\nits own line", "open OSC \nits own line"),
    ],
)
def test_terminal_text_drops_what_acts_on_a_terminal(raw: str, shown: str):
    assert terminal_text(raw) == shown


def test_terminal_text_keeps_text_newlines_tabs_and_other_scripts():
    text = "Niamey\tJuly 26\n\nCafé — 1,500 «Niger», نيجر, 尼日尔, 👍🏽 and a\u00adsoft hyphen"
    assert terminal_text(text) == text


def test_escaped_json_reads_back_unchanged_and_carries_nothing_raw():
    data = {"quote": "a\u202eb\x7f\x85 \\ \x1b[2J \x07 ok é", "n": [1, "\u2066x\u2069"]}
    text = escape_unprintable(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data
    assert not ACTS_ON_TERMINAL.search(text)
    assert "é" in text  # not ASCII-escaped: readable
