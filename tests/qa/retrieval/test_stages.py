"""Retrieval as configured stages: the config from Settings, the stage list, what each
stage returns."""

from __future__ import annotations

from dataclasses import replace

import pytest

from index.core.errors import ConfigError
from index.core.settings import Settings
from qa.engine.engine import open_engine
from qa.retrieval.config import RetrievalConfig
from qa.retrieval.filters import Filters
from qa.retrieval.ranking import Ranking, Search
from qa.retrieval.search import Retriever, TimeBoost, default_stages, hybrid_search
from qa.retrieval.stages import Candidates, Diversity, Fusion, Rerank, SentenceBonus, SourceTurns


def test_the_config_is_read_from_settings_with_the_measured_defaults():
    assert RetrievalConfig.of(Settings.load({}, env_file=None)) == RetrievalConfig.default()
    assert RetrievalConfig.default().dense_weight == 0.3  # the measured mix (docs/retrieval.md)
    env = {"NEWSQA_TIME_WEIGHT": "0.1", "NEWSQA_SOURCE_TURNS": "false", "NEWSQA_CANDIDATES": "50"}
    config = RetrievalConfig.of(Settings.load(env, env_file=None))
    assert (config.time_weight, config.source_turns, config.candidates) == (0.1, False, 50)
    with pytest.raises(ConfigError, match="NEWSQA_DENSE_WEIGHT"):
        Settings.load({"NEWSQA_DENSE_WEIGHT": "1.5"}, env_file=None)


def test_the_stage_list_follows_the_config():
    kinds = [type(s) for s in default_stages(RetrievalConfig.default())]
    assert kinds == [Candidates, Fusion, TimeBoost, SentenceBonus, SourceTurns, Diversity]
    config = replace(RetrievalConfig.default(), source_turns=False, diversity=False, rerank_top=8)
    stages = default_stages(config)
    assert [type(s) for s in stages][-2:] == [SentenceBonus, Rerank]
    assert stages[-1] == Rerank(top=8, blend=config.rerank_blend)


def test_a_stage_returns_its_note_and_leaves_the_ranking_it_got(seeded: Settings):
    engine = open_engine(seeded)
    search = Search(engine, "What happened in Niger in September 2023?", 5)
    start = Retriever(engine).stages[0].apply(Ranking(), search).ranking
    fused = Fusion(0.3).apply(start, search).ranking
    before = dict(fused.scores)
    result = TimeBoost(weight=0.3, event_passages=30).apply(fused, search)
    assert fused.scores == before  # not changed in place
    assert len(result.notes) == 1 and "September 2023" in result.notes[0]
    lifted = [c for c in before if result.ranking.scores[c] > before[c]]
    assert lifted and all(engine.chunks[c].date.startswith("2023-09") for c in lifted)


def test_the_retriever_returns_the_notes_with_the_passages(seeded: Settings):
    engine = open_engine(seeded)
    question = "What happened in Niger in September 2023?"
    found = Retriever(engine).search(question, 3)
    assert hybrid_search(engine, question, 3) == found.passages
    assert found.notes and "September 2023" in found.notes[0]
    # Another config is another ranking: without the time boost, no note.
    plain = Retriever(engine, replace(RetrievalConfig.default(), time_weight=0.0)).search(
        question, 3
    )
    assert plain.notes == found.notes  # the window is still said, with no lift
    assert [p.score for p in plain.passages] != [p.score for p in found.passages]


def test_nothing_within_the_filters_is_no_passages_and_no_notes(seeded: Settings):
    engine = open_engine(seeded)
    nothing = Filters(outlets=frozenset({"No Such Outlet"}))
    found = Retriever(engine).search("What happened in Niger in September 2023?", 3, nothing)
    assert found.passages == [] and found.notes == []
