"""Fusion, outlet turns and metadata search, on small data."""

from pathlib import Path

import pytest

from index.core.text.outlets import mentioned_outlets, outlet_aliases
from index.update.build import update_index
from qa import retrieve
from qa.retrieval.ranking import relative_fusion, take_turns
from tests.conftest import make_settings


def test_relative_fusion_rescales_each_list_then_mixes():
    dense = {"a": 0.9, "b": 0.5, "c": 0.1}
    lexical = {"b": 12.0, "d": 2.0}
    fused = relative_fusion(dense, lexical, dense_weight=0.3)
    assert fused["a"] == pytest.approx(0.3)  # top dense, absent lexically
    assert fused["b"] == pytest.approx(0.3 * 0.5 + 0.7)  # middle dense, top lexical
    assert fused["c"] == pytest.approx(0.0)
    assert fused["d"] == pytest.approx(0.0)
    assert max(fused, key=fused.__getitem__) == "b"


def test_take_turns_interleaves_then_appends_the_rest_once():
    assert take_turns([["a1", "a2"], ["b1", "a1", "b2"]], ["x", "b1", "a2", "y"]) == [
        "a1",
        "b1",
        "a2",
        "b2",
        "x",
        "y",
    ]
    assert take_turns([], ["x", "y"]) == ["x", "y"]


def test_outlets_are_found_by_full_or_short_name_in_query_order():
    aliases = outlet_aliases(
        {"The Verge", "TechCrunch", "The Independent - Sports", "The Independent - Travel", "BBC"}
    )
    found = mentioned_outlets(
        "Did 'TechCrunch' and The Verge, unlike the independent, agree?", aliases
    )
    assert found == [
        frozenset({"TechCrunch"}),
        frozenset({"The Verge"}),
        frozenset({"The Independent - Sports", "The Independent - Travel"}),
    ]
    assert mentioned_outlets("A verge of collapse at the BBCs", aliases) == []


ARTICLES = {
    "verge.txt": "source: The Verge\nGoogle paid billions to stay the default search engine.",
    "crunch.txt": "source: TechCrunch\nGoogle faces a lawsuit over its search engine deals.",
    "other1.txt": "Google search engine market share rose again this year, analysts said.",
    "other2.txt": "The search engine from Google was the default on most phones in 2023.",
}


@pytest.fixture
def outlet_index(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in ARTICLES.items():
        (seeds / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path)
    update_index(settings)
    return settings


def test_a_question_naming_two_outlets_gets_both_at_the_top(outlet_index):
    passages = retrieve(
        "What did The Verge and TechCrunch report about Google's search engine?",
        k=4,
        settings=outlet_index,
    )
    assert {p.article_id for p in passages[:2]} == {"verge.txt", "crunch.txt"}


def test_outlet_names_are_searchable_without_being_in_the_text(outlet_index):
    # "TechCrunch" appears only in the article's metadata, not in its cleaned text.
    passages = retrieve("TechCrunch", k=1, settings=outlet_index)
    assert passages[0].article_id == "crunch.txt"
    assert "TechCrunch" not in passages[0].text
    assert passages[0].outlet == "TechCrunch"


def test_rerank_stage_puts_the_answering_passage_first(outlet_index):
    from dataclasses import replace

    from qa.engine.engine import open_engine
    from qa.retrieval.ranking import Ranking, Search
    from qa.retrieval.stages import Rerank

    engine = open_engine(outlet_index)
    passages = retrieve("search engine Google", k=4, settings=outlet_index)
    question = "Who paid billions to remain the default search engine?"
    # Put the answering passage last; ordered by the cross-encoder alone it comes first.
    answering = next(p.passage_id for p in passages if p.article_id == "verge.txt")
    ordered = [p.passage_id for p in passages if p.passage_id != answering] + [answering]
    ranking = Ranking(scores={c: 1.0 for c in ordered}, order=ordered)
    search = Search(engine, question, 4)
    result = Rerank(top=4, blend=1.0).apply(ranking, search)
    assert result.ranking.order[0] == answering and "rerank" in result.timings
    # With no cross-encoder share the order stays as it was.
    assert Rerank(top=4, blend=0.0).apply(ranking, search).ranking.order == ordered

    on = replace(outlet_index, rerank_top=4)
    assert len(retrieve(question, k=2, settings=on)) == 2


def test_sentence_match_scores_each_chunk_by_its_best_sentence(outlet_index):
    from qa.engine.engine import open_engine
    from qa.retrieval.stages import sentence_match

    engine = open_engine(outlet_index)
    ids = {c.article_id: c.chunk_id for c in engine.chunks.values()}
    scores = sentence_match(engine, "Who paid billions to stay the default?", list(ids.values()))
    assert scores[ids["verge.txt"]] == 1.0
    # "default" alone (other2) counts for less than "paid billions ... default"; no match is 0.
    assert 0 < scores[ids["other2.txt"]] < 1.0
    assert scores[ids["crunch.txt"]] == 0.0
    assert sentence_match(engine, "zebra", list(ids.values())) == {}


def test_ask_reports_rerank_time_only_when_reranking(outlet_index):
    from dataclasses import replace

    from qa import ask

    question = "Who paid billions to remain the default search engine?"
    assert "rerank" not in ask(question, settings=outlet_index).timings_ms
    timings = ask(question, settings=replace(outlet_index, rerank_top=4)).timings_ms
    assert timings["rerank"] > 0 and timings["retrieve"] >= 0
