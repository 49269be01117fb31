"""Outlet and date awareness: explicit filters in ask()/retrieve(), and what questions name."""

from __future__ import annotations

from datetime import date

import pytest

from index.core.errors import QuestionError
from index.core.settings import Settings
from qa import ask, retrieve
from qa.retrieval.filters import Filters, make_filters
from qa.retrieval.sources import attributes_to, named_sources

FRENCH_TROOPS = "How many French troops are in Niger?"
AUGUST = "004_bebdfeffcaaf1832.txt"  # the only seed dated in August 2023
LE_MONDE = {"001_abad9e9fd5f90efe.txt", "002_c75df0162f650722.txt"}


def test_an_outlet_filter_keeps_only_that_outlet(seeded: Settings):
    answer = ask(FRENCH_TROOPS, settings=seeded, outlets=["wion"])
    assert answer.grounded and "1500" in answer.text
    assert {p.outlet for p in answer.passages} == {"WION"}
    assert {c.outlet for c in answer.citations} == {"WION"}
    assert "Searched only articles from WION." in answer.notes


def test_a_date_filter_keeps_only_articles_dated_in_range(seeded: Settings):
    passages = retrieve(
        FRENCH_TROOPS, k=10, settings=seeded, since="2023-08-01", until=date(2023, 8, 31)
    )
    assert passages and {p.article_id for p in passages} == {AUGUST}
    answer = ask("What did Bazoum write?", settings=seeded, since="2023-08-01", until="2023-08-31")
    assert {c.article_id for c in answer.citations} == {AUGUST}
    assert any("undated article(s) were left out" in note for note in answer.notes)


def test_filters_matching_nothing_say_the_articles_do_not_cover_it(seeded: Settings):
    answer = ask(FRENCH_TROOPS, settings=seeded, outlets="WION", until="2023-01-01")
    assert not answer.grounded and answer.citations == [] and answer.passages == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"outlets": ["Daily Planet"]},
            "No indexed article is from 'Daily Planet'. Indexed outlets: WION",
        ),
        ({"since": "2023-13-01"}, "since='2023-13-01' is not a date - use YYYY-MM-DD"),
        (
            {"since": "2023-09-01", "until": "2023-08-01"},
            "since=2023-09-01 is after until=2023-08-01",
        ),
    ],
)
def test_bad_filters_name_the_fix(seeded: Settings, kwargs: dict[str, str], message: str):
    with pytest.raises(QuestionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ask(FRENCH_TROOPS, settings=seeded, **kwargs)  # type: ignore[arg-type]


def test_what_did_le_monde_report_cites_the_articles_attributing_to_it(seeded: Settings):
    answer = ask("What did Le Monde report?", settings=seeded)
    cited = {c.article_id for c in answer.citations}
    assert answer.grounded and cited and cited <= LE_MONDE
    # The two articles attributing to Le Monde lead the passages.
    assert {p.article_id for p in answer.passages[:2]} == LE_MONDE


def test_a_month_in_the_question_puts_articles_of_that_month_first(seeded: Settings):
    question = "What did Bazoum say about the coup in August?"
    answer = ask(question, settings=seeded)
    assert answer.passages[0].article_id == AUGUST
    assert 'Articles dated 2023-08-01 to 2023-08-31 ("in August") came first.' in answer.notes
    undated_first = ask("What did Bazoum say about the coup?", settings=seeded)
    assert not any("came first" in note for note in undated_first.notes)


def test_a_time_no_article_is_dated_in_is_said(seeded: Settings):
    answer = ask("What happened before the coup?", settings=seeded)
    assert any(
        note.startswith("No article found is dated 2023-07-25 or earlier") for note in answer.notes
    )


def test_filters_describe_and_translate_to_chroma():
    filters = make_filters(["wion"], "2023-08-01", None, ["WION", "Le Monde"])
    assert filters == Filters(frozenset({"WION"}), date(2023, 8, 1), None)
    assert filters.describe() == "from WION, dated 2023-08-01 or later"
    assert filters.where() == {
        "$and": [{"outlet": {"$in": ["WION"]}}, {"date_int": {"$gte": 20230801}}]
    }
    assert not make_filters(None, "", None, []).active


def test_named_sources_and_attribution():
    assert named_sources("What did Le Monde report?") == ["Le Monde"]
    assert named_sources("According to the Washington Post, who won?") == ["Washington Post"]
    assert named_sources("How many French troops are in Niger?") == []
    assert attributes_to("Talks began, Le Monde reported.", "Le Monde")
    assert attributes_to("sources confirmed to Le Monde", "Le Monde")
    assert not attributes_to("Le Monde is a French daily's name.", "Le Mondial")
    assert not attributes_to("He read Le Monde over breakfast.", "Le Monde")


def test_bm25_searches_of_different_depths_in_threads_stay_apart(seeded: Settings):
    from concurrent.futures import ThreadPoolExecutor

    from qa.engine.engine import open_engine

    # The filtered search scores every chunk and an event date reads 30: one thread's depth
    # must not leak into another's search (the UI answers two questions at once).
    engine = open_engine(seeded)
    depths = [1, 3, len(engine.chunks)] * 20
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda k: engine.bm25_hits("Bazoum Niger", k), depths))
    alone = {k: engine.bm25_hits("Bazoum Niger", k) for k in set(depths)}
    assert len(alone[3]) == 3
    assert all(hits == alone[k] for hits, k in zip(found, depths, strict=True))
