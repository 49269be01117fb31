"""One outlet-family rule for the template filter (stories) and outlet aliases (sources)."""

from __future__ import annotations

import pytest

from index.core.text.outlets import outlet_aliases, outlet_family
from index.news.echoes import Echo
from index.news.stories import wire_echoes


@pytest.mark.parametrize(
    ("outlet", "family"),
    [
        ("The Independent - Sports", "the independent"),
        ("The Independent | Travel", "the independent"),
        ("The Independent", "the independent"),
        # Only a spaced dash or bar separates a desk: a hyphenated name stays whole.
        ("Jean-Luc Blog", "jean-luc blog"),
        ("A - B | C", "a"),
    ],
)
def test_family_is_the_part_before_the_first_desk(outlet: str, family: str):
    assert outlet_family(outlet) == family


def test_sources_answer_to_the_family_name():
    aliases = outlet_aliases({"The Independent - Sports", "The Independent | Travel"})
    assert aliases["the independent"] == {"The Independent - Sports", "The Independent | Travel"}
    assert aliases["the independent - sports"] == {"The Independent - Sports"}


@pytest.mark.parametrize(
    ("outlets", "kept"),
    [
        # Three desks of one publisher: its template, dropped.
        (("The Independent - Sports", "The Independent | Travel", "The Independent"), 0),
        # Three publishers: copy, kept.
        (("The Independent - Sports", "Reuters", "AFP"), 2),
    ],
)
def test_stories_treat_desks_of_one_publisher_as_one_outlet(outlets: tuple[str, ...], kept: int):
    echoes = [Echo("a", 0, 10, "b", 0, 10, 1.0), Echo("a", 0, 10, "c", 0, 10, 1.0)]
    by_article = dict(zip("abc", outlets, strict=True))
    assert len(wire_echoes(echoes, dict(by_article))) == kept
