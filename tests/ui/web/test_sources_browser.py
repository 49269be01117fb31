"""In headless Chromium: an article added from its address and a feed followed in the Articles
tab, then an answer whose source links to the original page (a new tab, no opener)."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import make_settings
from tests.ui.browser import chromium, free_port, require_chromium, screenshot_dir, wait_for
from tests.web_pages import PAGES, Item, brief_page, rss
from tests.web_server import Reply
from ui.web.server import WebServer

pytestmark = pytest.mark.browser


def test_add_from_url_follow_a_feed_and_open_the_original(web, tmp_path):
    from selenium.webdriver.common.by import By

    require_chromium()
    site = f"/{uuid.uuid4().hex[:8]}"
    web.route(f"{site}/brief", Reply(brief_page()))
    items = [Item(web.url(f"{site}/brief"), "b-1", "Ambassador", "2023-08-25", "Aissa Kone")]
    feed = web.route(f"{site}/rss.xml", Reply(rss("Sahel wire", items), content_type="text/xml"))
    (tmp_path / "seeds").mkdir()
    settings = make_settings(tmp_path, port=str(free_port()), fetch_allow_private="true")
    shots = screenshot_dir(tmp_path / "shots")
    page = web.url(PAGES[0].path)
    with WebServer(settings) as served, chromium() as driver:
        driver.get(f"{served.url}/")
        tab = wait_for(
            lambda: driver.find_element(By.XPATH, "//button[@role='tab' and .='Articles']")
        )
        tab.click()
        status = lambda: driver.find_element(By.CSS_SELECTOR, "#nq-status textarea")  # noqa: E731
        box = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#nq-add-url textarea"))
        box.send_keys(page)
        driver.find_element(By.CSS_SELECTOR, "#nq-add-url-button").click()
        wait_for(lambda: "Index updated" in status().get_attribute("value"), what="the update")
        assert status().get_attribute("value").startswith(f"✓ {page}: saved as ")
        wait_for(lambda: "niger-togo" in driver.find_element(By.ID, "nq-articles").text)

        driver.find_element(By.CSS_SELECTOR, "#nq-feeds button, #nq-feeds .label-wrap").click()
        feed_box = wait_for(
            lambda: driver.find_element(
                By.CSS_SELECTOR, "#nq-feed-url textarea, #nq-feed-url input"
            )
        )
        feed_box.send_keys(feed)
        driver.find_element(By.CSS_SELECTOR, "#nq-follow").click()
        wait_for(lambda: "Sahel wire: 1 new" in status().get_attribute("value"), what="the feed")
        wait_for(lambda: "Sahel wire" in driver.find_element(By.ID, "nq-feed-list").text)
        driver.save_screenshot(str(shots / "feeds.png"))

        driver.find_element(By.XPATH, "//button[@role='tab' and .='Chat']").click()
        question = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#question textarea"))
        question.send_keys("How many troops is France pulling out of Niger?")
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        link = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, "#nq-sources a.nq-original"),
            what="the link to the original",
        )
        assert link.get_attribute("href") == page
        assert link.get_attribute("target") == "_blank"
        assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
        assert "by Amina Diallo" in driver.find_element(By.CSS_SELECTOR, "#nq-sources").text
        before = len(web.hits_of(PAGES[0].path))
        link.click()
        wait_for(lambda: len(driver.window_handles) == 2, what="the original in a new tab")
        driver.switch_to.window(driver.window_handles[1])
        wait_for(lambda: len(web.hits_of(PAGES[0].path)) > before, what="the original page")
        assert driver.execute_script("return window.opener") is None
        hit = web.hits_of(PAGES[0].path)[-1]
        assert "Referer" not in hit.headers
