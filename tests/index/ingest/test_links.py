"""A link in seeds/ to a file outside it is skipped end to end: reported, never indexed or
quoted (finding 7 of #16: such a file's text was quoted in the chat)."""

from pathlib import Path

import pytest

from index.ingest.load import SYMLINK_REASON
from index.status.catalog import article_rows
from index.store.chroma import open_store
from index.store.generations import live_generation
from index.update.build import update_index
from qa import ask
from tests.conftest import copy_seeds, make_settings
from ui.cli.main import main

PRIVATE = (
    "Kite ban\n\nThe Zorvian council voted 31 to 4 on Monday to ban kites in the town of "
    "Paloma, council secretary Ilse Marnow said.\n"
)


def test_a_link_to_a_file_outside_seeds_is_skipped_and_never_answered_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    seeds = copy_seeds(tmp_path)
    private = tmp_path / "private" / "kites.txt"
    private.parent.mkdir()
    private.write_text(PRIVATE, encoding="utf-8")
    (seeds / "kites.txt").symlink_to(private)
    settings = make_settings(tmp_path)

    report = update_index(settings)

    assert {s.article_id: s.reason for s in report.skipped} == {"kites.txt": SYMLINK_REASON}
    rows = {r.article_id: r for r in article_rows(settings)}
    assert rows["kites.txt"].status == "skipped" and rows["kites.txt"].detail == SYMLINK_REASON
    generation = live_generation(settings.data_dir)
    assert generation is not None
    chunks = open_store(settings, generation).all_chunks()
    assert len(chunks) == report.total_chunks > 0
    assert not [c for c in chunks if "Zorvian" in c.text or c.article_id == "kites.txt"]

    answer = ask("How did the Zorvian council vote on kites in Paloma?", settings=settings)
    assert "kites.txt" not in {c.article_id for c in answer.citations}
    assert "Zorvian" not in answer.text and "31 to 4" not in answer.text

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(settings.seeds_dir))
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(settings.data_dir))
    assert main(["status"]) == 0
    assert f"skipped:      kites.txt: {SYMLINK_REASON}" in capsys.readouterr().out
