"""Whole lines that are a site talking about itself, not the story ("Read more: ...",
"Follow us on ..."): the text cleaner drops them from .txt files, the HTML reader from the
paragraphs trafilatura keeps (a "Read more" box inside the story's own markup)."""

from __future__ import annotations

import re

BOILERPLATE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^you can now write for\b",
        r"^watch\b.{0,40}\blive\b.{0,10}$",
        r"^(click|tap) here\b",
        r"^(subscribe|sign up|register)\b.{0,80}\b(newsletter|subscription|updates|free|now)\b",
        r"^(follow|like) us on\b",
        r"^download (the|our)\b.{0,40}\bapp\b",
        r"^(also read|read more|read also|related( stories| articles)?)\s*[:|\-–]",
        r"^advertisement\W*$",
        r"^(story|article) continues below\b",
        r"^share (this|on)\b",
    )
]


def is_boilerplate(line: str) -> bool:
    """Whether the (stripped) line is one of the site's own."""
    return any(p.search(line) for p in BOILERPLATE_LINES)
