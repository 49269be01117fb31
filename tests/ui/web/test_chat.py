import html
import re

from index.core.settings import Settings
from qa.types import Answer
from tests.conftest import FRENCH_TROOPS
from ui.web.chat import SEARCHING, chat_turn, open_source

BAZOUM = "Who is Mohamed Bazoum?"


def test_a_turn_streams_a_placeholder_then_the_cited_answer(seeded: Settings):
    steps = list(chat_turn(FRENCH_TROOPS, [], [], seeded))
    first_history, first_panels, box, _ = steps[0]
    assert first_history[-1]["content"] == SEARCHING and first_panels is None and box == ""
    history, panels, _, turns = steps[-1]
    assert panels is not None
    assert [m["role"] for m in history] == ["user", "assistant"]
    answer = history[-1]["content"]
    assert re.search(r"1,?500", answer)
    assert "(#cite-0-1)" in answer and "retrieval" in answer and "answer" in answer
    assert len(turns) == 1 and 'href="#cite-0-1"' in panels.sources
    assert "<mark>" in panels.sources
    assert 'data-article="003_81e9dda9929231ae.txt"' in panels.timeline


def test_follow_up_keeps_history_and_numbers_the_new_answer(seeded: Settings):
    *_, (history, _, _, turns) = chat_turn(FRENCH_TROOPS, [], [], seeded)
    *_, (history, _, _, turns) = chat_turn("Who ousted Bazoum?", history, turns, seeded)
    assert [m["role"] for m in history] == ["user", "assistant"] * 2
    assert len(turns) == 2
    if turns[1].citations:
        assert "(#cite-1-1)" in history[-1]["content"]


def test_errors_become_a_message_and_lose_the_history(seeded: Settings):
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    *_, (after, panels, _, turns) = chat_turn("   ", history, [], seeded)
    assert after[:2] == history and "empty" in after[-1]["content"]
    assert panels is None and turns == []


def test_opening_a_citation_shows_its_whole_article_with_the_span(seeded: Settings):
    *_, (_, _, _, turns) = chat_turn(FRENCH_TROOPS, [], [], seeded)
    first = turns[0].citations[0]
    panel, article = open_source("cite-0-1", turns, seeded)
    assert "<mark id='nq-cited'>" in article
    marked = article.split("<mark id='nq-cited'>")[1].split("</mark>")[0]
    assert html.unescape(marked) == first.quote
    whole = html.unescape(re.sub(r"<[^>]+>", "", article.split('<div class="nq-body">')[1]))
    assert whole[first.start : first.end] == first.quote
    assert first.article_id in article and 'id="source-0-1"' in panel


def test_unknown_citations_say_so(seeded: Settings):
    *_, (_, _, _, turns) = chat_turn(FRENCH_TROOPS, [], [], seeded)
    assert "no longer available" in open_source("cite-7-1", turns, seeded)[1]
    assert "has no source [9]" in open_source("cite-0-9", turns, seeded)[1]
    assert "no longer available" in open_source("<img src=x>", turns, seeded)[1]


def test_a_follow_up_is_searched_with_the_previous_question(seeded: Settings):
    *_, (history, _, _, turns) = chat_turn(FRENCH_TROOPS, [], [], seeded)
    *_, (history, _, _, turns) = chat_turn("and what about Mali?", history, turns, seeded)
    assert turns[1].query == "How many Mali troops are in Niger?"
    assert "Searched as: How many Mali troops are in Niger?" in history[-1]["content"].replace(
        "\\", ""
    )


def last_answer(steps) -> Answer:
    *_, (_, _, _, turns) = steps
    return turns[-1]


def test_an_outlet_filter_cites_only_that_outlet(seeded: Settings):
    answer = last_answer(chat_turn(FRENCH_TROOPS, [], [], seeded, outlets=["WION"]))
    assert answer.citations and {c.outlet for c in answer.citations} == {"WION"}
    assert "Searched only articles from WION." in answer.notes


def test_a_date_range_cites_only_articles_from_it(seeded: Settings):
    # Unfiltered, this question cites undated articles too.
    answer = last_answer(
        chat_turn(BAZOUM, [], [], seeded, since=" 2023-08-01 ", until="2023-08-31")
    )
    assert [c.article_id for c in answer.citations] == ["004_bebdfeffcaaf1832.txt"]


def test_a_bad_date_shows_what_to_type(seeded: Settings):
    *_, (history, panels, _, turns) = chat_turn(BAZOUM, [], [], seeded, since="2023-13-01")
    message = history[-1]["content"].replace("\\", "")
    assert message.startswith("⚠️") and "2023-13-01" in message and "YYYY-MM-DD" in message
    assert panels is None and turns == []
