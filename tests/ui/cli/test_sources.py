"""news-qa add and news-qa feeds against the loopback test server: one line per source, the
guard off (refused, naming the setting) and on (fetched), the index updated after adding and
untouched when nothing was."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from index.store.generations import live_generation
from tests.web_pages import PAGES, Item, brief_page, rss
from tests.web_server import Reply
from ui.cli.main import main


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's environment: an empty seeds folder and data folder under `tmp_path`."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    (tmp_path / "seeds").mkdir()
    monkeypatch.setenv("NEWSQA_SEEDS_DIR", str(tmp_path / "seeds"))
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NEWSQA_FETCH_ALLOW_PRIVATE", raising=False)
    return tmp_path


def test_add_is_refused_for_a_private_address_in_one_line_naming_the_setting(web, cli, capsys):
    url = web.url(PAGES[0].path)
    asked = len(web.hits)
    assert main(["add", url]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"failed: {url}: refused: 127.0.0.1 is a loopback address - news-qa fetches only "
        "public addresses (set NEWSQA_FETCH_ALLOW_PRIVATE=true to allow this one)"
    ]
    assert out == ""
    assert not list((cli / "seeds").iterdir()) and live_generation(cli / "data") is None
    assert len(web.hits) == asked  # not even robots.txt was asked for


def test_add_fetches_saves_and_indexes_what_it_can_and_says_the_rest(web, cli, capsys, monkeypatch):
    monkeypatch.setenv("NEWSQA_FETCH_ALLOW_PRIVATE", "true")
    local = cli / "brief.html"
    local.write_bytes(brief_page())
    (cli / "photo.txt").write_bytes(b"\x89PNG\x00\x00")
    good, missing = web.url(PAGES[0].path), web.url("/no/such/page")
    assert main(["add", good, missing, str(local), str(cli / "photo.txt")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[:2] == [
        f"added: {good}: saved as 127.0.0.1_world_2023_niger-togo-mediation.html: “Niger junta "
        "asks Togo to mediate with ECOWAS” (The Sahel Courier, by Amina Diallo, 2023-08-28)",
        f"added: {local}: saved as brief.html: “Junta orders French ambassador out”",
    ]
    assert out.splitlines()[2].startswith("Index updated: 2 added, 0 changed, 0 removed")
    assert err.splitlines() == [
        f"failed: {missing}: the server answered HTTP 404 Not Found - check the address",
        f"failed: {cli / 'photo.txt'}: binary file, not text (save the article as UTF-8 text)",
    ]

    assert main(["ask", "How many troops is France pulling out of Niger?"]) == 0
    answer = capsys.readouterr().out
    assert "(“The Sahel Courier”, by Amina Diallo, 2023-08-28)" in answer
    assert f"\n    {good}\n" in answer

    # Added again (the same address, with tracking parameters): already there, nothing done.
    generation = live_generation(cli / "data")
    assert main(["add", good + "?utm_source=newsletter#top"]) == 0
    out, _ = capsys.readouterr()
    assert out == (
        f"present: {good}?utm_source=newsletter#top: already in seeds/ as "
        "127.0.0.1_world_2023_niger-togo-mediation.html (the same address)\n"
    )
    assert live_generation(cli / "data") == generation


def test_add_no_index_only_saves(web, cli, capsys, monkeypatch):
    monkeypatch.setenv("NEWSQA_FETCH_ALLOW_PRIVATE", "true")
    assert main(["add", "--no-index", web.url(PAGES[1].path)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == (
        f"1 saved into {cli / 'seeds'}; run news-qa index to answer from them"
    )
    assert live_generation(cli / "data") is None


def test_feeds_add_list_refresh_and_remove(web, cli, capsys, monkeypatch):
    monkeypatch.setenv("NEWSQA_FETCH_ALLOW_PRIVATE", "true")
    site = f"/{uuid.uuid4().hex[:8]}"
    web.route(f"{site}/brief", Reply(brief_page()))
    items = [Item(web.url(f"{site}/brief"), "b-1", "Ambassador", "2023-08-25", "Aissa Kone")]
    feed = web.route(
        f"{site}/rss.xml", Reply(rss("Sahel wire", items), content_type="application/rss+xml")
    )

    assert main(["feeds", "add", feed]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(f"Sahel wire ({feed}): 1 new (")
    assert lines[1] == (
        f"  added: {web.url(f'{site}/brief')}: saved as 127.0.0.1{site.replace('/', '_')}"
        "_brief.html: “Junta orders French ambassador out” (127.0.0.1, by Aissa Kone, "
        "2023-08-25)"
    )
    assert lines[2] == f"following {feed}" and lines[3].startswith("Index updated: 1 added")

    assert main(["feeds", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == f"{feed}  “Sahel wire”"
    assert listed[1].endswith(": 1 new; 2 taken")

    assert main(["feeds", "refresh"]) == 0
    assert capsys.readouterr().out.startswith(f"Sahel wire ({feed}): nothing new (")

    assert main(["feeds", "remove", feed]) == 0
    assert "no longer following" in capsys.readouterr().out
    assert main(["feeds", "remove", feed]) == 1
    assert capsys.readouterr().err.startswith(f"error: Not following {feed}")


def test_a_feed_that_is_not_one_is_not_followed(web, cli, capsys, monkeypatch):
    monkeypatch.setenv("NEWSQA_FETCH_ALLOW_PRIVATE", "true")
    page = web.url(PAGES[2].path)
    assert main(["feeds", "add", page]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"  failed: {page}: a web page, not a feed (RSS, Atom or RDF) - give the feed's own "
        "address",
        f"not followed: {page}",
    ]
    assert main(["feeds", "list"]) == 0
    assert "No feeds followed" in capsys.readouterr().out
