"""Following feeds from the loopback test server: RSS 2.0, Atom and RDF; ETag and unchanged
feeds; one article once; malformed XML; a feed whose entries all fail; the feed list."""

from __future__ import annotations

import time
import uuid

import pytest

from index.core.errors import FeedListError
from index.fetch.feedlist import FeedList
from index.fetch.sources import follow_feed, followed_feeds, refresh_feeds, unfollow_feed
from index.ingest.read import read_articles
from tests.conftest import make_settings
from tests.web_pages import PAGES, Item, atom, brief_page, rdf, rss
from tests.web_server import Reply


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "seeds").mkdir()
    return make_settings(tmp_path, fetch_allow_private="true", fetch_timeout="2")


@pytest.fixture
def site(web):
    """A fresh path prefix on the test server, so that each test's feeds and pages are its own."""
    return f"/{uuid.uuid4().hex[:8]}"


def articles_by_url(settings):
    articles, skipped = read_articles(settings.seeds_dir, settings.max_article_bytes)
    assert not skipped
    return {a.url: a for a in articles}


def test_an_rss_feed_brings_its_entries_with_the_entry_date_and_author(web, site, settings):
    web.route(f"{site}/brief", Reply(brief_page()))
    items = [
        Item(web.url(PAGES[0].path) + "?utm_source=rss&utm_medium=feed", "c-1", "Togo"),
        Item(web.url(f"{site}/brief"), "b-1", "Ambassador", "2023-08-25", "Aissa Kone"),
        Item(web.url(PAGES[2].path), "g-1", "Intervention", "2023-09-08"),
    ]
    feed_url = web.route(
        f"{site}/rss.xml", Reply(rss("Sahel wire", items), content_type="application/rss+xml")
    )

    report = follow_feed(settings, feed_url)

    assert report.outcome == "new" and not report.error and not report.entry_errors
    assert report.title == "Sahel wire"
    assert [a.status for a in report.added] == ["added"] * 3
    saved = articles_by_url(settings)
    brief = saved[web.url(f"{site}/brief")]
    # The page names no date or author: the feed entry's stand in.
    assert (brief.date, brief.author) == ("2023-08-25", "Aissa Kone")
    # The page's own metadata wins over the entry's (the entry has no author; its date is
    # the default 2023-08-30, the page says 2023-08-28).
    courier = saved[web.url(PAGES[0].path) + "?utm_source=rss&utm_medium=feed"]
    assert (courier.date, courier.author) == ("2023-08-28", "Amina Diallo")
    assert [f.url for f in followed_feeds(settings)] == [feed_url]


def test_an_unchanged_atom_feed_costs_one_304(web, site, settings):
    web.route(f"{site}/a", Reply(brief_page()))
    body = atom("Herald", [Item(web.url(f"{site}/a"), "tag:a", "A", author="Ibrahim Moussa")])
    feed_url = web.route(
        f"{site}/atom.xml", Reply(body, content_type="application/atom+xml", etag='"v1"')
    )
    assert follow_feed(settings, feed_url).outcome == "new"

    started = time.perf_counter()
    [report] = refresh_feeds(settings)
    took = time.perf_counter() - started

    assert report.outcome == "unchanged" and not report.added
    assert took <= 1.0, f"a refresh finding nothing new took {took:.2f} s"
    hits = web.hits_of(f"{site}/atom.xml")
    assert hits[-1].headers["If-None-Match"] == '"v1"' and hits[-1].status == 304
    assert len(web.hits_of(f"{site}/a")) == 1
    [state] = followed_feeds(settings)
    assert state.last_refresh and state.last_new == 0 and state.etag == '"v1"'


def test_an_unchanged_rdf_feed_without_validators_fetches_no_page_again(web, site, settings):
    web.route(f"{site}/r1", Reply(brief_page()))
    web.route(f"{site}/r2", Reply(PAGES[1].body))
    items = [Item(web.url(f"{site}/r1"), "", "R1"), Item(web.url(f"{site}/r2"), "", "R2")]
    feed_url = web.route(
        f"{site}/index.rdf", Reply(rdf("Gazette", items), content_type="application/rdf+xml")
    )
    assert len(follow_feed(settings, feed_url).added) == 2

    started = time.perf_counter()
    [report] = refresh_feeds(settings)
    took = time.perf_counter() - started

    assert report.outcome == "unchanged" and took <= 1.0
    assert len(web.hits_of(f"{site}/r1")) == len(web.hits_of(f"{site}/r2")) == 1
    # A new entry appears: only it is fetched.
    web.route(f"{site}/r3", Reply(PAGES[2].body))
    items.append(Item(web.url(f"{site}/r3"), "", "R3"))
    web.route(f"{site}/index.rdf", Reply(rdf("Gazette", items), content_type="application/rdf+xml"))
    [report] = refresh_feeds(settings)
    assert [a.article_id for a in report.added] == [f"127.0.0.1{site.replace('/', '_')}_r3.html"]
    assert len(web.hits_of(f"{site}/r1")) == 1


def test_one_article_once_across_feeds_addresses_and_copies(web, site, settings):
    web.route(f"{site}/story", Reply(brief_page()))
    web.route(f"{site}/story-amp", Reply(brief_page()))  # the same text at another address
    story = web.url(f"{site}/story")
    first = rss("One", [Item(story + "?utm_campaign=x#top", "one-1", "Story")])
    second = atom(
        "Two",
        [
            Item(story, "two-1", "Story again"),
            Item(web.url(f"{site}/story-amp"), "two-2", "Story, AMP"),
            # The same text from another site: a wire copy, kept.
            Item(web.url(f"{site}/story", host="localhost"), "two-3", "Wire copy"),
        ],
    )
    one = web.route(f"{site}/one.xml", Reply(first, content_type="application/rss+xml"))
    two = web.route(f"{site}/two.xml", Reply(second, content_type="application/atom+xml"))

    assert len(follow_feed(settings, one).added) == 1
    report = follow_feed(settings, two)

    assert [a.source for a in report.added] == [web.url(f"{site}/story", host="localhost")]
    assert not report.entry_errors
    assert len(web.hits_of(f"{site}/story")) == 2  # once from each site
    files = sorted(p.name for p in settings.seeds_dir.iterdir())
    assert len(files) == 2, files


def test_malformed_xml_is_read_leniently_and_said(web, site, settings):
    web.route(f"{site}/m", Reply(brief_page()))
    broken = rss("Broken", [Item(web.url(f"{site}/m"), "m-1", "M")]).replace(
        b"</channel></rss>", b"<item><title>cut"
    )
    feed_url = web.route(f"{site}/broken.xml", Reply(broken, content_type="application/rss+xml"))
    report = follow_feed(settings, feed_url)
    assert "the feed's XML is malformed" in report.note
    assert len(report.added) == 1


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(b"this is { not XML at all", content_type="text/xml"), "not a feed"),
        (
            Reply(b"<html><body>Hello</body></html>", content_type="text/html"),
            "a web page, not a feed",
        ),
        (Reply(b"gone", status=404, content_type="text/plain"), "HTTP 404 Not Found"),
    ],
)
def test_a_feed_that_cannot_be_read_is_not_followed(web, site, settings, reply, reason):
    feed_url = web.route(f"{site}/feed", reply)
    report = follow_feed(settings, feed_url)
    assert report.outcome == "failed" and reason in report.error
    assert report.error.startswith(feed_url + ": ")
    assert followed_feeds(settings) == []


def test_a_feed_whose_entries_all_fail_is_said_and_the_others_still_refresh(web, site, settings):
    web.route(f"{site}/pdf", Reply(b"%PDF-1.7", content_type="application/pdf"))
    failing = rss(
        "Failing",
        [Item(web.url(f"{site}/gone"), "f-1", "Gone"), Item(web.url(f"{site}/pdf"), "f-2", "PDF")],
    )
    bad = web.route(f"{site}/failing.xml", Reply(failing, content_type="application/rss+xml"))
    report = follow_feed(settings, bad)
    assert report.outcome == "failed" and report.error == "all 2 new entries failed"
    assert report.entry_errors == [
        f"{web.url(f'{site}/gone')}: the server answered HTTP 404 Not Found - check the address",
        f"{web.url(f'{site}/pdf')}: application/pdf content, not a web page (HTML) - give the "
        "address of the article's page",
    ]
    web.route(f"{site}/ok", Reply(brief_page()))
    good = web.route(f"{site}/good.xml", Reply(rss("Good", []), content_type="application/rss+xml"))
    follow_feed(settings, good)
    web.route(
        f"{site}/good.xml",
        Reply(
            rss("Good", [Item(web.url(f"{site}/ok"), "g", "G")]), content_type="application/rss+xml"
        ),
    )

    reports = {r.url: r for r in refresh_feeds(settings)}

    assert reports[good].outcome == "new"
    assert reports[bad].outcome == "failed" and len(reports[bad].entry_errors) == 2
    states = {f.url: f for f in followed_feeds(settings)}
    assert states[bad].last_error == "all 2 new entries failed"
    assert states[bad].failures[f"link:{web.url(f'{site}/gone')}"] == 2


def test_the_feed_list_unfollows_and_keeps_a_damaged_file(web, site, settings):
    feed_url = web.route(
        f"{site}/empty.xml", Reply(rss("Empty", []), content_type="application/rss+xml")
    )
    follow_feed(settings, feed_url)
    with pytest.raises(FeedListError, match="Already following"):
        follow_feed(settings, feed_url + "#again")
    assert unfollow_feed(settings, feed_url).url == feed_url
    with pytest.raises(FeedListError, match=r"Not following .* news-qa feeds list"):
        unfollow_feed(settings, feed_url)
    path = FeedList(settings.data_dir).path
    path.write_text('{"format": 1, "feeds": [{"url": ', encoding="utf-8")
    with pytest.raises(FeedListError, match=r"cannot be read .* left as it is"):
        refresh_feeds(settings)
    assert path.read_text(encoding="utf-8") == '{"format": 1, "feeds": [{"url": '


def test_a_page_served_with_the_wrong_charset_is_saved_right(web, site, settings):
    from index.fetch.sources import add_sources

    # The server says UTF-8; the bytes are Windows-1252, as the page itself declares.
    url = web.route(f"{site}/fr", Reply(PAGES[3].body, content_type="text/html; charset=utf-8"))
    [added] = add_sources(settings, [url])
    assert added.status == "added"
    saved = (settings.seeds_dir / added.article_id).read_text(encoding="utf-8")
    assert "« Nous ne céderons pas »" in saved
    [article], _ = read_articles(settings.seeds_dir, settings.max_article_bytes)
    assert "La Cédéao a menacé d’intervenir" in article.text


def test_a_local_file_is_copied_with_the_checks_of_an_upload(tmp_path, settings):
    import os

    from index.fetch.sources import add_sources

    (tmp_path / "story.html").write_bytes(brief_page())
    (tmp_path / "menu.html").write_bytes(
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    os.mkfifo(tmp_path / "pipe.txt")
    results = add_sources(
        settings, [str(tmp_path / n) for n in ("story.html", "menu.html", "pipe.txt", "gone.txt")]
    )
    assert [r.status for r in results] == ["added", "failed", "failed", "failed"]
    assert "no article text found in the page" in results[1].message
    assert results[2].message.endswith("pipe.txt: not a regular file")
    assert "gone.txt: cannot be read (No such file or directory)" in results[3].message
    assert sorted(p.name for p in settings.seeds_dir.iterdir()) == ["story.html"]


def test_a_page_without_a_type_that_is_binary_is_not_saved(web, site, settings):
    from index.fetch.sources import add_sources

    url = web.route(
        f"{site}/blob", Reply(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, content_type="")
    )
    [added] = add_sources(settings, [url])
    assert added.status == "failed"
    assert added.message == f"{url}: binary file, not a web page (save the page as HTML)"
    assert not list(settings.seeds_dir.iterdir())


def test_an_entry_that_failed_is_tried_again_though_the_feed_is_unchanged(web, site, settings):
    web.route(f"{site}/later", Reply(b"busy", status=503, content_type="text/plain"))
    body = atom("Later", [Item(web.url(f"{site}/later"), "tag:later", "Later")])
    feed = web.route(
        f"{site}/atom.xml", Reply(body, content_type="application/atom+xml", etag='"v1"')
    )
    first = follow_feed(settings, feed)
    assert first.error == "all 1 new entries failed"
    assert "HTTP 503 Service Unavailable - try again later" in first.entry_errors[0]
    web.route(f"{site}/later", Reply(brief_page()))

    [second] = refresh_feeds(settings)
    assert second.outcome == "new"  # the feed was asked for whole, not with its ETag
    assert "If-None-Match" not in web.hits_of(f"{site}/atom.xml")[-1].headers
    [third] = refresh_feeds(settings)
    assert third.outcome == "unchanged" and web.hits_of(f"{site}/atom.xml")[-1].status == 304
