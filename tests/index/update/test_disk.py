"""A full disk (#16, finding 1): an update is refused before writing when the disk has no room
for it, a write that fails all the same leaves nothing half-built and says one line, and the
live index keeps answering. The disk is faked here (these run everywhere); test_small_disk.py
fills a real one."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

import pytest

from index.core.errors import IndexWriteError
from index.core.settings import Settings
from index.ingest.clean import clean_article
from index.ingest.load import read_article_files
from index.store.generations import live_generation, new_generation
from index.update import embedding as embedding_module
from index.update import generation as generation_module
from index.update import space
from index.update.build import update_index
from qa import ask
from tests.conftest import FRENCH_TROOPS

GLACIER = (
    "Glacier survey finds record melt\n\n"
    "The Alpine glacier survey measured 4.2 metres of ice loss at the Rhone Glacier in 2025.\n"
)
NO_SPACE = OSError(errno.ENOSPC, "No space left on device")


def generations(settings: Settings) -> list[Path]:
    return sorted(settings.data_dir.glob("gen-*"))


def store_copies() -> list[Path]:
    """The temporary copies of a store this process reads (see index/store/local.py)."""
    return list(Path(tempfile.gettempdir()).glob(f"news-qa-store-{os.getpid()}-*"))


def answers_the_troops_question(settings: Settings) -> bool:
    answer = ask(FRENCH_TROOPS, settings=settings)
    return "1,500" in answer.text or "1500" in answer.text


def test_an_update_without_room_is_refused_before_anything_is_written(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    update_index(fresh)
    before = generations(fresh)
    (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)
    monkeypatch.setattr(space, "free_bytes", lambda _path: 1 << 20)
    with pytest.raises(IndexWriteError) as refused:
        update_index(fresh)
    message = str(refused.value)
    assert re.fullmatch(
        r"Not enough disk space in \S+ \(needs ~\d+ MB, has 1 MB\); the index was not changed "
        r"- free space there or set NEWSQA_DATA_DIR to a folder on a larger disk, then update "
        r"the index again",
        message,
    ), message
    assert refused.value.needed_mb is not None and refused.value.needed_mb > 1
    assert (refused.value.free_mb, refused.value.setting) == (1, "NEWSQA_DATA_DIR")
    assert generations(fresh) == before


def test_the_estimate_counts_the_copy_of_the_live_index_and_the_new_text(fresh: Settings):
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None
    files, _ = read_article_files(fresh.seeds_dir, fresh.max_article_bytes)
    articles = [clean_article(f) for f in files]
    empty = space.needed_bytes(fresh, [], copied=None)
    new = space.needed_bytes(fresh, articles, copied=None)
    copied = space.needed_bytes(fresh, articles, copied=live)
    assert empty < new < copied
    assert copied - new >= space.MARGIN * space.used_bytes(live) - 1
    # The estimate of a generation holding these articles covers what it took on disk.
    assert new >= space.used_bytes(live)


@pytest.mark.parametrize(
    "where",
    ["chroma compaction", "sqlite full", "article text", "bm25", "manifest", "copy of live"],
)
def test_a_write_that_fails_for_want_of_space_leaves_the_live_index_and_nothing_half_built(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch, where: str
):
    from chromadb.errors import InternalError

    from index.store.chroma import ChunkStore
    from index.store.manifest import Manifest

    update_index(fresh)
    live = live_generation(fresh.data_dir)
    (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)
    disk = {"free": 10**12}

    def fails(error: BaseException):
        def fail(*_args: object, **_kwargs: object) -> None:
            disk["free"] = 0  # the disk is full when the write fails
            raise error

        return fail

    monkeypatch.setattr(space, "free_bytes", lambda _path: disk["free"])
    compaction = InternalError("Error in compaction: Failed to apply logs to the metadata segment")
    sqlite = InternalError("error returned from database: (code: 13) database or disk is full")
    target, name, error = {
        "chroma compaction": (ChunkStore, "add_articles", compaction),
        "sqlite full": (ChunkStore, "add_articles", sqlite),
        "article text": (embedding_module, "save_text", NO_SPACE),
        "bm25": (generation_module, "save_bm25", NO_SPACE),
        "manifest": (Manifest, "save", NO_SPACE),
        "copy of live": (generation_module.shutil, "copytree", NO_SPACE),
    }[where]
    monkeypatch.setattr(target, name, fails(error))
    with pytest.raises(IndexWriteError) as failed:
        update_index(fresh)
    message = str(failed.value)
    assert "\n" not in message and message.startswith(
        f"Could not write the index in {fresh.data_dir}"
    )
    assert "the disk is full (0 MB free" in message and "the live index is unchanged" in message
    assert message.endswith(
        "set NEWSQA_DATA_DIR to a folder on a larger disk, then update the index again"
    )
    assert generations(fresh) == [live] and live_generation(fresh.data_dir) == live
    monkeypatch.undo()
    assert answers_the_troops_question(fresh)
    report = update_index(fresh)  # space again: the same update goes through
    assert report.added == ["glacier.txt"] and live_generation(fresh.data_dir) != live


def test_what_a_killed_writer_left_is_removed_before_the_space_check(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    update_index(fresh)
    left = new_generation(fresh.data_dir)  # a writer killed mid-update: no manifest
    (left / "chroma.sqlite3").write_bytes(b"\0" * 4096)
    seen: list[list[Path]] = []
    checked = generation_module.ensure_space
    monkeypatch.setattr(
        generation_module,
        "ensure_space",
        lambda *args, **kwargs: (seen.append(generations(fresh)), checked(*args, **kwargs)),
    )
    (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)
    update_index(fresh)
    assert seen and left not in seen[0] and not left.exists()


def test_an_index_on_a_full_disk_is_read_from_a_temporary_copy(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    import chromadb
    from chromadb.errors import InternalError

    update_index(fresh)
    opened = chromadb.PersistentClient
    data_dir = str(fresh.data_dir)

    def full_disk(path: str, **kwargs: object) -> object:
        # Chroma writes a row into its SQLite file on every open, even to read.
        if path.startswith(data_dir):
            raise InternalError("error returned from database: (code: 13) database or disk is full")
        return opened(path=path, **kwargs)

    monkeypatch.setattr(chromadb, "PersistentClient", full_disk)
    answer = ask(FRENCH_TROOPS, settings=fresh)
    assert "1,500" in answer.text or "1500" in answer.text
    assert any("is full: answered from a temporary copy of it" in n for n in answer.notes)
    assert len(store_copies()) == 1
    monkeypatch.undo()
    (fresh.seeds_dir / "glacier.txt").write_text(GLACIER)
    update_index(fresh)
    assert not any("temporary copy" in n for n in ask(FRENCH_TROOPS, settings=fresh).notes)
    assert store_copies() == [], "the copy goes with the engine that read it"


def test_a_full_disk_with_no_room_for_a_copy_either_says_so(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    import chromadb
    from chromadb.errors import InternalError

    update_index(fresh)

    def full_disk(path: str, **kwargs: object) -> object:
        raise InternalError("error returned from database: (code: 13) database or disk is full")

    monkeypatch.setattr(chromadb, "PersistentClient", full_disk)
    with pytest.raises(
        IndexWriteError,
        match=r"is full, and Chroma must write a few kB .* - free space on either disk",
    ):
        ask(FRENCH_TROOPS, settings=fresh)
    assert store_copies() == []
