"""Saved conversations in headless Chromium: listed, reopened with their sources, deleted,
rated with a thumb and found in the ratings download; each login sees only its own."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS
from tests.ui.browser import chromium, free_port, require_chromium, screenshot_dir, wait_for
from tests.ui.web.test_browser import ask_in_browser, chat_text, open_citation
from ui.conversations.store import ConversationStore
from ui.web.server import WebServer

pytestmark = pytest.mark.browser

BAZOUM = "When was Bazoum ousted?"


def own_copy(seeded: Settings, root: Path, **values: object) -> Settings:
    """The seeded index copied (the server saves conversations in its data folder)."""
    shutil.copytree(seeded.data_dir, root / "data")
    return replace(seeded, data_dir=root / "data", port=free_port(), **values)


@pytest.fixture
def served(seeded: Settings, tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    require_chromium()
    settings = own_copy(seeded, tmp_path)
    with WebServer(settings) as server:
        yield f"{server.url}/", settings


def listed(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    labels = driver.find_elements(By.CSS_SELECTOR, "#nq-conversations label")
    return [str(label.text) for label in labels]


def titles(driver) -> list[str]:
    return [label.split(" · ")[0] for label in listed(driver)]


def choose(driver, title: str) -> None:
    from selenium.webdriver.common.by import By

    for label in driver.find_elements(By.CSS_SELECTOR, "#nq-conversations label"):
        if label.text.startswith(title):
            label.click()
            return
    raise AssertionError(f"{title!r} is not in the list {listed(driver)}")


def status(driver) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, "#nq-history-status").text)


def download_link(driver, name: str = ".md") -> str:
    """The address of the file the last export offers (its name ends with `name`)."""
    from selenium.webdriver.common.by import By

    def link() -> str | None:
        for a in driver.find_elements(By.CSS_SELECTOR, "#nq-download a[href]"):
            href = str(a.get_attribute("href"))
            if href.endswith(name):
                return href
        return None

    return str(wait_for(link, what=f"a download of *{name}"))


def test_conversations_are_listed_reopened_deleted_and_rated(served):
    from selenium.webdriver.common.by import By

    url, settings = served
    shots = screenshot_dir(settings.data_dir.parent / "shots")
    with chromium() as driver:
        driver.get(url)
        ask_in_browser(driver, FRENCH_TROOPS)
        wait_for(lambda: titles(driver) == [FRENCH_TROOPS], what="the first conversation")
        driver.find_element(By.CSS_SELECTOR, "#nq-new-chat").click()
        wait_for(lambda: "Ask the news" in chat_text(driver), what="an empty chat")
        ask_in_browser(driver, BAZOUM)
        wait_for(lambda: titles(driver) == [BAZOUM, FRENCH_TROOPS], what="both, newest first")
        assert listed(driver)[1].startswith(f"{FRENCH_TROOPS} · 1 answer · ")

        # Reopened: its answer, its sources, and its [1] still opens the article.
        choose(driver, FRENCH_TROOPS)
        wait_for(lambda: "1500" in chat_text(driver) and BAZOUM not in chat_text(driver))
        sources = driver.find_element(By.CSS_SELECTOR, "#nq-sources")
        wait_for(lambda: "1500" in sources.text, what="the reopened answer's sources")
        driver.save_screenshot(str(shots / "conversations.png"))
        driver.find_element(By.CSS_SELECTOR, "#nq-export-chat").click()
        markdown = httpx.get(download_link(driver)).text
        assert markdown.startswith(f"# {FRENCH_TROOPS}\n") and "Sources:" in markdown
        assert "003_81e9dda9929231ae.txt`, characters " in markdown
        assert "1500" in open_citation(driver, 1)

        # A second tab of the same (anonymous) user lists both.
        driver.switch_to.new_window("tab")
        driver.get(url)
        wait_for(lambda: titles(driver) == [BAZOUM, FRENCH_TROOPS], what="the list in tab 2")
        driver.close()
        driver.switch_to.window(driver.window_handles[0])

        driver.find_element(By.CSS_SELECTOR, "#nq-delete-chat").click()
        wait_for(lambda: titles(driver) == [BAZOUM], what="the deletion")
        wait_for(lambda: "Ask the news" in chat_text(driver), what="the deleted chat closed")

        choose(driver, BAZOUM)
        wait_for(lambda: "2023" in chat_text(driver) or "July" in chat_text(driver))
        driver.find_element(By.CSS_SELECTOR, '#nq-chat button[aria-label="Like"]').click()
        wait_for(lambda: "rating saved" in status(driver), what="the rating")
        driver.find_element(By.CSS_SELECTOR, "#nq-export-ratings").click()
        ratings = httpx.get(download_link(driver, "news-qa-ratings.jsonl")).text
        records = [json.loads(line) for line in ratings.splitlines()]

    assert [(r["question"], r["rating"]) for r in records] == [(BAZOUM, 1)]
    assert records[0]["citations"] and records[0]["answer"]
    store = ConversationStore(settings.data_dir)
    assert [c.title for c in store.list()] == [BAZOUM]
    assert store.get(store.list()[0].conversation_id).turns[0].rating == 1


def login(driver, url: str, user: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    name = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "input[type=text]"))
    name.send_keys(user)
    driver.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(password)
    driver.find_element(By.XPATH, "//button[normalize-space(.)='Login']").click()
    wait_for(lambda: "Ask the news" in chat_text(driver), what=f"{user}'s chat")


def test_with_logins_each_user_sees_only_their_own(seeded: Settings, tmp_path: Path):
    require_chromium()
    settings = own_copy(seeded, tmp_path, ui_auth=(("ann", "ann-secret"), ("bob", "bob-secret")))
    with WebServer(settings) as server:
        with chromium() as ann:
            login(ann, f"{server.url}/", "ann", "ann-secret")
            ask_in_browser(ann, FRENCH_TROOPS)
            wait_for(lambda: titles(ann) == [FRENCH_TROOPS], what="ann's conversation")
        with chromium() as bob:
            login(bob, f"{server.url}/", "bob", "bob-secret")
            assert titles(bob) == []
            ask_in_browser(bob, BAZOUM)
            wait_for(lambda: titles(bob) == [BAZOUM], what="bob's conversation alone")
    store = ConversationStore(settings.data_dir)
    assert [c.title for c in store.list(owner="ann")] == [FRENCH_TROOPS]
    assert [c.title for c in store.list(owner="bob")] == [BAZOUM]
    assert store.list() == []
