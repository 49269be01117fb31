"""One outlet however an article spells it (#16 finding 4): a zero-width space inside
"WION" or full-width letters made a second, identical-looking outlet in the filter, the
sources and the status; names are normalised wherever they are read."""

from __future__ import annotations

from index.core.settings import Settings
from index.core.text.outlets import outlet_occurrences
from index.status.summary import index_status
from qa import ask
from qa.engine.engine import open_engine

METADATA_LIKE = "WION (2023-09-05) · support 0.99"
WIONS = {"wion.txt", "wion_zw.txt", "wion_wide.txt"}


def test_every_spelling_of_an_outlet_is_indexed_as_one(lookalike_outlets: Settings):
    assert open_engine(lookalike_outlets).outlet_names == ["WION", METADATA_LIKE]
    manifest = index_status(lookalike_outlets).manifest
    assert manifest is not None
    outlets = {a: entry.outlet for a, entry in manifest.articles.items()}
    assert outlets == {**dict.fromkeys(WIONS, "WION"), "metadata.txt": METADATA_LIKE}


def test_a_filter_in_any_spelling_finds_all_of_the_outlet(lookalike_outlets: Settings):
    answer = ask(
        "Is Niger a producer of uranium?",
        settings=lookalike_outlets,
        outlets=[" \uff37I\u200bon\t"],
    )
    assert answer.grounded and answer.citations[0].article_id == "wion_zw.txt"
    assert {p.article_id for p in answer.passages} == WIONS
    assert {c.outlet for c in answer.citations} == {"WION"}
    assert "Searched only articles from WION." in answer.notes


def test_a_question_naming_the_outlet_in_another_spelling_names_it(lookalike_outlets: Settings):
    question = "What did W\u200bI\uff2fN report about uranium?"
    aliases = open_engine(lookalike_outlets).outlet_aliases
    (mention,) = outlet_occurrences(question, aliases)
    assert mention.outlets == {"WION"}
    # The place is in the question as written, hidden characters and all.
    assert question[mention.start : mention.end] == "W\u200bI\uff2fN"
