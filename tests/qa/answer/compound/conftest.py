"""The bridge corpus: four short articles of four outlets on different days, two of them on
one story and naming the same company, built once per module into a real index."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.core.settings import Settings
from index.ingest.article import Article
from index.update.build import sync_articles
from tests.conftest import make_settings

ARTICLES = [
    (
        "Harbour Gazette",
        "2024-03-02",
        "Council approves harbour bridge",
        "The city council approved the new harbour bridge on Monday after a long debate. "
        "Construction will cost 40 million euros and is due to start in May. "
        "The builder Nordbau won the tender with the lowest bid, council papers show.",
    ),
    (
        "Valley Times",
        "2024-03-05",
        "Residents welcome bridge vote",
        "Residents welcomed the council vote on the harbour bridge at a packed meeting. "
        "Nordbau, the company chosen to build it, promised to hire local workers. "
        "The mayor said the bridge would open to traffic in 2026.",
    ),
    (
        "Coast Herald",
        "2024-03-09",
        "Ferry operators fear bridge",
        "Ferry operators fear the harbour bridge will cost them most of their passengers. "
        "One operator said the ferries carried 2 million people last year.",
    ),
    (
        "Mountain Post",
        "2024-02-20",
        "Ski season ends early",
        "The ski season ended early this year because of the warm winter. "
        "Resort owners said bookings fell by a third.",
    ),
]


@pytest.fixture(scope="session")
def bridge(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root: Path = tmp_path_factory.mktemp("bridge")
    (root / "seeds").mkdir()
    settings = make_settings(root)
    articles = [
        Article(
            article_id=f"bridge-{n}",
            title=title,
            date=day,
            outlet=outlet,
            text=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        for n, (outlet, day, title, body) in enumerate(ARTICLES)
    ]
    sync_articles(settings, articles, [])
    return settings
