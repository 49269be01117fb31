"""Numbers in text. Three readings, each for its reader, and they differ on purpose:

- `NUMBER_MENTION`: any digit run or number word ("1,500", "dozens", the "hundred" of
  "fifteen hundred"), for "does this sentence offer a number at all" (qa/answer/support.py);
  it is the only one that reads words.
- `number_strings`: the digit runs as written without commas ("1,500" and "1500" are both
  "1500"), for "does the cited passage hold the claim's numbers" (qa/answer/citecheck.py).
- `quantities`: values ("1,500" = 1500, "1.5 million" = 1500000), for "do two sources give
  different numbers" (qa/answer/conflicts.py); commas must group thousands, so "1,50" and
  digits glued to a letter ("G20", "5G") are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_MENTION = re.compile(
    r"\d[\d,.]*|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)
DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_QUANTITY = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    # A scale word may be followed by a comma ("2 billion, ..."); bare digits may not ("1,50").
    r"(?:\s+(?:million|billion|trillion)\b|(?![\w,]))",
    re.IGNORECASE,
)
_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Quantity:
    """A number a text gives: `value` compares ("1,500" == "1500"), `text` is as written."""

    value: float
    text: str


def number_strings(text: str) -> set[str]:
    """The text's digit runs, commas and a closing full stop removed."""
    return {n.replace(",", "").rstrip(".") for n in DIGITS.findall(text)}


def quantities(text: str) -> list[Quantity]:
    """Each number the text gives, in order, with a million/billion/trillion after it applied."""
    found = []
    for match in _QUANTITY.finditer(text):
        # Any whitespace may stand between the digits and the scale ("1.5\tmillion").
        digits, *scale_word = match.group().split(None, 1)
        scale = scale_word[0] if scale_word else ""
        value = float(digits.replace(",", "")) * _SCALE.get(scale.lower(), 1.0)
        found.append(Quantity(value, match.group()))
    return found
