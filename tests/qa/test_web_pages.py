"""Answers from web pages: citations carry the page's address and author, and their quotes
are exact spans of the cleaned text, as for text files."""

from __future__ import annotations

from qa import article_text, ask, indexed_article
from tests.web_pages import PAGES


def test_a_citation_of_a_web_page_carries_its_address_and_author(web, web_seeded):
    answer = ask("How many troops is France pulling out of Niger?", settings=web_seeded)
    assert answer.grounded
    cited = answer.citations[0]
    page = PAGES[0]
    assert "1,500 troops" in cited.quote
    # The address it was fetched from (the page's canonical one is another site's).
    assert cited.url == web.url(page.path)
    assert (cited.author, cited.outlet, cited.date) == (page.author, page.outlet, page.date)
    text = article_text(cited.article_id, settings=web_seeded)
    assert text[cited.start : cited.end] == cited.quote
    passage = next(p for p in answer.passages if p.article_id == cited.article_id)
    assert (passage.url, passage.author) == (cited.url, cited.author)
    article = indexed_article(cited.article_id, settings=web_seeded)
    assert (article.url, article.author) == (cited.url, cited.author)


def test_a_page_in_windows_1252_is_answered_from_in_its_own_words(web_seeded):
    answer = ask("Quand le président Mohamed Bazoum a-t-il été renversé ?", settings=web_seeded)
    assert any("le 26 juillet" in c.quote for c in answer.citations), answer.text
    quote = next(c for c in answer.citations if "le 26 juillet" in c.quote)
    assert "été renversé" in quote.quote
    assert quote.outlet == "L’Écho du Sahel" and quote.url and quote.url.startswith("http://")


WIRE = [
    "Niger's junta said on Sunday it had closed the country's airspace until further notice.",
    "It cited the threat of a military intervention by the West African bloc ECOWAS.",
    "Flights to and from Niamey were diverted to Lome and Ouagadougou, airlines said.",
]


def wire_page(outlet: str, extra: str) -> bytes:
    story = "".join(f"<p>{s}</p>" for s in WIRE)
    return (
        f'<html><head><meta property="og:site_name" content="{outlet}">'
        '<meta property="article:published_time" content="2023-08-06"></head><body>'
        f"<nav><a href='/'>{outlet} home</a></nav><article><h1>Niger closes its airspace</h1>"
        f"{story}</article><aside class='related'><h3>More from {outlet}</h3>"
        f"<a href='/x'>{extra}</a></aside></body></html>"
    ).encode()


def test_wire_copies_from_two_outlets_keep_their_story_and_also_reported_by(web, tmp_path):
    from index.fetch.sources import add_sources
    from index.status.summary import index_status
    from index.update.build import update_index
    from tests.conftest import make_settings
    from tests.web_server import Reply

    web.route("/wire/courier", Reply(wire_page("The Sahel Courier", "Mali votes")))
    web.route("/wire/herald", Reply(wire_page("Niamey Herald", "Ten photos of the week")))
    settings = make_settings(tmp_path, fetch_allow_private="true")
    courier, herald = web.url("/wire/courier"), web.url("/wire/herald", host="localhost")
    added = add_sources(settings, [courier, herald])
    assert [a.status for a in added] == ["added", "added"]
    update_index(settings)

    [story] = index_status(settings).stories
    assert len(story) == 2
    answer = ask("Where were flights to Niamey diverted?", settings=settings)
    cited = next(c for c in answer.citations if "Lome and Ouagadougou" in c.quote)
    [copy] = cited.also_reported_by
    assert {cited.outlet, copy.outlet} == {"The Sahel Courier", "Niamey Herald"}
    assert {cited.url, copy.url} == {courier, herald}
