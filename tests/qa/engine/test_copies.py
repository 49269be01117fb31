"""Wire copies at answer time: diverse top passages and "also reported by" on citations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.core.settings import Settings
from index.status.summary import index_status
from index.update.build import update_index
from qa import ask, retrieve
from qa.engine.engine import open_engine
from tests.conftest import make_settings

STORY = (
    "The port of Valdoria reopened on Monday after a three-week strike by dock workers ended "
    "with a pay deal. Shipping agents said 42 vessels had been waiting offshore for a berth. "
    "The union said the agreement raises wages by 9 percent over two years.\n\n"
    "Exporters of coffee and cocoa had warned that the strike was costing them millions of "
    "dollars a day in lost sales and storage fees.\n"
)
OTHER = (
    "Valdoria's parliament approved a new budget on Tuesday with higher spending on roads "
    "and schools, the finance ministry said. Opposition members voted against the plan.\n"
)


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One dispatch run by three outlets (lightly edited), and an unrelated story."""
    root = tmp_path_factory.mktemp("wire")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "a_gazette.txt").write_text(f"source: Valdoria Gazette\nPort reopens\n\n{STORY}")
    edited = STORY.replace("on Monday", "on Monday morning").replace("said", "reported")
    (seeds / "b_herald.txt").write_text(f"source: Coast Herald\nStrike ends at port\n\n{edited}")
    (seeds / "c_times.txt").write_text(f"source: Valdoria Times\nDock strike over\n\n{STORY}")
    (seeds / "d_budget.txt").write_text(f"source: Valdoria Times\nBudget passes\n\n{OTHER}")
    settings = make_settings(root)
    update_index(settings)
    return settings


def test_the_copies_are_one_story_and_their_passages_near_duplicates(wire: Settings):
    stories = index_status(wire).stories
    assert [set(s) for s in stories] == [{"a_gazette.txt", "b_herald.txt", "c_times.txt"}]
    assert len(open_engine(wire).copies.passage_groups()) == 1
    assert not any("d_budget.txt" in story for story in stories)


def test_diversity_keeps_copies_out_of_the_top(wire: Settings):
    question = "How many vessels waited offshore at the port of Valdoria?"
    plain = retrieve(question, k=3, settings=replace(wire, diversity=False))
    diverse = retrieve(question, k=3, settings=wire)
    assert len({p.article_id for p in plain} - {"d_budget.txt"}) == 3  # the copies first
    assert [p.article_id for p in diverse][1] == "d_budget.txt"
    assert diverse[0] == plain[0]


def test_a_citation_lists_every_outlet_that_carries_its_quote(wire: Settings):
    answer = ask("How many vessels waited offshore at the port of Valdoria?", settings=wire)
    assert answer.grounded and "42 vessels" in answer.text
    first = answer.citations[0]
    reprints = first.also_reported_by
    assert {r.article_id for r in reprints} | {first.article_id} == {
        "a_gazette.txt",
        "b_herald.txt",
        "c_times.txt",
    }
    engine = open_engine(wire)
    for r in reprints:
        quote = engine.article_text(r.article_id)[r.start : r.end]
        assert "42 vessels" in quote and r.outlet in {
            "Valdoria Gazette",
            "Coast Herald",
            "Valdoria Times",
        }


def test_a_story_no_one_copied_has_no_reprints(wire: Settings):
    answer = ask("What did Valdoria's parliament approve?", settings=wire)
    assert answer.grounded and answer.citations[0].article_id == "d_budget.txt"
    assert answer.citations[0].also_reported_by == []
