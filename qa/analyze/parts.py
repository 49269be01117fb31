"""A question's parts: one per source it names ("the Guardian article ... while The
Independent ..."), each with the outlets and the publication day it names, to be searched
and checked on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from index.core.text.dates import MONTHS
from index.core.text.outlets import OutletMention

# Where one source's part of a question ends and the next begins: the last of these before
# the next source's name (MultiHop-RAG's compound questions join their parts with them).
_JOINT = re.compile(
    r",?\s*\b(?:while|whereas|but|yet|and|or|with|in contrast to|compared to|compared with|"
    r"than|unlike|as|to how|the same as|similar to|after|before|between)\b"
    r"|,|;",
    re.IGNORECASE,
)
# A source named after its claim ("..., as reported by TechCrunch"): the part ends with it.
_TAIL = re.compile(
    r"\b(?:as reported by|reported by|according to|as per|per|as claimed by|claimed by|"
    r"as alleged in|alleged in|as covered by|covered by|as noted by|as stated by|in|by|from)"
    r"\s+(?:a |an |the |a second |another )?['\"’‘]?$",
    re.IGNORECASE,
)
# Between names of one list ("Fortune, The Verge, and TechCrunch").
_LIST_GAP = re.compile(r"^['\"’‘\s]*(?:,|and|&|or|,\s*and)?['\"’‘\s]*(?:the\s+)?$", re.I)
_FULL_DATE = re.compile(
    rf"\b(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(?P<day>\d{{1,2}})"
    r"(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Part:
    """One source's share of a question.

    - `text`: the question's words for this part (as searched, and as the claim checked).
    - `outlets`: the indexed outlets it is attributed to (empty: any).
    - `day`: a publication day it names ("the TechCrunch article from November 18, 2023").
    """

    text: str
    outlets: frozenset[str] = frozenset()
    day: date | None = None


def _lists(text: str, mentions: list[OutletMention]) -> list[list[OutletMention]]:
    """Mentions grouped into lists: names with only commas or "and" between them."""
    runs: list[list[OutletMention]] = []
    for mention in mentions:
        if runs and _LIST_GAP.match(text[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def question_parts(question: str, mentions: list[OutletMention]) -> list[Part]:
    """The question's parts, one per source it names in turn (`mentions`: its
    `outlet_occurrences`); a list of sources ("as reported by Fortune, The Verge, and
    TechCrunch") gives each of them the whole question. A question naming no source, or
    one, is one part."""
    runs = _lists(question, mentions)
    if len(runs) <= 1:
        outlets = [m.outlets for m in runs[0]] if runs else [frozenset()]
        return [_part(question, group) for group in outlets]
    bounds = [0]
    for previous, run in pairwise(runs):
        gap = question[previous[-1].end : run[0].start]
        tail = _TAIL.search(gap)
        if tail and _TAIL.search(question[: previous[0].start]):
            # Two sources each named after their claim: the gap is the second one's claim.
            bounds.append(previous[-1].end)
            continue
        claim = gap[: tail.start()] if tail else gap
        joints = list(_JOINT.finditer(claim))
        bounds.append(previous[-1].end + joints[-1].start() if joints else run[0].start)
    bounds.append(len(question))
    parts = []
    for run, start, end in zip(runs, bounds, bounds[1:], strict=False):
        text = question[start:end].strip(" ,;?")
        text = re.sub(r"^(?:,|;|while|whereas|but|yet|and|or)\s+", "", text, flags=re.I)
        group = frozenset().union(*(m.outlets for m in run))
        parts.append(_part(text, group))
    return parts


def _part(text: str, outlets: frozenset[str]) -> Part:
    found = _FULL_DATE.search(text)
    day = None
    if found:
        try:
            month = MONTHS[found["month"].lower()]
            day = date(int(found["year"]), month, int(found["day"]))
        except ValueError:
            day = None
    return Part(text=text, outlets=outlets, day=day)
