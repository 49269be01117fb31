"""End to end in headless Chromium: ask, open a citation, upload and index, XSS, auth."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.core.settings import Settings
from index.update.build import update_index
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings
from tests.ui.browser import chromium, free_port, require_chromium, screenshot_dir, wait_for
from ui.web.server import WebServer

pytestmark = pytest.mark.browser

XSS_ARTICLE = (
    "Spice harvest on Zanzibar doubles\n\n"
    "The clove harvest on Zanzibar doubled to 8,000 tonnes <script>window.__nqxss = 1;</script> "
    'this season <img src=x onerror="window.__nqxss = 2"> according to the island\'s board.\n'
)
# Markdown an article carries: LaTeX, bare links, its own footnote markers.
LIGHTHOUSE = (
    "Skerry lighthouse log\n\n"
    "The Skerry lighthouse keeper logged 1,240 storm hours in 2024[1][2], noting $$E=mc^2$$ "
    "beside the entry and https://evil.example/steal and www.evil.example in the margin.\n"
)
GLACIER = (
    "Glacier survey finds record melt\n\n"
    "The Alpine glacier survey measured 4.2 metres of ice loss at the Rhone Glacier in 2025, "
    "the largest loss recorded since measurements began in 1894.\n"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings, Path]]:
    require_chromium()
    root = tmp_path_factory.mktemp("browser")
    copy_seeds(root)
    (root / "seeds" / "zanzibar.txt").write_text(XSS_ARTICLE)
    (root / "seeds" / "lighthouse.txt").write_text(LIGHTHOUSE)
    settings = make_settings(root, port=str(free_port()))
    update_index(settings)
    with WebServer(settings) as served:
        yield f"{served.url}/", settings, screenshot_dir(root / "shots")


def chat_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, "#nq-chat").text)


def ask_in_browser(driver, question: str) -> float:
    """Type and send `question`; returns seconds until the answer's timing line shows."""
    from selenium.webdriver.common.by import By

    box = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "#question textarea"), what="box")
    before = chat_text(driver).count("retrieval ")
    box.send_keys(question)
    started = time.perf_counter()
    driver.find_element(By.CSS_SELECTOR, "#ask").click()
    wait_for(lambda: chat_text(driver).count("retrieval ") > before, what="the answer")
    return time.perf_counter() - started


def open_citation(driver, n: int = 1) -> str:
    """Click the last answer's `[n]` and return the highlighted span's text."""
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, f'#nq-chat a[href$="-{n}"]')
    links[-1].click()
    wait_for(
        lambda: driver.find_elements(By.CSS_SELECTOR, "#nq-article #nq-cited"),
        what="the opened article",
    )
    return str(driver.find_element(By.CSS_SELECTOR, "#nq-article #nq-cited").text)


def test_ask_the_example_and_open_its_citation(served):
    from selenium.webdriver.common.by import By

    url, _, shots = served
    with chromium() as driver:
        driver.get(url)
        wait_for(
            lambda: "Ask the news" in driver.find_element(By.CSS_SELECTOR, "#nq-chat").text,
            what="the empty state",
        )
        driver.save_screenshot(str(shots / "empty.png"))
        ask_in_browser(driver, FRENCH_TROOPS)
        answer = chat_text(driver)
        assert re.search(r"1,?500", answer) and "[1]" in answer
        sources = driver.find_element(By.CSS_SELECTOR, "#nq-sources")
        assert "support" in sources.text and sources.find_elements(By.TAG_NAME, "mark")
        driver.save_screenshot(str(shots / "answer.png"))

        quote = open_citation(driver, 1)
        assert re.search(r"1,?500", quote)
        first_context = sources.find_elements(By.TAG_NAME, "mark")[0].text
        assert quote == first_context  # the panel and the article show the same span
        # The span is scrolled into view inside the article panel.
        visible = driver.execute_script(
            "const m = document.querySelector('#nq-article #nq-cited').getBoundingClientRect();"
            "return m.top >= 0 && m.bottom <= window.innerHeight;"
        )
        assert visible
        assert len(driver.window_handles) == 1  # opened in place, not in a new tab
        driver.save_screenshot(str(shots / "source.png"))


def test_a_citation_link_from_the_api_opens_its_span(served):
    import httpx
    from selenium.webdriver.common.by import By

    url, _, shots = served
    chat = {"model": "news-qa", "messages": [{"role": "user", "content": FRENCH_TROOPS}]}
    message = httpx.post(f"{url}v1/chat/completions", json=chat, timeout=60).json()
    message = message["choices"][0]["message"]
    link = message["annotations"][-1]["url_citation"]["url"]
    quote = message["citations"][-1]["quote"]
    with chromium() as driver:
        driver.get(link)
        mark = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, "#nq-article #nq-cited"),
            what="the linked article",
        )
        assert mark.text == quote and mark.is_displayed()
        driver.save_screenshot(str(shots / "linked.png"))
        driver.get(f"{url}?article=gone.txt&start=0&end=5")
        panel = lambda: driver.find_element(By.CSS_SELECTOR, "#nq-article").text  # noqa: E731
        wait_for(lambda: "not in the index" in panel(), what="the missing article's message")


def test_narrow_screen_keeps_chat_and_sources_usable(served):
    from selenium.webdriver.common.by import By

    url, _, shots = served
    with chromium(400, 860) as driver:
        driver.get(url)
        ask_in_browser(driver, FRENCH_TROOPS)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 420  # no sideways scrolling
        open_citation(driver, 1)
        assert driver.find_element(By.CSS_SELECTOR, "#nq-article #nq-cited").is_displayed()
        driver.save_screenshot(str(shots / "narrow.png"))


def test_upload_update_and_ask_about_the_new_article(served, tmp_path: Path):
    from selenium.webdriver.common.by import By

    url, settings, shots = served
    upload = tmp_path / "glacier.txt"
    upload.write_text(GLACIER)
    with chromium() as driver:
        driver.get(url)
        wait_for(lambda: driver.find_element(By.XPATH, "//button[@role='tab' and .='Articles']"))
        driver.find_element(By.XPATH, "//button[@role='tab' and .='Articles']").click()
        status = lambda: driver.find_element(By.CSS_SELECTOR, "#nq-status textarea")  # noqa: E731
        file_input = wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, "#nq-upload input[type=file]"),
            what="the upload input",
        )
        file_input.send_keys(str(upload))
        wait_for(lambda: "saved as glacier.txt" in status().get_attribute("value"), what="save")
        assert (settings.seeds_dir / "glacier.txt").read_text() == GLACIER
        wait_for(lambda: "glacier.txt" in driver.find_element(By.ID, "nq-articles").text)
        driver.find_element(By.CSS_SELECTOR, "#nq-update").click()
        wait_for(lambda: "Index updated" in status().get_attribute("value"), what="the update")
        assert "1 added" in status().get_attribute("value")
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", status())
        driver.save_screenshot(str(shots / "articles.png"))

        driver.find_element(By.XPATH, "//button[@role='tab' and .='Chat']").click()
        ask_in_browser(driver, "How much ice did the Rhone Glacier lose in 2025?")
        assert "4.2" in chat_text(driver)
        assert "glacier.txt" in driver.find_element(By.CSS_SELECTOR, "#nq-sources").text


def test_an_article_with_html_renders_inert(served):
    from selenium.webdriver.common.by import By

    url, _, _ = served
    with chromium() as driver:
        driver.get(url)
        ask_in_browser(driver, "How large was the clove harvest on Zanzibar?")
        assert "8,000 tonnes" in chat_text(driver)
        open_citation(driver, 1)
        article = driver.find_element(By.CSS_SELECTOR, "#nq-article").text
        assert "<script>window.__nqxss = 1;</script>" in article
        assert '<img src=x onerror="window.__nqxss = 2">' in html.unescape(article)
        time.sleep(0.5)  # time for an injected onerror to fire, if one had been injected
        assert driver.execute_script("return typeof window.__nqxss") == "undefined"
        assert not driver.find_elements(By.CSS_SELECTOR, "#nq-article img, #nq-sources img")


def test_article_markdown_shows_as_written(served):
    """`$$E=mc^2$$` literally (no KaTeX), URLs as text, and only our own [n] as links."""
    from selenium.webdriver.common.by import By

    url, _, _ = served
    with chromium() as driver:
        driver.get(url)
        ask_in_browser(driver, "How many storm hours did the Skerry lighthouse keeper log?")
        answer = chat_text(driver)
        assert "1,240 storm hours in 2024[1][2]" in answer
        assert "$$E=mc^2$$" in answer
        assert "https://evil.example/steal" in answer and "www.evil.example" in answer
        chat = driver.find_element(By.CSS_SELECTOR, "#nq-chat")
        assert not chat.find_elements(By.CSS_SELECTOR, ".katex, math")
        links = [a.get_attribute("href") for a in chat.find_elements(By.TAG_NAME, "a")]
        assert links and all(re.search(r"#cite-\d+-1$", str(link)) for link in links), links


def test_with_auth_anonymous_requests_are_refused(tmp_path: Path):
    import httpx
    from selenium.webdriver.common.by import By

    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, port=str(free_port()), ui_auth="ann:long-secret")
    update_index(settings)
    server = WebServer(settings).start()
    url = server.url
    try:
        anonymous = httpx.Client(base_url=url, timeout=30)
        files = {"files": ("x.txt", b"A story\n\nText.\n", "text/plain")}
        assert anonymous.post("/gradio_api/upload", files=files).status_code == 401
        for endpoint in ("update_index", "upload", "delete", "ask"):
            refused = anonymous.post(f"/gradio_api/call/{endpoint}", json={"data": []})
            assert refused.status_code == 401, endpoint
        assert anonymous.get("/config").status_code == 401
        assert not list(settings.seeds_dir.glob("x*.txt"))

        user = httpx.Client(base_url=url, timeout=30)
        wrong = user.post("/login", data={"username": "ann", "password": "guess"})
        assert wrong.status_code == 400
        assert user.post("/login", data={"username": "ann", "password": "long-secret"}).is_success
        assert user.get("/config").status_code == 200
        assert user.post("/gradio_api/upload", files=files).status_code == 200
        huge = {"files": ("big.txt", b"word " * 500_000, "text/plain")}  # over 2,000,000 bytes
        assert user.post("/gradio_api/upload", files=huge).status_code == 413

        with chromium() as driver:
            driver.get(url)
            wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "input[type=password]"))
            assert "Ask the news" not in driver.page_source
            driver.save_screenshot(str(screenshot_dir(tmp_path / "shots") / "login.png"))
    finally:
        server.close()


def test_nothing_outside_the_seeds_folder_is_served(served):
    import httpx

    url, settings, _ = served
    from tests.conftest import REPO

    manifest = next(settings.data_dir.glob("gen-*/manifest.json"))
    for path in (manifest, REPO / "pyproject.toml", Path("/etc/passwd")):
        assert httpx.get(f"{url}gradio_api/file={path.resolve()}").status_code == 403, path
    seed = next(settings.seeds_dir.glob("*.txt"))
    got = httpx.get(f"{url}gradio_api/file={seed.resolve()}")
    assert got.status_code == 200 and got.content == seed.read_bytes()


def timeline_dates(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    times = driver.find_elements(By.CSS_SELECTOR, "#nq-timeline time")
    return [str(t.get_attribute("datetime")) for t in times]


def test_the_outlet_filter_limits_the_sources(served):
    from selenium.webdriver.common.by import By

    url, _, shots = served
    with chromium() as driver:
        driver.get(url)

        def wion_choice():
            # The page load fills the choices from the index (busy until then).
            driver.find_element(By.CSS_SELECTOR, "#nq-outlets input").click()
            return driver.find_element(By.CSS_SELECTOR, '#nq-outlets li[aria-label="WION"]')

        wait_for(wion_choice, what="the WION choice").click()
        wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, "#nq-outlets .token").text == "WION",
            what="WION selected",
        )
        ask_in_browser(driver, FRENCH_TROOPS)
        sources = driver.find_elements(By.CSS_SELECTOR, "#nq-sources .nq-source .nq-meta")
        assert sources and all(s.text.startswith("“WION” · ") for s in sources)
        assert "Searched only articles from WION." in chat_text(driver)
        driver.save_screenshot(str(shots / "filtered.png"))


def test_the_timeline_follows_each_answer_in_date_order(served):
    from selenium.webdriver.common.by import By

    url, _, shots = served
    with chromium() as driver:
        driver.get(url)
        ask_in_browser(driver, "When was Bazoum ousted?")
        timeline = driver.find_element(By.CSS_SELECTOR, "#nq-timeline")
        assert timeline_dates(driver) == ["2023-09-05"]
        assert "Undated" in timeline.text
        assert timeline.text.index("2023-09-05") < timeline.text.index("Undated")
        # Cited [2] then [3]: the timeline shows the August article first.
        ask_in_browser(driver, "What did the coup in Niger do?")
        wait_for(lambda: timeline_dates(driver) == ["2023-08-04", "2023-09-05"], what="order")
        driver.save_screenshot(str(shots / "timeline.png"))


def test_a_compound_question_shows_its_verdict_and_each_parts_evidence(tmp_path: Path):
    """Two outlets' articles: the chat shows "Yes:" and one cited line per outlet, and each
    [n] opens that outlet's article at the quoted sentence."""
    from selenium.webdriver.common.by import By

    from tests.qa.answer.compound.conftest import ARTICLES

    require_chromium()
    (tmp_path / "seeds").mkdir()
    for n, (outlet, day, title, body) in enumerate(ARTICLES[:2]):
        text = f"Date: {day}\nSource: {outlet}\n{title}\n\n{body}\n"
        (tmp_path / "seeds" / f"bridge-{n}.txt").write_text(text)
    settings = make_settings(tmp_path, port=str(free_port()))
    update_index(settings)
    with WebServer(settings) as server, chromium() as driver:
        driver.get(f"{server.url}/")
        ask_in_browser(
            driver,
            "Does the Harbour Gazette article say that the council approved the harbour "
            "bridge, while the Valley Times article reports that residents welcomed the vote?",
        )
        answer = chat_text(driver)
        assert "Yes:" in answer
        lines = [line for line in answer.splitlines() if re.search(r"\[\d\]", line)]
        assert any(line.startswith("Harbour Gazette") for line in lines)
        assert any(line.startswith("Valley Times") for line in lines)
        # Each [n] opens its outlet's article at the quoted sentence (the headline counts).
        first = open_citation(driver, 1)
        assert re.search(r"[Cc]ouncil approve", first)
        driver.find_elements(By.CSS_SELECTOR, '#nq-chat a[href$="-2"]')[-1].click()
        cited = "#nq-article #nq-cited"
        wait_for(
            lambda: driver.find_element(By.CSS_SELECTOR, cited).text != first,
            what="the second citation's article",
        )
        assert "elcome" in driver.find_element(By.CSS_SELECTOR, cited).text
        article = driver.find_element(By.CSS_SELECTOR, "#nq-article").text
        assert "Nordbau, the company chosen to build it" in article
