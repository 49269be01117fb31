"""A long-running process lets go of replaced generations: their Chroma clients, open files
(deleted ones too) and memory, once no request uses them (#16, finding 2)."""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

from index.update.build import update_index
from qa import retrieve
from qa.api import answerer
from qa.engine.engine import open_engine
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings
from tests.proc import open_files, released, rss_mb

UPDATES = 50
WARM_UP = 5
# Measured over 45 updates after the warm-up (tests/qa/engine/test_release.py, 2-core machine):
# before, +11.5 open files (6.7 of them deleted) and +3.7 MB RSS per update; after, 21-25 open
# files throughout (thread pools come and go) and +15 MB RSS in all.
MORE_FILES = 8
MORE_RSS_MB = 40


def change_one_article(seeds: Path, n: int) -> None:
    (seeds / "schools.txt").write_text(
        f"Schools report {n}\n\nThe ministry said {n} new schools opened in Niamey on Monday.\n",
        encoding="utf-8",
    )


def test_fifty_updates_keep_open_files_and_memory_flat(tmp_path: Path):
    copy_seeds(tmp_path)
    # No grace period: every retired generation but the newest is deleted at the next update,
    # so a process still holding one would hold deleted files.
    settings = make_settings(tmp_path, generation_grace="0")
    update_index(settings)
    started = time.perf_counter()
    for n in range(UPDATES):
        if n == WARM_UP:  # models, thread pools and the allocator's arenas are in place
            files_before, rss_before = open_files(settings.data_dir), rss_mb()
        change_one_article(settings.seeds_dir, n)
        update_index(settings)  # the writer: copies, writes and switches a generation
        assert retrieve(FRENCH_TROOPS, 3, settings=settings)  # a reader: opens the new one
    files_after, rss_after = open_files(settings.data_dir), rss_mb()
    measured = (
        f"{UPDATES} updates in {time.perf_counter() - started:.1f} s; open files "
        f"{files_before} -> {files_after}; RSS {rss_before:.0f} -> {rss_after:.0f} MB"
    )
    assert released(settings.data_dir), measured
    assert files_after[0] <= files_before[0] + MORE_FILES, measured
    assert rss_after - rss_before < MORE_RSS_MB, measured
    assert len(list(settings.data_dir.glob("gen-*"))) == 2, "the live one and the newest retired"


def test_a_replaced_engine_is_closed_when_the_last_request_using_it_ends(tmp_path: Path):
    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, generation_grace="0")
    update_index(settings)
    in_flight = open_engine(settings)  # a request that began before the updates
    generation = in_flight.generation
    store = weakref.ref(in_flight.store)
    vector = in_flight.embedder.embed_query(FRENCH_TROOPS)
    # By reference counting alone, as soon as the last user lets go, not at the next
    # collection: nothing may hold a replaced engine in a reference cycle.
    gc.disable()
    try:
        change_one_article(settings.seeds_dir, 1)
        update_index(settings)
        assert open_engine(settings) is not in_flight
        # Its generation is kept for the grace period (here: until the next update).
        assert in_flight.store.query(vector, 3), "a request in flight finishes with its index"
        built = weakref.ref(answerer(in_flight, settings))
        assert built() is None, "nothing keeps an answerer (it points back at its engine)"
        change_one_article(settings.seeds_dir, 2)
        update_index(settings)
        assert not generation.exists()
        assert open_files(settings.data_dir)[1] > 0, "held by the request still using it"
        del in_flight
        assert store() is None
        assert released(settings.data_dir)
    finally:
        gc.enable()
