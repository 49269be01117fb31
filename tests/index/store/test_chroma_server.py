"""Server mode: answers through a real `chroma run`, old generations dropped, server down."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.core.errors import StoreUnavailableError
from index.store.chroma import server_collection
from index.update.build import update_index
from qa import ask, retrieve
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings
from tests.ui.browser import free_port

pytestmark = pytest.mark.server


def test_answers_come_from_the_server_and_old_generations_are_dropped(
    tmp_path: Path, chroma_server: int
):
    import chromadb

    copy_seeds(tmp_path)
    settings = make_settings(
        tmp_path, chroma_host="127.0.0.1", chroma_port=str(chroma_server), generation_grace="0"
    )
    reports = [update_index(settings, rebuild=True) for _ in range(3)]
    answer = ask(FRENCH_TROOPS, settings=settings)
    assert answer.grounded and "1500" in answer.text
    assert not (settings.data_dir / reports[-1].generation / "chroma").exists()
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    prefix = server_collection(settings.data_dir / reports[-1].generation / "chroma")[:15]
    mine = sorted(c.name for c in client.list_collections() if c.name.startswith(prefix))
    # The live generation and the newest retired one; the first rebuild's is gone.
    assert len(mine) == 2 and mine[-1].endswith(reports[-1].generation)
    # Filters reach the server as a metadata `where`.
    only_wion = retrieve(FRENCH_TROOPS, k=5, settings=settings, outlets=["WION"])
    assert only_wion and {p.outlet for p in only_wion} == {"WION"}
    august = retrieve(FRENCH_TROOPS, k=5, settings=settings, since="2023-08-01", until="2023-08-31")
    assert {p.article_id for p in august} == {"004_bebdfeffcaaf1832.txt"}


def test_a_server_that_is_down_names_the_fix(tmp_path: Path):
    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=str(free_port()))
    with pytest.raises(StoreUnavailableError, match=r"chroma run .*NEWSQA_CHROMA_HOST") as down:
        update_index(settings)
    assert (down.value.host, down.value.port) == (settings.chroma_host, settings.chroma_port)
