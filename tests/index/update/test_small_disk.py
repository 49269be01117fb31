"""A full disk for real (#16, finding 1): the data folder on an 8 MB tmpfs. Skipped, with the
command to run, where mounting is refused; tests/index/update/test_disk.py fakes the same
failures everywhere."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.core.errors import IndexWriteError
from index.store.generations import live_generation
from index.update.build import update_index
from qa import ask
from tests.conftest import FRENCH_TROOPS, REPO, copy_seeds, make_settings
from tests.index.update.test_disk import GLACIER, store_copies
from tests.proc import released

SIZE = "8m"


def big_article() -> str:
    """~450 kB of news text (the seeds' paragraphs, each figure changed per copy): an index
    of it takes ~8 MB, more than the 8 MB disk holding the seeds' index has left."""
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    paragraphs = [p for seed in seeds for p in seed.read_text().split("\n\n")[1:]]
    copies = [
        re.sub(r"\d+", lambda m, n=n: str(int(m.group()) + n), paragraph)
        for n in range(60)
        for paragraph in paragraphs
    ]
    return "Budget hearings\n\n" + "\n\n".join(copies)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(disk)]
    try:
        mounted = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except FileNotFoundError as err:
        pytest.skip(f"no mount command ({err}): run as root with `{' '.join(command)}` available")
    if mounted.returncode != 0:
        pytest.skip(
            f"mounting a small filesystem was refused ({mounted.stderr.strip()}): run the tests "
            f"as root, or check it by hand with: sudo {' '.join(command)}"
        )
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=30)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk` with one file, as another program would."""
    filler = disk / "filler"
    with filler.open("ab", buffering=0) as out:
        try:
            while out.write(b"\0" * (1 << 16)):
                pass
        except OSError as err:
            assert err.errno == errno.ENOSPC
    assert shutil.disk_usage(disk).free < 1 << 16
    return filler


def cli_ask(settings_env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli.main", "ask", FRENCH_TROOPS],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **settings_env},
    )


@pytest.mark.slow
def test_a_full_disk_stops_updates_cleanly_and_never_stops_answering(
    small_disk: Path, tmp_path: Path
):
    copy_seeds(tmp_path)
    data_dir = small_disk / "data"
    settings = make_settings(tmp_path, data_dir=str(data_dir))
    update_index(settings)
    live = live_generation(data_dir)

    # No room for the update: refused before anything is written.
    (settings.seeds_dir / "big.txt").write_text(big_article())
    free = shutil.disk_usage(small_disk).free
    with pytest.raises(IndexWriteError, match=r"^Not enough disk space in .* \(needs ~\d+ MB"):
        update_index(settings)
    assert sorted(data_dir.glob("gen-*")) == [live] and shutil.disk_usage(small_disk).free == free
    (settings.seeds_dir / "big.txt").unlink()

    # Room for it, until another program fills the disk mid-update.
    (settings.seeds_dir / "glacier.txt").write_text(GLACIER)
    filled: list[Path] = []
    with pytest.raises(IndexWriteError) as failed:
        update_index(settings, progress=lambda *_: filled or filled.append(fill(small_disk)))
    message = str(failed.value)
    assert filled and "\n" not in message and "the disk is full" in message, message
    assert sorted(data_dir.glob("gen-*")) == [live] and live_generation(data_dir) == live

    # The disk is full: the intact index still answers, in this process and from the CLI.
    assert released(data_dir), "the failed update's files are let go (their space with them)"
    fill(small_disk)
    answer = ask(FRENCH_TROOPS, settings=settings)
    assert "1,500" in answer.text or "1500" in answer.text
    assert any("temporary copy" in note for note in answer.notes)
    env = {"NEWSQA_SEEDS_DIR": str(settings.seeds_dir), "NEWSQA_DATA_DIR": str(data_dir)}
    asked = cli_ask(env, tmp_path)
    assert asked.returncode == 0, asked.stderr
    assert "1,500" in asked.stdout or "1500" in asked.stdout
    assert "note: The disk holding the index" in asked.stderr

    # Space again: the same update goes through, and the copy read meanwhile is gone.
    (small_disk / "filler").unlink()
    assert update_index(settings).added == ["glacier.txt"]
    cited = ask("How much ice did the Rhone Glacier lose in 2025?", settings=settings).citations
    assert cited and cited[0].article_id == "glacier.txt"
    assert store_copies() == []
