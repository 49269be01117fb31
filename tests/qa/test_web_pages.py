"""Answers from web pages: citations carry the page's address and author, and their quotes
are exact spans of the cleaned text, as for text files."""

from __future__ import annotations

from qa import article_text, ask
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


def test_a_page_in_windows_1252_is_answered_from_in_its_own_words(web_seeded):
    answer = ask("Quand le président Mohamed Bazoum a-t-il été renversé ?", settings=web_seeded)
    assert any("le 26 juillet" in c.quote for c in answer.citations), answer.text
    quote = next(c for c in answer.citations if "le 26 juillet" in c.quote)
    assert "été renversé" in quote.quote
    assert quote.outlet == "L’Écho du Sahel" and quote.url and quote.url.startswith("http://")
