"""A real `news-qa serve` process for the API tests: its own copy of the seeds and index
(test_load adds articles and updates it; the answers the other tests ask about stay the same),
two API keys, no rate limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from index.core.settings import Settings
from tests.conftest import REPO, make_settings
from tests.ui.browser import free_port, wait_for

KEY = "test-key-one-0123456789abcdef"
OTHER_KEY = "test-key-two-0123456789abcdef"


@dataclass(frozen=True)
class Served:
    url: str
    settings: Settings
    log: Path


def serve_process(root: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """`news-qa serve --port PORT` run from `root` (no .env there), its output in serve.log."""
    command = [sys.executable, "-m", "ui.cli.main", "serve", "--port", str(port)]
    full = {**os.environ, "PYTHONPATH": str(REPO), **env}
    with (root / "serve.log").open("w") as log:
        return subprocess.Popen(command, env=full, cwd=root, stdout=log, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/status", timeout=5).status_code in (200, 401)
    except httpx.HTTPError:
        return False


def copy_index(seeded: Settings, root: Path, **values: str) -> Settings:
    """Settings over a copy of the seeded folder and index under `root` (generation names
    are relative, so the copy is a working index)."""
    shutil.copytree(seeded.seeds_dir, root / "seeds")
    shutil.copytree(seeded.data_dir, root / "data")
    return make_settings(root, **values)


@pytest.fixture(scope="session")
def served(seeded: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("api-serve")
    port = free_port()
    values = {"api_keys": f"{KEY},{OTHER_KEY}", "api_rate": "0", "port": str(port)}
    settings = copy_index(seeded, root, **values)
    env = {f"NEWSQA_{k.upper()}": v for k, v in values.items()}
    env |= {"NEWSQA_SEEDS_DIR": str(settings.seeds_dir), "NEWSQA_DATA_DIR": str(settings.data_dir)}
    process = serve_process(root, env, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _up(url) or process.poll() is not None, timeout=180, what="news-qa serve")
        assert process.poll() is None, (root / "serve.log").read_text()[-3000:]
        yield Served(url, settings, root / "serve.log")
    finally:
        stop(process)
