"""Article text made safe for a terminal: what an article carries must never drive it.

An article is anyone's text. On a terminal, ESC sequences clear the screen (`ESC[2J`),
retitle the window (OSC `ESC]0;...BEL`), move the cursor or rewrite what was printed; a
carriage return or backspace overwrites it; bidirectional overrides (RLO U+202E and its
kin) show characters in another order than they are read. `terminal_text` removes all of
these and keeps newlines and tabs; `escape_unprintable` writes the same characters as
`\\uXXXX` escapes instead, for JSON, whose readers must get the text unchanged.

Written here because no maintained library covers the whole rule: ANSI strippers
(`strip-ansi`, click's `unstyle`) take only CSI sequences, rich's `strip_control_codes` five
C0 characters; none handles 8-bit C1 controls, OSC ended by ST or the bidi controls.
"""

from __future__ import annotations

import re

# Bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069), and the marks (LRM, RLM, ALM), which reorder neutral characters.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 but newline and tab, DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

_ESCAPE_SEQUENCE = re.compile(
    # CSI (ESC[ or 8-bit \x9b): parameters, intermediates, one final byte.
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    # OSC, DCS, SOS, PM, APC (7- or 8-bit) up to BEL or ST; unterminated, only to the end of
    # the line, so that one stray ESC] cannot swallow the rest of an answer.
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    # Any other ESC sequence: intermediates and one final byte (ESC c resets the terminal).
    r"|\x1b[ -/]*[0-~]?"
)
_UNPRINTABLE = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}]")


def terminal_text(text: str) -> str:
    """`text` without escape sequences, control characters (newlines and tabs kept) and
    bidirectional controls: what it reads as, and nothing that acts on the terminal."""
    return _UNPRINTABLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def escape_unprintable(text: str) -> str:
    """`text` with every character `terminal_text` removes written as a `\\uXXXX` escape.

    For JSON text: those characters only occur inside its strings, where the escape reads back
    as the same character, so the data is unchanged and nothing raw reaches the terminal.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
