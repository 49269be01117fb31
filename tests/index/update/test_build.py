import os
from pathlib import Path

import pytest

from index.core.errors import IndexBusyError, NewsQAError
from index.core.settings import Settings
from index.embed import embedder as embed
from index.store.chroma import open_store
from index.store.generations import live_generation
from index.store.lock import writer_lock
from index.store.manifest import Manifest
from index.update.build import update_index
from tests.conftest import copy_seeds, make_settings

NEW_ARTICLE = """Chad agrees to host French units
N'DJAMENA, Sept. 7, 2023 (Reuters) - Chad said on Thursday it would host some of the French
units leaving Niger. About 400 soldiers are expected to move to a base near the capital.
"""


def stored(settings: Settings) -> dict[str, list[str]]:
    """Chunk texts per article, read back from Chroma."""
    generation = live_generation(settings.data_dir)
    assert generation is not None
    by_article: dict[str, list[str]] = {}
    for chunk in open_store(settings, generation).all_chunks():
        by_article.setdefault(chunk.article_id, []).append(chunk.text)
    return by_article


@pytest.fixture(params=["embedded", "server"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """These store tests run on the embedded store and on a real Chroma server."""
    copy_seeds(tmp_path)
    if request.param == "embedded":
        return make_settings(tmp_path)
    port = request.getfixturevalue("chroma_server")
    return make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=str(port))


@pytest.fixture
def embedded_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every passage text the embedder is asked to encode during the test."""
    seen: list[str] = []
    for runtime in (embed.SentenceTransformerEmbedder, embed.OnnxEmbedder):

        def spy(self, texts, original=runtime.embed_passages):
            seen.extend(texts)
            return original(self, texts)

        monkeypatch.setattr(runtime, "embed_passages", spy)
    return seen


def test_first_run_builds_everything(fresh: Settings):
    report = update_index(fresh)
    assert report.rebuilt
    assert len(report.added) == 5
    assert report.total_chunks == report.chunks_embedded > 5
    assert sum(len(v) for v in stored(fresh).values()) == report.total_chunks


def test_unchanged_seeds_embed_nothing(fresh: Settings, embedded_texts: list[str]):
    update_index(fresh)
    embedded_texts.clear()
    report = update_index(fresh)
    assert embedded_texts == []
    assert len(report.unchanged) == 5 and not (report.added or report.changed or report.removed)


def test_added_file_is_the_only_one_embedded(fresh: Settings, embedded_texts: list[str]):
    update_index(fresh)
    embedded_texts.clear()
    (fresh.seeds_dir / "new chad story.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = update_index(fresh)
    assert report.added == ["new chad story.txt"] and len(report.unchanged) == 5
    assert embedded_texts and all(
        t in NEW_ARTICLE.replace("\n", " ") or t in NEW_ARTICLE for t in embedded_texts
    )
    assert stored(fresh)["new chad story.txt"] == embedded_texts


def test_edited_file_has_its_chunks_replaced(fresh: Settings, embedded_texts: list[str]):
    update_index(fresh)
    target = fresh.seeds_dir / "003_81e9dda9929231ae.txt"
    target.write_text("A short rewrite. Only 900 troops remain in Niger now.\n", encoding="utf-8")
    embedded_texts.clear()
    report = update_index(fresh)
    assert report.changed == ["003_81e9dda9929231ae.txt"]
    assert stored(fresh)["003_81e9dda9929231ae.txt"] == [
        "A short rewrite. Only 900 troops remain in Niger now."
    ]
    assert embedded_texts == ["A short rewrite. Only 900 troops remain in Niger now."]


def test_deleted_file_has_its_chunks_removed(fresh: Settings):
    update_index(fresh)
    (fresh.seeds_dir / "000_a80c936fc3ad9ca2.txt").unlink()
    report = update_index(fresh)
    assert report.removed == ["000_a80c936fc3ad9ca2.txt"]
    assert "000_a80c936fc3ad9ca2.txt" not in stored(fresh)
    manifest = Manifest.load(live_generation(fresh.data_dir))  # type: ignore[arg-type]
    assert "000_a80c936fc3ad9ca2.txt" not in manifest.articles


def test_bad_files_are_skipped_and_the_rest_indexed(fresh: Settings):
    (fresh.seeds_dir / "broken.txt").write_bytes(b"\xff\xfe\x00binary\x00")
    report = update_index(fresh)
    assert [s.article_id for s in report.skipped] == ["broken.txt"]
    assert len(report.added) == 5


def test_rebuild_switches_only_when_complete(fresh: Settings):
    update_index(fresh)
    old = live_generation(fresh.data_dir)
    seen_live: list[Path | None] = []
    report = update_index(
        fresh, rebuild=True, progress=lambda *_: seen_live.append(live_generation(fresh.data_dir))
    )
    assert report.rebuilt
    # While the new generation was being filled, readers still saw the old one.
    assert seen_live and all(g == old for g in seen_live)
    new = live_generation(fresh.data_dir)
    assert new != old and new is not None and new.name == report.generation
    assert old is not None and old.exists()  # kept for readers that still hold it


def test_changed_chunking_forces_a_full_rebuild(fresh: Settings, tmp_path: Path):
    from dataclasses import replace

    update_index(fresh)
    smaller = replace(fresh, chunk_size=128)
    report = update_index(smaller)
    assert report.rebuilt and len(report.added) == 5
    assert report.notes == [
        "The live index was built with other settings (model, chunking or cleaner): rebuilt it"
    ]
    assert update_index(smaller, rebuild=True).notes == []  # asked for: nothing to explain


def test_damaged_manifest_is_rebuilt(fresh: Settings):
    update_index(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / "manifest.json").write_text('{"build_key": {"form')
    report = update_index(fresh)
    assert report.rebuilt and report.total_chunks > 0
    assert len(report.notes) == 1 and "manifest could not be read" in report.notes[0]
    assert update_index(fresh).notes == []


def test_a_second_writer_is_refused(fresh: Settings):
    with writer_lock(fresh.data_dir), pytest.raises(IndexBusyError, match="wait") as busy:
        update_index(fresh)
    assert busy.value.holder == f"pid {os.getpid()}" and busy.value.data_dir == fresh.data_dir


def test_missing_seeds_folder_names_the_setting(tmp_path: Path):
    settings = Settings.load(
        {"NEWSQA_SEEDS_DIR": str(tmp_path / "nope"), "NEWSQA_DATA_DIR": str(tmp_path / "d")},
        env_file=None,
    )
    with pytest.raises(NewsQAError, match="NEWSQA_SEEDS_DIR"):
        update_index(settings)


def test_empty_seeds_folder_gives_an_empty_index_that_answers_honestly(tmp_path: Path):
    from qa import ask

    (tmp_path / "seeds").mkdir()
    settings = Settings.load(
        {"NEWSQA_SEEDS_DIR": str(tmp_path / "seeds"), "NEWSQA_DATA_DIR": str(tmp_path / "d")},
        env_file=None,
    )
    report = update_index(settings)
    assert report.total_chunks == 0
    answer = ask("How many French troops are in Niger?", settings=settings)
    assert not answer.grounded and answer.citations == [] and answer.passages == []


def test_removing_one_of_two_identical_articles_keeps_the_other_readable(fresh: Settings):
    from qa.engine.engine import open_engine

    original = fresh.seeds_dir / "003_81e9dda9929231ae.txt"
    (fresh.seeds_dir / "copy of 003.txt").write_bytes(original.read_bytes())
    update_index(fresh)
    original.unlink()
    update_index(fresh)
    text = open_engine(fresh).article_text("copy of 003.txt")
    assert "about 1500 French troops" in text
