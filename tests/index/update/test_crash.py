"""Kill -9 during rebuilds and updates, readers during a switch, one writer across processes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index.core.errors import IndexBusyError
from index.core.settings import Settings
from index.store.chroma import ChunkStore
from index.store.generations import PREFIX, live_generation
from index.store.manifest import Manifest
from index.update.build import update_index
from qa import ask, retrieve
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings

pytestmark = pytest.mark.slow
QUESTIONS = [FRENCH_TROOPS, "Who is Niger's prime minister?", "What sanctions did ECOWAS impose?"]


def start_index(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEWSQA_SEEDS_DIR": str(settings.seeds_dir),
        "NEWSQA_DATA_DIR": str(settings.data_dir),
        "NEWSQA_GENERATION_GRACE": "0",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ui.cli.main", "index", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def top_results(settings: Settings) -> list[list[str]]:
    return [[p.passage_id for p in retrieve(q, k=3, settings=settings)] for q in QUESTIONS]


def consistent(settings: Settings) -> set[str]:
    """The live generation is complete and its Chroma store holds exactly its manifest."""
    live = live_generation(settings.data_dir)
    assert live is not None
    manifest = Manifest.load(live)
    assert manifest.complete
    store = ChunkStore(live / "chroma")
    assert store.count() == manifest.chunk_count
    assert {c.article_id for c in store.all_chunks()} == set(manifest.articles)
    return set(manifest.articles)


def half_built(settings: Settings) -> int:
    return sum(
        not (path / "manifest.json").is_file() or not Manifest.load(path).complete
        for path in settings.data_dir.glob(PREFIX + "*")
    )


@pytest.fixture
def indexed(tmp_path: Path) -> Settings:
    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, generation_grace="0")
    update_index(settings)
    return settings


def test_a_killed_rebuild_leaves_the_last_good_index(indexed: Settings):
    before, articles = top_results(indexed), consistent(indexed)
    rng = random.Random(6)
    mid_build = 0
    for _ in range(10):
        writer = start_index(indexed, "--rebuild")
        time.sleep(rng.uniform(1.0, 4.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        mid_build += half_built(indexed) > 0
        assert top_results(indexed) == before
        assert consistent(indexed) == articles
    print(f"rebuild kills that landed mid-build: {mid_build} of 10")
    assert mid_build >= 3  # kills that landed while a generation was half-built
    finished = start_index(indexed, "--rebuild")
    assert finished.wait(timeout=120) == 0
    assert consistent(indexed) == articles and top_results(indexed) == before
    # The half-built generations of the killed runs are gone.
    for path in indexed.data_dir.glob(PREFIX + "*"):
        assert Manifest.load(path).complete


def test_a_killed_update_leaves_the_old_or_the_new_index_never_a_mix(indexed: Settings):
    rng = random.Random(7)
    seeds = indexed.seeds_dir
    mid_update = 0
    for i in range(10):
        old = consistent(indexed)
        (seeds / f"extra-{i}.txt").write_text(
            f"Extra story {i}\n\nThe survey counted {i} herons on the river Loire this spring.\n"
        )
        if i % 3 == 2:
            (seeds / f"extra-{i - 1}.txt").unlink()
        new = {p.name for p in seeds.glob("*.txt")}
        writer = start_index(indexed)
        time.sleep(rng.uniform(1.0, 4.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        mid_update += half_built(indexed) > 0
        assert consistent(indexed) in (old, new)
        assert retrieve(FRENCH_TROOPS, k=3, settings=indexed)
    print(f"update kills that landed mid-update: {mid_update} of 10")
    assert mid_update >= 3  # kills that landed while a copy was being updated
    finished = start_index(indexed)
    assert finished.wait(timeout=120) == 0
    assert consistent(indexed) == {p.name for p in seeds.glob("*.txt")}


def test_readers_during_switches_see_no_errors_and_no_empty_results(indexed: Settings):
    # The default grace period: a reader finishes with the generation it opened.
    indexed = replace(indexed, generation_grace=600)
    errors: list[BaseException] = []
    answers = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                answers.append(ask(FRENCH_TROOPS, settings=indexed))
            except BaseException as err:
                errors.append(err)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    generations = set()
    for _ in range(3):
        generations.add(update_index(indexed, rebuild=True).generation)
    time.sleep(0.5)
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert len(answers) >= 8
    assert all(a.passages and a.grounded and "1500" in a.text for a in answers)
    assert len(generations) == 3


def test_a_second_writer_in_another_process_is_refused_quickly(indexed: Settings):
    writer = start_index(indexed, "--rebuild")
    lock = indexed.data_dir / "writer.lock"
    deadline = time.monotonic() + 60
    while f"pid {writer.pid}" not in (lock.read_text() if lock.exists() else ""):
        assert time.monotonic() < deadline and writer.poll() is None
        time.sleep(0.02)
    started = time.perf_counter()
    with pytest.raises(IndexBusyError, match=f"pid {writer.pid}"):
        update_index(indexed)
    assert time.perf_counter() - started < 1.0
    assert ask(FRENCH_TROOPS, settings=indexed).grounded  # readers are unaffected
    assert writer.wait(timeout=120) == 0
    consistent(indexed)
