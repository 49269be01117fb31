"""Outlet families: the desks of one publisher ("The Independent - Sports", "The Independent
| Travel") are one family, which shares templates and answers to the publisher's name."""

from __future__ import annotations

import re

_DESK = re.compile(r" [|-] ")


def outlet_family(outlet: str) -> str:
    """The lower-case publisher part of an outlet name: "the independent" for "The
    Independent - Sports" (what comes before the first " | " or " - ")."""
    return _DESK.split(outlet, maxsplit=1)[0].strip().lower()
