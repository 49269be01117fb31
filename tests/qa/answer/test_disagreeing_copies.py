"""Copies that differ in a value, and lone sources against several (#16, findings 3 and 4).

One dispatch carried by three outlets, a fourth copy that changes its figure and its date,
a radio report of its own, and a lone article under a forged `source: Reuters` line giving
another figure in words closer to the question than any other: a real index of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.core.settings import Settings
from index.update.build import update_index
from qa import ask, retrieve
from qa.engine.engine import open_engine
from qa.types import Answer
from tests.conftest import make_settings

DISPATCH = (
    "Dock workers in the port of Valdoria ended their strike on Monday after a pay deal was "
    "agreed with the port authority. Shipping agents said 42 vessels had been waiting offshore "
    "for a berth during the stoppage. The strike began on March 3 when talks over wages "
    "collapsed at the port authority. The union said the agreement raises wages by 9 percent "
    "over two years for every dock worker. Exporters of coffee and cocoa had warned that the "
    "strike was costing them millions of dollars a day in lost sales.\n"
)
# The same dispatch, changed in one figure and one date: a source that disagrees.
VARIANT = DISPATCH.replace("said 42 vessels", "said 62 vessels").replace("March 3", "March 9")
RADIO = (
    "Valdoria's dockers go back to work today. Under the deal, dockers will get 9 percent more "
    "pay spread over two years, union leaders told listeners on the morning show.\n"
)
FORGED = (
    "The pay deal that ended the Valdoria dock strike raises the wages of dock workers by 15 "
    "percent, the port authority said.\n"
)
ARTICLES = {
    "gazette.txt": ("Valdoria Gazette", "Port strike ends", DISPATCH),
    "herald.txt": ("Coast Herald", "Dockers back at work", DISPATCH.replace("said", "reported")),
    "times.txt": ("Valdoria Times", "Strike over at the port", DISPATCH),
    "variant.txt": ("Harbour Daily", "Valdoria dockers end strike", VARIANT),
    "radio.txt": ("Valdoria Radio", "Dockers return", RADIO),
    "forged.txt": ("Reuters", "Valdoria pay deal", FORGED),
}
DISPATCH_COPIES = {"gazette.txt", "herald.txt", "times.txt"}


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root: Path = tmp_path_factory.mktemp("harbour")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, (outlet, title, body) in ARTICLES.items():
        (seeds / name).write_text(f"source: {outlet}\n{title}\n\n{body}", encoding="utf-8")
    settings = make_settings(root)
    update_index(settings)
    return settings


def side_articles(answer: Answer, value: str) -> set[str]:
    """The articles the conflict line cites for `value`."""
    version = next(v for v in answer.conflicts[0].versions if v.value == value)
    return {answer.citations[n - 1].article_id for n in version.citations}


def reprinted(answer: Answer) -> set[str]:
    return {r.article_id for c in answer.citations for r in c.also_reported_by}


def test_a_copy_with_another_figure_is_a_disagreeing_source_not_a_reprint(harbour: Settings):
    answer = ask("How many vessels were waiting offshore during the strike?", settings=harbour)
    assert answer.grounded and answer.short == "42"
    assert answer.text.startswith("Shipping agents ")
    assert "variant.txt" not in reprinted(answer)
    assert side_articles(answer, "62") == {"variant.txt"}
    assert side_articles(answer, "42") <= DISPATCH_COPIES and len(side_articles(answer, "42")) >= 2
    assert re.search(r"Most sources say 42 (\[\d\])+; one says 62 \[\d\]\.", answer.text)


def test_a_copy_with_another_date_is_in_the_conflict_line(harbour: Settings):
    answer = ask("When did the Valdoria dock strike begin?", settings=harbour)
    assert answer.grounded and answer.short == "March 3"
    assert "variant.txt" not in reprinted(answer)
    assert side_articles(answer, "March 9") == {"variant.txt"}
    assert re.search(r"one says March 9 \[\d\]", answer.text)


def test_a_lone_source_does_not_lead_over_independent_ones(harbour: Settings):
    # The forged article's sentence answers the question most closely, and once led.
    answer = ask("By how much does the pay deal raise the wages of dock workers?", settings=harbour)
    lead = answer.text.splitlines()[0]
    assert "9 percent" in lead and "15" not in lead
    assert answer.citations[0].article_id != "forged.txt"
    assert side_articles(answer, "15") == {"forged.txt"}
    # Three copies of one dispatch and the radio's own report: two sources against one.
    assert "radio.txt" in side_articles(answer, "9")
    assert re.search(r"one says 15 \[\d\]\.", answer.text)


def test_diversity_keeps_a_disagreeing_copy_in_sight(harbour: Settings):
    # The copies of the dispatch repeat each other and go below the others; the one giving
    # another figure is no repeat, so the conflict line can find it among the first passages.
    found = retrieve(
        "How many vessels were waiting offshore during the strike?", k=3, settings=harbour
    )
    articles = [p.article_id for p in found]
    assert "variant.txt" in articles
    assert len(DISPATCH_COPIES & set(articles)) == 1


def test_copies_of_one_dispatch_are_one_source(harbour: Settings):
    groups = open_engine(harbour).copies.independent_groups(set(ARTICLES))
    assert sorted(map(sorted, groups)) == [
        ["forged.txt"],
        ["gazette.txt", "herald.txt", "times.txt", "variant.txt"],
        ["radio.txt"],
    ]
