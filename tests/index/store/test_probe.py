"""The store check before a process opens a generation: skipped for what the writer has just
written and closed, run again once a file changes, never failing for want of disk space."""

from __future__ import annotations

import errno
import json
import logging
import subprocess

import pytest

from index.core.settings import Settings
from index.store import probe
from index.store.generations import live_generation
from index.store.manifest import Manifest
from index.update.build import update_index


def test_the_writer_stamps_its_generation_so_readers_skip_the_child_until_a_file_changes(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
):
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None
    manifest = Manifest.load(live)
    children: list[list[str]] = []

    def child(command: list[str], **_kwargs: object) -> subprocess.CompletedProcess[str]:
        children.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(probe.subprocess, "run", child)
    assert probe.store_problem(live, manifest.chunk_count, manifest.embed_dim) is None
    assert children == []
    with (live / "chroma" / "chroma.sqlite3").open("ab") as grown:
        grown.write(b"\0" * 4096)
    assert probe.store_problem(live, manifest.chunk_count, manifest.embed_dim) is None
    assert len(children) == 1 and json.loads((live / probe.STAMP).read_text())


def test_a_stamp_the_disk_cannot_take_is_logged_not_raised(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    update_index(fresh)
    live = live_generation(fresh.data_dir)
    assert live is not None

    def full(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(live), "write_text", full)
    with caplog.at_level(logging.WARNING, logger="index.store.probe"):
        probe.stamp_verified(live)
    assert "could not be written" in caplog.text and "No space left" in caplog.text
