import re
from dataclasses import replace
from pathlib import Path

import pytest

from index.core.errors import HistoryTooLongError, IndexMissingError, QuestionError
from index.core.settings import Settings
from qa import ask, retrieve
from qa.engine.engine import open_engine
from tests.conftest import FRENCH_TROOPS, make_settings


def test_french_troops_answer_is_1500_and_cited(seeded: Settings):
    answer = ask(FRENCH_TROOPS, settings=seeded)
    assert answer.grounded
    assert re.search(r"1,?500", answer.text)
    assert answer.citations and answer.citations[0].n == 1
    assert re.search(r"1,?500", answer.citations[0].quote)
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text


def test_every_quote_is_the_exact_article_span(seeded: Settings):
    engine = open_engine(seeded)
    questions = [FRENCH_TROOPS, "Who is Niger's defence minister?", "What did Le Monde report?"]
    checked = 0
    for question in questions:
        for citation in ask(question, settings=seeded).citations:
            text = engine.article_text(citation.article_id)
            assert text[citation.start : citation.end] == citation.quote
            checked += 1
    assert checked >= len(questions)


def test_citations_carry_article_metadata(seeded: Settings):
    answer = ask(FRENCH_TROOPS, settings=seeded)
    engine = open_engine(seeded)
    for c in answer.citations:
        entry = engine.manifest.articles[c.article_id]
        assert (c.title, c.outlet, c.date) == (entry.title, entry.outlet, entry.date)


@pytest.mark.parametrize(
    "question",
    ["Who won the 2022 football World Cup?", "What is the population of Niger?"],
)
def test_questions_the_articles_cannot_answer_are_not_grounded(seeded: Settings, question: str):
    answer = ask(question, settings=seeded)
    assert not answer.grounded
    assert answer.citations == []
    assert "do not cover" in answer.text


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_a_clear_error(seeded: Settings, question: str):
    with pytest.raises(QuestionError, match="empty"):
        ask(question, settings=seeded)


def test_very_long_question_is_truncated_not_fatal(seeded: Settings):
    question = FRENCH_TROOPS + " " + "filler words about nothing " * 4000
    assert len(question) > 100_000
    answer = ask(question, settings=seeded)
    assert answer.notes and "NEWSQA_MAX_QUESTION_CHARS" in answer.notes[0]
    assert answer.question == question
    assert len(retrieve(question, k=3, settings=seeded)) == 3


def test_a_conversation_over_the_limits_is_refused_whole(seeded: Settings):
    limited = replace(seeded, max_history_messages=3, max_history_chars=1_000)
    with pytest.raises(HistoryTooLongError, match="4 messages; at most 3") as caught:
        ask(FRENCH_TROOPS, settings=limited, history=["What happened in Niger?"] * 4)
    assert caught.value.setting == "NEWSQA_MAX_HISTORY_MESSAGES"
    with pytest.raises(HistoryTooLongError, match="NEWSQA_MAX_HISTORY_CHARS") as caught:
        ask(FRENCH_TROOPS, settings=limited, history=["x" * 600] * 2)
    assert caught.value.size == 1_200 and "start a new chat" in str(caught.value)
    # At the limits the question is answered.
    answer = ask(FRENCH_TROOPS, settings=limited, history=["Who leads Niger?"] * 3)
    assert answer.grounded


def test_missing_index_says_how_to_fix(tmp_path: Path):
    settings = make_settings(tmp_path)
    with pytest.raises(IndexMissingError, match="run: news-qa index") as caught:
        ask(FRENCH_TROOPS, settings=settings)
    # The fix and where, as data for a UI that offers to run it.
    assert caught.value.fix == "news-qa index"
    assert caught.value.data_dir == settings.data_dir.resolve()


def test_index_built_with_another_model_is_refused(seeded: Settings, tmp_path: Path):
    other = replace(seeded, embed_model=str(tmp_path))
    with pytest.raises(IndexMissingError, match="embedding model"):
        ask(FRENCH_TROOPS, settings=other)


def test_retrieve_returns_ranked_passages_within_limits(seeded: Settings):
    from index.core.text.tokens import count_tokens

    passages = retrieve(FRENCH_TROOPS, k=10, settings=seeded)
    assert 1 <= len(passages) <= 10
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    engine = open_engine(seeded)
    for p in passages:
        assert count_tokens(p.text) <= 256
        assert engine.article_text(p.article_id)[p.start : p.end] == p.text
    assert any(re.search(r"1,?500", p.text) for p in passages[:3])


def test_the_torch_minilm_model_is_a_drop_in_swap(tmp_path: Path):
    from index.update.build import update_index
    from tests.conftest import copy_seeds

    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, embed_model="minilm")
    update_index(settings)
    answer = ask(FRENCH_TROOPS, settings=settings)
    assert answer.grounded and re.search(r"1,?500", answer.text)


def test_package_functions_stay_functions_after_use(seeded: Settings):
    # A submodule named like a function (qa/retrieve.py) replaced `qa.retrieve` with the
    # module on first use, so `qa.retrieve(...)` after `qa.ask(...)` raised TypeError.
    import qa

    qa.ask(FRENCH_TROOPS, settings=seeded)
    assert callable(qa.retrieve) and callable(qa.ask) and callable(qa.ask_stream)
    assert qa.retrieve(FRENCH_TROOPS, k=2, settings=seeded)
