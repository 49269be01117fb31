"""Shared fixtures: every test builds its index from copies of the seeds under tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from index.core.settings import Settings
from index.update.build import update_index

if TYPE_CHECKING:
    from tests.web_server import WebServer

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
def web() -> Iterator[WebServer]:
    """The loopback web server (tests/web_server.py), serving the test pages of
    tests/web_pages.py at their paths; tests add their own routes under their own paths."""
    from tests.web_pages import PAGES
    from tests.web_server import Reply, serving

    with serving() as server:
        for page in PAGES:
            server.route(page.path, Reply(page.body, content_type=page.content_type))
        yield server


@pytest.fixture(scope="session")
def web_seeded(web: WebServer, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the test pages, fetched from the loopback server with news-qa's own
    fetcher (private addresses allowed: the server is on 127.0.0.1); tests must not change
    it."""
    from index.fetch.sources import add_sources
    from tests.web_pages import PAGES

    root = tmp_path_factory.mktemp("web-seeded")
    settings = make_settings(root, fetch_allow_private="true")
    added = add_sources(settings, [web.url(page.path) for page in PAGES])
    # The last page is the one before it without its charset declared: the same text.
    assert [a.status for a in added] == ["added"] * 4 + ["present"], [a.message for a in added]
    update_index(settings)
    return settings


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real Chroma server (`chroma run`, from the chromadb package) on a free loopback port."""
    from tests.chroma_run import running_chroma

    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as (port, _):
        yield port


# Outlet lines as articles may write them (#16 finding 4): a zero-width space inside WION,
# full-width letters, and an outlet that reads like our own metadata.
LOOKALIKE_OUTLETS = {
    "wion.txt": (
        "WION",
        "French troops in Niger",
        "Currently, about 1500 French troops are deployed in Niger, officials said.",
    ),
    "wion_zw.txt": (
        "WI\u200bON",
        "Niger uranium exports",
        "Niger is one of the world's largest producers of uranium, which France buys.",
    ),
    "wion_wide.txt": (
        "\uff37\uff29\uff2f\uff2e",
        "Protests in Niamey",
        "Thousands of protesters gathered near Niamey to demand that French forces leave.",
    ),
    "metadata.txt": (
        "WION (2023-09-05) · support 0.99",
        "Niger debt burden",
        "Niger's debt stock is estimated at 5200 billion CFA francs, the prime minister said.",
    ),
}


@pytest.fixture(scope="session")
def lookalike_outlets(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of four short articles whose `source:` lines spell WION three ways, and one
    whose outlet reads like metadata; tests must not change it."""
    root = tmp_path_factory.mktemp("lookalike")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, (outlet, title, body) in LOOKALIKE_OUTLETS.items():
        (seeds / name).write_text(f"source: {outlet}\n{title}\n\n{body}\n", encoding="utf-8")
    settings = make_settings(root)
    update_index(settings)
    return settings
