import re
import threading
from pathlib import Path

import pytest

from index.core.settings import Settings
from qa import ask
from tests.conftest import FRENCH_TROOPS
from ui.web import library
from ui.web.library import (
    COLUMNS,
    articles_table,
    delete_article,
    outlet_choices,
    update_articles,
    upload_articles,
)

STORY = (
    "Glacier survey finds record melt\n\n"
    "The Alpine glacier survey measured 4.2 metres of ice loss at the Rhone Glacier in 2025, "
    "the largest loss recorded since measurements began in 1894.\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / "upload" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return str(path)


def test_upload_saves_good_files_and_explains_refusals(fresh: Settings, tmp_path: Path):
    paths = [
        write(tmp_path, "glacier.txt", STORY.encode()),
        write(tmp_path, "photo.txt", b"\x89PNG\x00\x00"),
        write(tmp_path, "run.sh", b"echo hi"),
    ]
    message = upload_articles(paths, fresh)
    assert "✓ glacier.txt saved" in message
    assert re.search(r"✗ photo.txt: binary", message) and "✗ 'run.sh'" in message
    assert (fresh.seeds_dir / "glacier.txt").read_text() == STORY
    assert not (fresh.seeds_dir / "photo.txt").exists()
    assert "Choose one" in upload_articles([], fresh)


def test_update_reports_progress_and_makes_an_upload_answerable(fresh: Settings, tmp_path):
    update_articles(fresh)
    upload_articles([write(tmp_path, "glacier.txt", STORY.encode())], fresh)
    assert {r[0]: r[5] for r in articles_table(fresh)}["glacier.txt"] == "new"
    seen: list[tuple[float, str]] = []
    message = update_articles(fresh, lambda f, d: seen.append((f, d)))
    assert message.startswith("✓ Index updated") and "1 added" in message
    assert seen[0][0] == 0.0 and seen[-1][0] == 1.0
    assert any("glacier.txt" in d for _, d in seen)
    answer = ask("How much ice did the Rhone Glacier lose in 2025?", settings=fresh)
    assert answer.citations and answer.citations[0].article_id == "glacier.txt"


def test_the_list_shows_which_articles_carry_the_same_story(fresh: Settings):
    update_articles(fresh)
    rows = {r[0]: r for r in articles_table(fresh)}
    assert COLUMNS[-1] == "same story as" and all(len(r) == len(COLUMNS) for r in rows.values())
    assert rows["001_abad9e9fd5f90efe.txt"][-1] == (
        "002_c75df0162f650722.txt, 003_81e9dda9929231ae.txt"
    )
    assert rows["000_a80c936fc3ad9ca2.txt"][-1] == ""
    # Deleted from the folder, still indexed: it still shows its copies until the update.
    delete_article("003_81e9dda9929231ae.txt", fresh)
    rows = {r[0]: r for r in articles_table(fresh)}
    assert rows["003_81e9dda9929231ae.txt"][5] == "removed" and rows["003_81e9dda9929231ae.txt"][-1]
    update_articles(fresh)
    assert {r[0]: r for r in articles_table(fresh)}["002_c75df0162f650722.txt"][-1] == (
        "001_abad9e9fd5f90efe.txt"
    )


def test_delete_then_update_drops_the_article(fresh: Settings):
    update_articles(fresh)
    name = articles_table(fresh)[0][0]
    assert "moved to" in delete_article(str(name), fresh)
    assert {r[0]: r[5] for r in articles_table(fresh)}[name] == "removed"
    assert "1 removed" in update_articles(fresh)
    assert name not in [r[0] for r in articles_table(fresh)]
    assert "Select an article" in delete_article("", fresh)
    assert "✗" in delete_article("../pyproject.toml", fresh)


def test_only_one_update_runs_at_a_time(fresh: Settings):
    with library._updating:
        assert "already running" in update_articles(fresh)


def test_chat_keeps_answering_while_an_update_runs(fresh: Settings, tmp_path: Path):
    update_articles(fresh)
    for i in range(6):
        extra = STORY.replace("4.2", f"{i}.5").replace("Rhone", f"Station {i}")
        upload_articles([write(tmp_path, f"glacier-{i}.txt", extra.encode())], fresh)
    started, finished = threading.Event(), threading.Event()
    messages: list[str] = []

    def progress(fraction: float, _: str) -> None:
        started.set()

    def run() -> None:
        messages.append(update_articles(fresh, progress))
        finished.set()

    worker = threading.Thread(target=run)
    worker.start()
    assert started.wait(60)
    answered_during = 0
    while not finished.is_set():
        answer = ask(FRENCH_TROOPS, settings=fresh)
        assert answer.grounded and re.search(r"1,?500", answer.text)
        answered_during += 1
    worker.join()
    assert answered_during >= 1 and "6 added" in messages[0]


@pytest.fixture(autouse=True)
def _no_stray_lock():
    yield
    assert not library._updating.locked()


def test_outlet_choices_are_the_indexed_outlets_or_none_without_an_index(
    seeded: Settings, fresh: Settings
):
    assert outlet_choices(seeded) == ["WION"]
    assert outlet_choices(fresh) == []  # no index yet: the chat explains when asked


def test_a_damaged_index_shows_as_an_error_row_naming_the_fix(fresh: Settings):
    from index.store.generations import live_generation

    update_articles(fresh)
    generation = live_generation(fresh.data_dir)
    assert generation is not None
    (generation / "manifest.json").write_text("{", encoding="utf-8")
    [row] = articles_table(fresh)
    assert row[COLUMNS.index("status")] == "error"
    assert "run: news-qa index --rebuild" in str(row[COLUMNS.index("note")])
    message = update_articles(fresh)  # the button rebuilds it, and says why
    assert message.startswith("✓ Index updated") and "manifest could not be read" in message
    assert {row[COLUMNS.index("status")] for row in articles_table(fresh)} == {"indexed"}


def test_the_outlet_filter_and_the_list_show_each_outlet_once(lookalike_outlets: Settings):
    # "WI\u200bON" and full-width WION were two more, identical-looking choices (#16).
    assert outlet_choices(lookalike_outlets) == ["WION", "WION (2023-09-05) · support 0.99"]
    outlets = {row[0]: row[COLUMNS.index("outlet")] for row in articles_table(lookalike_outlets)}
    assert outlets["wion_zw.txt"] == outlets["wion_wide.txt"] == outlets["wion.txt"] == "WION"
