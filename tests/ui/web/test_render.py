import re
from dataclasses import replace

from qa.types import Answer, Citation, Passage, Reprint
from ui.web.render import (
    answer_markdown,
    article_html,
    escape_text,
    outlet_name,
    quote_in_context,
    shorten,
    sources_html,
    timing_line,
)

ARTICLE = (
    "Opening words of the story. " * 20
    + "Troops: about 1,500 <b>soldiers</b> remain. "
    + "Closing words of the story. " * 20
)
QUOTE = "Troops: about 1,500 <b>soldiers</b> remain."
START = ARTICLE.index(QUOTE)


def citation(n: int = 1, quote: str = QUOTE, start: int = START) -> Citation:
    return Citation(
        n, "a.txt", "T <i>", "Outlet", "2023-09-05", quote, start, start + len(quote), 0.9
    )


def test_article_text_is_escaped():
    shown = escape_text('<script>alert(1)</script> <img src=x onerror="x()"> *bold*')
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "\\*bold\\*" in shown


def test_markers_become_links_to_their_answer_and_text_stays_escaped():
    answer = Answer("q", "About 1,500 <b>troops</b>. [1][2]", True, [], [])
    assert answer_markdown(answer) == "About 1,500 &lt;b&gt;troops&lt;/b&gt;. **[1]** **[2]**"
    linked = answer_markdown(answer, turn=3)
    assert linked.endswith(" [**\\[1\\]**](#cite-3-1) [**\\[2\\]**](#cite-3-2)")


def test_an_articles_own_markers_in_a_quote_stay_text():
    quote = "About 1,500 troops[1][2] remain, see https://evil.example/x or www.evil.example."
    answer = Answer("q", f"{quote} [1]", True, [citation(quote=quote, start=0)], [])
    shown = answer_markdown(answer, turn=0)
    assert shown.count("](#cite-0-") == 1 and shown.endswith(" [**\\[1\\]**](#cite-0-1)")
    assert "troops\\[1\\]\\[2\\] remain" in shown
    # No bare link survives: the scheme's colon and "www." are escaped (shown unchanged).
    assert "https\\://evil" in shown and "www\\.evil" in shown


def test_quote_in_context_marks_exactly_the_cited_span():
    shown = quote_in_context(ARTICLE, citation(), width=60)
    assert "<mark>Troops: about 1,500 &lt;b&gt;soldiers&lt;/b&gt; remain.</mark>" in shown
    assert shown.startswith("… ") and shown.endswith(" …")
    before = shown.split("<mark>")[0]
    assert 40 <= len(before) <= 70  # about `width` characters, cut at a space


def test_a_changed_article_shows_the_quote_not_a_wrong_span():
    moved = citation(start=START + 5)
    assert "changed since" in quote_in_context(ARTICLE, moved)
    assert "changed after" in article_html(moved, ARTICLE)


def test_article_view_highlights_the_span_in_the_whole_article():
    shown = article_html(citation(), ARTICLE)
    assert shown.count("<mark") == 1 and "id='nq-cited'" in shown
    assert "T &lt;i&gt;" in shown and "<b>" not in shown
    assert shown.count("Opening words") == 20 and shown.count("Closing words") == 20


def test_sources_panel_lists_each_citation_with_its_metadata_and_link():
    answer = Answer("q", "x [1] [2]", True, [citation(1), citation(2)], [])
    panel = sources_html(answer, 4, {"a.txt": ARTICLE})
    assert panel.count('class="nq-source"') == 2
    assert 'href="#cite-4-2"' in panel
    meta = re.sub(r"<[^>]+>", "", panel.split('<p class="nq-meta">')[1].split("</p>")[0])
    assert meta == "“Outlet” · 2023-09-05 · support 0.90 · a.txt"


def test_sources_panel_without_citations_names_the_closest_articles():
    passage = Passage("b.txt#0", "b.txt", "<script>x</script>", None, None, "t", 0, 1, 0.1)
    panel = sources_html(Answer("q", "No.", False, [], [passage]), 0, {})
    assert "No passage answers this" in panel and "&lt;script&gt;" in panel
    assert "<script>" not in panel


def test_timing_line_reports_each_stage():
    answer = Answer("q", "x", True, [], [], timings_ms={"retrieve": 8.4, "answer": 181.0})
    assert timing_line(answer) == "extractive · retrieval 8 ms · rerank off · answer 181 ms"
    answer.timings_ms["rerank"] = 230.2
    assert "rerank 230 ms" in timing_line(answer)


def test_timing_line_of_a_generated_answer_shows_the_first_token():
    timings = {"retrieve": 9.0, "first_token": 812.4, "answer": 2100.0}
    answer = Answer("q", "x", True, [], [], mode="generated", timings_ms=timings)
    assert timing_line(answer) == (
        "generated, citations checked · retrieval 9 ms · rerank off · first token 812 ms · "
        "answer 2100 ms"
    )


def cited(n: int, article_id: str, date: str | None, *reprints: Reprint) -> Citation:
    title = f"Story {article_id}"
    return Citation(n, article_id, title, "Outlet", date, "q", 0, 1, 0.9, list(reprints))


def test_also_reported_by_names_each_reprint_escaped():
    reprints = [
        Reprint("b.txt", "Other title", "WION", "2023-09-05", 0, 1),
        Reprint("c.txt", "<img src=x onerror=alert(1)> " + "long words " * 10, None, None, 0, 1),
        Reprint("<d>.txt", "", None, None, 0, 1),
    ]
    answer = Answer("q", "x [1]", True, [cited(1, "a.txt", None, *reprints)], [])
    panel = sources_html(answer, 0, {"a.txt": "q and more"})
    line = panel.split('<p class="nq-also">')[1].split("</p>")[0]
    names = re.sub(r"<[^>]+>", "", line)
    assert names.startswith("Also reported by: “WION” (2023-09-05), &lt;img src=x")
    assert names.endswith("…, &lt;d&gt;.txt")  # the title cut short; no title: the id
    assert "<img" not in panel and "<d>" not in panel


def test_a_citation_without_reprints_has_no_also_reported_line():
    panel = sources_html(Answer("q", "x [1]", True, [cited(1, "a.txt", None)], []), 0, {})
    assert "Also reported by" not in panel


def test_shorten_cuts_at_a_word():
    assert shorten("short", 10) == "short"
    assert shorten("one two three four", 12) == "one two…"


def test_an_outlet_that_reads_like_our_metadata_is_shown_apart_from_it():
    # The outlet is the article's text: quoted in its own element, its quotes straightened.
    forged = "WION (2023-09-05) · support 0.99"
    c = replace(citation(), outlet=forged, score=0.42)
    panel = sources_html(Answer("q", "x [1]", True, [c], []), 0, {"a.txt": ARTICLE})
    meta = panel.split('<p class="nq-meta">')[1].split("</p>")[0]
    outlet = re.findall(r'<span class="nq-outlet"[^>]*>([^<]*)</span>', meta)
    assert outlet == ["“WION (2023-09-05) · support 0.99”"]
    assert re.sub(r"<[^>]+>", "", meta).endswith("” · 2023-09-05 · support 0.42 · a.txt")
    closing = replace(c, outlet="A” · 2023-01-01 · support 0.99 “B")
    shown = sources_html(Answer("q", "x [1]", True, [closing], []), 0, {"a.txt": ARTICLE})
    assert "“A&quot; · 2023-01-01 · support 0.99 &quot;B”" in shown
    assert outlet_name("WION") == "“WION”"
