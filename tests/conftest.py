"""Shared fixtures: every test builds its index from copies of the seeds under tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.core.settings import Settings
from index.update.build import update_index

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FRENCH_TROOPS = "How many French troops are in Niger?"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def make_settings(root: Path, **values: str) -> Settings:
    """Settings for a seeds copy and a data folder under `root`, ignoring the user's .env."""
    env = {"NEWSQA_SEEDS_DIR": str(root / "seeds"), "NEWSQA_DATA_DIR": str(root / "data")}
    env.update({f"NEWSQA_{k.upper()}": v for k, v in values.items()})
    return Settings.load(env, env_file=None)


def copy_seeds(root: Path) -> Path:
    target = root / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the five sample articles, built once; tests must not change it."""
    root = tmp_path_factory.mktemp("seeded")
    copy_seeds(root)
    settings = make_settings(root)
    update_index(settings)
    return settings


@pytest.fixture
def fresh(tmp_path: Path) -> Settings:
    """Settings over a private copy of the seeds, with no index yet."""
    copy_seeds(tmp_path)
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a free loopback port."""
    from tests.chroma_run import running_chroma

    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as (port, _):
        yield port
