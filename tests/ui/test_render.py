from qa.types import Answer, Citation, Passage
from ui.render import (
    answer_markdown,
    article_html,
    escape_text,
    quote_in_context,
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
    assert 'href="#cite-4-2"' in panel and "Outlet · 2023-09-05 · support 0.90" in panel


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
