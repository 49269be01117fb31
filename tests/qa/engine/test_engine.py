"""The engine cache and the fallbacks it says out loud."""

from __future__ import annotations

import logging
from dataclasses import replace

from index.core.settings import Settings
from index.news.echoes import ECHOES, FOLDER
from index.store.generations import live_generation
from index.update.build import update_index
from qa.engine.engine import open_engine


def test_a_setting_that_shapes_the_engine_gets_another_engine(seeded: Settings):
    engine = open_engine(seeded)
    assert open_engine(seeded) is engine
    # Another Chroma server port is another store; another retrieval tuning another search.
    other_port = open_engine(replace(seeded, chroma_port=seeded.chroma_port + 1))
    assert other_port is not engine and other_port.settings.chroma_port != seeded.chroma_port
    assert open_engine(replace(seeded, time_weight=0.1)) is not engine
    # A setting the engine does not read (the answer's top k) keeps the one engine.
    assert open_engine(replace(seeded, top_k=seeded.top_k + 1)) is engine


def test_echoes_found_again_are_logged(fresh: Settings, caplog):
    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / FOLDER / ECHOES).unlink()
    engine = open_engine(fresh)
    with caplog.at_level(logging.WARNING, logger="qa.engine.engine"):
        assert engine.copies is not None
    assert generation.name in caplog.text and "echoes" in caplog.text
