"""Fetching from the loopback test server: pages, redirects, robots.txt, and every bad case
(404, a timeout, a 50 MB page, not HTML, redirects to loopback and metadata addresses)."""

from __future__ import annotations

import time

import pytest

from index.core.errors import FetchError
from index.fetch.fetch import Fetcher
from index.fetch.guard import AddressGuard
from tests.conftest import make_settings
from tests.web_pages import PAGES
from tests.web_server import Reply


@pytest.fixture
def fetcher(tmp_path):
    # The test server is on loopback: private addresses allowed (the guard's own tests and
    # the ones below with it on say what is refused).
    settings = make_settings(tmp_path, fetch_allow_private="true", fetch_timeout="2")
    with Fetcher(settings) as fetcher:
        yield fetcher


def failure(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.page(url)
    return caught.value


def test_a_page_comes_with_its_type_charset_and_the_user_agent(web, fetcher):
    page = PAGES[0]
    fetched = fetcher.page(web.url(page.path))
    assert fetched.body == page.body
    assert (fetched.status, fetched.media_type, fetched.charset) == (200, "text/html", "utf-8")
    assert fetched.url == web.url(page.path)
    agent = web.hits_of(page.path)[-1].headers["User-Agent"]
    assert agent.startswith("news-qa/")


def test_redirects_are_followed_to_the_page(web, fetcher):
    final = web.url(PAGES[1].path)
    web.route("/hop/2", Reply(status=301, headers={"Location": final}))
    web.route("/hop/1", Reply(status=302, headers={"Location": "/hop/2"}))  # relative
    fetched = fetcher.page(web.url("/hop/1"))
    assert fetched.url == final
    assert fetched.body == PAGES[1].body


def test_more_than_five_redirects_are_refused(web, fetcher):
    for n in range(7):
        web.route(f"/loop/{n}", Reply(status=302, headers={"Location": f"/loop/{n + 1}"}))
    error = failure(fetcher, web.url("/loop/0"))
    assert error.kind == "http" and "more than 5 redirects" in str(error)
    assert not web.hits_of("/loop/6")


def test_a_missing_page_is_reported_with_its_status(web, fetcher):
    error = failure(fetcher, web.url("/no/such/story"))
    assert str(error) == (
        f"{web.url('/no/such/story')}: the server answered HTTP 404 Not Found - check the address"
    )
    assert error.status == 404


def test_a_slow_server_times_out_at_the_setting(web, fetcher):
    web.route("/slow", Reply(PAGES[0].body, delay=4))
    started = time.monotonic()
    error = failure(fetcher, web.url("/slow"))
    assert time.monotonic() - started < 3.5
    assert error.kind == "timeout" and "within 2 s" in str(error)
    assert error.setting == "NEWSQA_FETCH_TIMEOUT" and "NEWSQA_FETCH_TIMEOUT" in str(error)


def test_a_50_mb_page_is_refused_at_the_cap_without_reading_it_all(web, fetcher):
    web.route("/huge", Reply(stream=50_000_000))
    started = time.monotonic()
    error = failure(fetcher, web.url("/huge"))
    assert time.monotonic() - started < 3
    assert error.kind == "too-big" and "NEWSQA_MAX_ARTICLE_BYTES" in str(error)
    assert "over the 2,000,000-byte limit" in str(error)
    # The server stops once the connection is closed: far less than 50 MB went out.
    time.sleep(0.3)
    assert web.streamed["/huge"] < 10_000_000


def test_a_declared_length_over_the_cap_is_refused_before_the_body(web, fetcher):
    web.route("/declared-huge", Reply(stream=50_000_000, length=50_000_000))
    error = failure(fetcher, web.url("/declared-huge"))
    assert "50,000,000 bytes, over the 2,000,000-byte limit" in str(error)


@pytest.mark.parametrize("kind", ["application/pdf", "image/jpeg", "application/json"])
def test_what_is_not_a_web_page_is_refused_by_its_type(web, fetcher, kind):
    path = f"/file/{kind.replace('/', '-')}"
    web.route(path, Reply(b"%PDF-1.7 ...", content_type=kind))
    error = failure(fetcher, web.url(path))
    assert error.kind == "type"
    assert f"{kind} content, not a web page" in str(error)


def test_a_page_the_sites_robots_txt_disallows_is_not_fetched(tmp_path, web):
    # A site of its own (its own robots.txt): another name for the same loopback server.
    rules = b"User-agent: *\nDisallow: /private/\n\nUser-agent: news-qa\nDisallow: /members/\n"
    web.route("/robots.txt", Reply(rules, content_type="text/plain"))
    web.route("/members/story", Reply(PAGES[0].body))
    web.route("/open/story", Reply(PAGES[0].body))
    settings = make_settings(tmp_path, fetch_allow_private="true")
    before = len(web.hits_of("/robots.txt"))
    try:
        with Fetcher(settings) as fetcher:
            error = failure(fetcher, web.url("/members/story"))
            assert error.kind == "robots"
            assert "robots.txt" in str(error) and "does not allow news-qa" in str(error)
            assert fetcher.page(web.url("/open/story")).status == 200
            assert fetcher.page(web.url("/private/../open/story")).status == 200
    finally:
        del web.routes["/robots.txt"]
    assert not web.hits_of("/members/story")
    assert len(web.hits_of("/robots.txt")) == before + 1  # read once per fetcher


class TestServerIsPublic(AddressGuard):
    """The guard as set by default (private addresses refused), but taking the name
    `news.test` for a public site at the test server's address: the first hop is let
    through, every redirect is judged as for real."""

    __test__ = False

    def address_for(self, url: str, host: str, port: int) -> str:
        return "127.0.0.1" if host == "news.test" else super().address_for(url, host, port)


@pytest.mark.parametrize(
    ("location", "said"),
    [
        ("http://127.0.0.1:{port}/world/2023/niger-togo-mediation", "127.0.0.1 is a loopback"),
        ("http://localhost:{port}/", "localhost resolves to 127.0.0.1, a loopback"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata"),
        ("http://[::ffff:a9fe:a9fe]/latest/", "a cloud metadata address (169.254.169.254 inside"),
        ("http://2130706433:{port}/", "2130706433 resolves to 127.0.0.1"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(tmp_path, web, location, said):
    path = f"/redirect/{abs(hash(location))}"
    web.route(path, Reply(status=302, headers={"Location": location.format(port=web.port)}))
    settings = make_settings(tmp_path)  # NEWSQA_FETCH_ALLOW_PRIVATE unset: false
    with Fetcher(settings, guard=TestServerIsPublic(False)) as fetcher:
        error = failure(fetcher, web.url(path, host="news.test"))
    assert error.kind == "refused" and said in str(error)
    assert "NEWSQA_FETCH_ALLOW_PRIVATE" in str(error)
    assert str(error).count("\n") == 0


def test_the_checked_address_is_the_one_connected_to(tmp_path, web):
    # `pinned.test` is in no DNS: the fetch reaches the server only through the address the
    # guard's resolver gave (asked once), with the name kept in the Host header.
    asked = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    settings = make_settings(tmp_path, fetch_allow_private="true")
    with Fetcher(settings, guard=AddressGuard(True, resolver)) as fetcher:
        fetched = fetcher.page(web.url(PAGES[2].path, host="pinned.test"))
    assert fetched.body == PAGES[2].body
    assert fetched.url == web.url(PAGES[2].path, host="pinned.test")
    assert web.hits_of(PAGES[2].path)[-1].headers["Host"] == f"pinned.test:{web.port}"
    assert asked == ["pinned.test", "pinned.test"]  # robots.txt, then the page


def test_addresses_that_are_not_web_addresses_are_refused(fetcher):
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        error = failure(fetcher, url)
        assert error.kind == "address" and "not an http(s) web address" in str(error)


def test_a_robots_txt_the_server_fails_to_give_stops_the_fetch(tmp_path, web):
    web.route("/robots.txt", Reply(b"down", status=503, content_type="text/plain"))
    settings = make_settings(tmp_path, fetch_allow_private="true")
    try:
        with Fetcher(settings) as fetcher:
            error = failure(fetcher, web.url(PAGES[0].path + "?robots-503"))
    finally:
        del web.routes["/robots.txt"]
    assert error.kind == "robots"
    assert "robots.txt could not be read (HTTP 503)" in str(error) and "try again later" in str(
        error
    )
    assert not web.hits_of(PAGES[0].path + "?robots-503")
