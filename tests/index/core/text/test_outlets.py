"""One outlet-family rule for the template filter (stories) and outlet aliases (sources)."""

from __future__ import annotations

import pytest

from index.core.text.outlets import (
    MAX_OUTLET_CHARS,
    clean_outlet,
    outlet_aliases,
    outlet_family,
    outlet_key,
    outlet_mentions,
)
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


@pytest.mark.parametrize(
    "spelled",
    [
        "WION",
        "WI\u200bON",  # zero-width space
        "\ufeffWI\u200dON\u2060",  # BOM, zero-width joiner, word joiner
        "\uff37\uff29\uff2f\uff2e",  # full-width letters (NFKC)
        "\u202eWION\u202c",  # a right-to-left override and its end
        " WI\x07ON\x1b ",  # a bell and an escape, with spaces
    ],
)
def test_an_outlet_has_one_spelling(spelled: str):
    assert clean_outlet(spelled) == "WION"
    assert outlet_key(spelled) == outlet_key("wion")


def test_outlet_whitespace_folds_and_long_names_are_cut():
    assert clean_outlet("The\tIndependent \n - \u00a0Sports") == "The Independent - Sports"
    assert clean_outlet("\u200b \t") is None and clean_outlet(None) is None
    long = clean_outlet("Daily " * 30)
    assert long is not None and len(long) <= MAX_OUTLET_CHARS and long.endswith("Daily…")


def test_a_mention_in_another_spelling_is_found_where_it_is_written():
    aliases = outlet_aliases({"Le Monde"})
    question = "What did \uff2ce\u200b Monde report?"
    (mention,) = outlet_mentions(question, aliases)
    assert question[mention.start : mention.end] == "\uff2ce\u200b Monde"
    assert mention.outlets == {"Le Monde"}
