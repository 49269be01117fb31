"""A damaged or foreign live index is found before it is opened and never answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.core.errors import IndexDamagedError, IndexMissingError
from index.core.settings import Settings
from index.store.generations import live_generation
from index.update.build import update_index
from qa import ask
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings
from ui.web.chat import chat_turn


def build(tmp_path: Path, generations: int) -> Settings:
    copy_seeds(tmp_path)
    settings = make_settings(tmp_path)
    for _ in range(generations):
        update_index(settings, rebuild=True)
    return settings


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def damage_sqlite(generation: Path) -> None:
    truncate(generation / "chroma" / "chroma.sqlite3")


def damage_manifest(generation: Path) -> None:
    truncate(generation / "manifest.json")


def foreign_chromadb(generation: Path) -> None:
    manifest = json.loads((generation / "manifest.json").read_text())
    manifest["chromadb_version"] = "0.4.22"
    (generation / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (damage_sqlite, "Chroma store"),
        (damage_manifest, "manifest"),
        (foreign_chromadb, "written by chromadb 0.4.22"),
    ],
)
def test_a_damaged_live_index_falls_back_to_the_previous_one(tmp_path: Path, damage, reason):
    settings = build(tmp_path, generations=2)
    damage(live_generation(settings.data_dir))
    answer = ask(FRENCH_TROOPS, settings=settings)
    assert answer.grounded and "1500" in answer.text
    note = next(n for n in answer.notes if "damaged" in n)
    assert reason in note and "news-qa index --rebuild" in note
    # The rebuild it names repairs it: the next answer carries no such note.
    update_index(settings, rebuild=True)
    assert not any("damaged" in n for n in ask(FRENCH_TROOPS, settings=settings).notes)


def test_with_no_earlier_index_the_error_names_the_fix(tmp_path: Path):
    settings = build(tmp_path, generations=1)
    damage_sqlite(live_generation(settings.data_dir))
    with pytest.raises(IndexDamagedError, match=r"run: news-qa index --rebuild"):
        ask(FRENCH_TROOPS, settings=settings)
    # The chat turns it into a message; the process carries on.
    *_, (history, _, _, _) = chat_turn(FRENCH_TROOPS, [], [], settings)
    assert "news-qa index --rebuild" in history[-1]["content"].replace("\\", "")


def test_an_index_from_another_embedding_model_says_so(tmp_path: Path):
    build(tmp_path, generations=1)
    minilm = make_settings(tmp_path, embed_model="minilm")
    with pytest.raises(IndexMissingError, match="built with embedding model 'bge-small'"):
        ask(FRENCH_TROOPS, settings=minilm)


def test_a_checked_store_is_not_checked_again(tmp_path: Path):
    settings = build(tmp_path, generations=1)
    ask(FRENCH_TROOPS, settings=settings)
    stamp = live_generation(settings.data_dir) / "VERIFIED"
    assert stamp.is_file() and "chroma.sqlite3" in stamp.read_text()
