"""The Articles tab's Add from URL and Feeds panel (handlers), the sources panel's link to the
original, and news-qa serve's feed schedule."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from qa import ask
from tests.conftest import make_settings
from tests.web_pages import PAGES, Item, brief_page, rss
from tests.web_server import Reply
from ui.web import sources
from ui.web.refresher import FeedSchedule
from ui.web.render import sources_html


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "seeds").mkdir()
    return make_settings(tmp_path, fetch_allow_private="true", fetch_timeout="2")


def test_add_from_url_says_each_address_and_updates_the_index(web, settings):
    good, gone = web.url(PAGES[1].path), web.url("/no/such/story")
    said = sources.add_from_urls(f"{good}\n  {gone} ", settings)
    lines = said.splitlines()
    assert lines[0] == (
        f"✓ {good}: saved as 127.0.0.1_news_protest-french-base.html: “Protesters in Niamey "
        "demand French troops leave” (Niamey Herald, by Ibrahim Moussa, 2023-09-02)"
    )
    assert lines[1] == f"✗ {gone}: the server answered HTTP 404 Not Found - check the address"
    assert lines[2].startswith("✓ Index updated in ") and "1 added" in lines[2]
    again = sources.add_from_urls(good, settings)
    assert again == (
        f"• {good}: already in seeds/ as 127.0.0.1_news_protest-french-base.html (the same address)"
    )
    assert "Paste the address" in sources.add_from_urls("  ", settings)


def test_add_from_url_with_the_guard_on_refuses_in_one_line(web, settings):
    guarded = replace(settings, fetch_allow_private=False)
    said = sources.add_from_urls(web.url(PAGES[1].path), guarded)
    assert said.count("\n") == 0 and said.startswith("✗ ")
    assert "NEWSQA_FETCH_ALLOW_PRIVATE=true" in said
    assert not list(settings.seeds_dir.iterdir())


def test_the_feeds_panel_follows_refreshes_and_stops(web, settings):
    site = f"/{uuid.uuid4().hex[:8]}"
    web.route(f"{site}/brief", Reply(brief_page()))
    items = [Item(web.url(f"{site}/brief"), "b", "Brief", author="Aissa Kone")]
    body = rss("Sahel wire", [*items, Item(web.url(f"{site}/gone"), "g", "Gone")])
    feed = web.route(f"{site}/rss.xml", Reply(body, content_type="application/rss+xml"))

    followed = sources.follow(feed, settings).splitlines()
    assert followed[0] == "Sahel wire: 1 new"
    assert followed[1].startswith(f"✓ {web.url(f'{site}/brief')}: saved as ")
    assert followed[2] == (
        f"✗ {web.url(f'{site}/gone')}: the server answered HTTP 404 Not Found - check the address"
    )
    assert followed[3].startswith("✓ Index updated in ")
    [row] = sources.feed_rows(settings)
    assert row[:2] == [feed, "Sahel wire"] and row[2].endswith(" UTC") and row[3] == 1
    assert "404 Not Found" in row[4]

    assert sources.refresh(settings).splitlines()[0] == "Sahel wire: failed"  # the 404 again
    assert sources.unfollow(feed, settings) == f"✓ No longer following {feed} (its articles stay)."
    assert sources.feed_rows(settings) == []
    assert "No feeds followed" in sources.refresh(settings)


def test_the_schedule_refreshes_and_is_off_by_default(web, settings):
    site = f"/{uuid.uuid4().hex[:8]}"
    web.route(f"{site}/brief", Reply(brief_page()))
    body = rss("Wire", [Item(web.url(f"{site}/brief"), "b", "Brief")])
    feed = web.route(f"{site}/rss.xml", Reply(body, content_type="application/rss+xml"))
    sources.follow(feed, replace(settings), None)
    schedule = FeedSchedule(settings).start()  # NEWSQA_FEED_REFRESH=0: no thread
    assert schedule._thread is None
    assert schedule.refresh_once().startswith("Wire: nothing new")
    every = FeedSchedule(replace(settings, feed_refresh=60)).start()
    try:
        assert every._thread is not None and every._thread.is_alive()
    finally:
        every.stop()
    assert not every._thread.is_alive()


def test_the_sources_panel_links_to_the_original_safely(web, web_seeded):
    answer = ask("How many troops is France pulling out of Niger?", settings=web_seeded)
    shown = sources_html(answer, 1, {})
    link = (
        f'<a class="nq-original" href="{web.url(PAGES[0].path)}" target="_blank" '
        'rel="noopener noreferrer nofollow">original ↗</a>'
    )
    assert link in shown and "by Amina Diallo" in shown
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//x"):
        hostile = replace(answer.citations[0], url=url)
        assert "nq-original" not in sources_html(replace(answer, citations=[hostile]), 1, {})
    quoted = replace(answer.citations[0], url='https://e.example/"><script>x()</script>')
    assert "<script>" not in sources_html(replace(answer, citations=[quoted]), 1, {})
