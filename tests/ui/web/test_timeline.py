"""The Timeline panel (ui/web/timeline.py): cited articles by date, reprints, undated last."""

import re

from qa.types import Answer, Reprint
from tests.ui.web.test_render import cited
from ui.web.timeline import timeline_html


def timeline_articles(panel: str) -> list[str]:
    return re.findall(r'data-article="([^"]+)"', panel)


def test_timeline_orders_articles_by_date_and_lists_undated_last():
    citations = [
        cited(1, "undated.txt", None),
        cited(2, "september.txt", "2023-09-05"),
        cited(3, "august.txt", "2023-08-04"),
    ]
    panel = timeline_html(Answer("q", "x", True, citations, []), turn=2)
    assert timeline_articles(panel) == ["august.txt", "september.txt", "undated.txt"]
    assert panel.index("2023-08-04") < panel.index("2023-09-05") < panel.index("Undated")
    assert panel.index("Undated") < panel.index('data-article="undated.txt"')
    assert 'href="#cite-2-3"' in panel  # markers open their source like the chat's


def test_timeline_lists_an_article_cited_twice_once_with_all_its_markers():
    citations = [
        cited(1, "a.txt", "2023-08-04"),
        cited(2, "b.txt", "2023-08-01"),
        cited(3, "a.txt", "2023-08-04"),
    ]
    panel = timeline_html(Answer("q", "x", True, citations, []))
    assert timeline_articles(panel) == ["b.txt", "a.txt"]
    entry_a = panel.split('data-article="a.txt"')[1].split("</li>")[0]
    assert "[1] [3]" in entry_a and "[2]" not in entry_a


def test_timeline_adds_dated_reprints_and_says_when_nothing_is_dated():
    wire = Reprint("wire.txt", "Wire <b>copy</b>", "AFP", "2023-07-30", 0, 1)
    undated = Reprint("copy.txt", "Copy", None, None, 0, 1)
    citations = [cited(1, "a.txt", None, wire, undated), cited(2, "b.txt", None)]
    panel = timeline_html(Answer("q", "x", True, citations, []))
    assert timeline_articles(panel) == ["wire.txt", "a.txt", "b.txt"]
    assert "reprint of [1]" in panel and "Wire &lt;b&gt;copy&lt;/b&gt;" in panel
    assert "No cited article is dated" not in panel and "<b>" not in panel

    none_dated = timeline_html(Answer("q", "x", True, citations[1:], []))
    assert "No cited article is dated." in none_dated
    assert timeline_articles(none_dated) == ["b.txt"]


def test_timeline_without_an_answer_or_citations_says_so():
    assert "appear here" in timeline_html(None)
    assert "cites no article" in timeline_html(Answer("q", "No.", False, [], []))
