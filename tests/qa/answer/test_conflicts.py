"""Conflicting sources: the answer says when its sources disagree, citing each side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.core.settings import Settings
from index.update.build import update_index
from qa import ask, retrieve
from qa.answer.conflicts import asked_kind, conflict_text, values
from qa.engine.engine import open_engine
from tests.conftest import make_settings
from tests.qa.answer.test_generated import with_llm
from tests.qa.llm_server import ScriptedLLM, scripted_server

OUSTED = "When was Bazoum ousted?"
JULY_28 = "000_a80c936fc3ad9ca2.txt"
JULY_26 = {"001_abad9e9fd5f90efe.txt", "002_c75df0162f650722.txt", "003_81e9dda9929231ae.txt"}


def cited_articles(answer, value: str) -> set[str]:
    version = next(v for v in answer.conflicts[0].versions if v.value == value)
    return {answer.citations[n - 1].article_id for n in version.citations}


def test_the_seed_dates_of_the_coup_disagree_and_both_sides_are_cited(seeded: Settings):
    answer = ask(OUSTED, settings=seeded)
    assert answer.grounded and len(answer.conflicts) == 1
    conflict = answer.conflicts[0]
    assert conflict.kind == "date"
    assert [v.value for v in conflict.versions] == ["July 26", "July 28"]
    assert cited_articles(answer, "July 28") == {JULY_28}
    assert (
        len(cited_articles(answer, "July 26")) >= 2 and cited_articles(answer, "July 26") <= JULY_26
    )
    assert conflict.text in answer.text
    assert re.search(r"Most sources say July 26 (\[\d\])+; one says July 28 \[\d\]\.", answer.text)
    engine = open_engine(seeded)
    for version in conflict.versions:
        for n in version.citations:
            c = answer.citations[n - 1]
            quote = engine.article_text(c.article_id)[c.start : c.end]
            assert quote == c.quote and version.value in quote


def test_every_marker_points_at_a_citation_numbered_by_first_use(seeded: Settings):
    answer = ask(OUSTED, settings=seeded)
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    first_use = list(dict.fromkeys(used))
    assert first_use == list(range(1, len(answer.citations) + 1))
    # The answer's own sentence is cited only by sources giving its date.
    lead = answer.text.splitlines()[0]
    assert "July 26" in lead and all(
        "July 26" in answer.citations[int(n) - 1].quote for n in re.findall(r"\[(\d+)\]", lead)
    )


def test_sources_agreeing_in_different_notation_are_no_conflict(seeded: Settings):
    answer = ask("How many French troops are in Niger?", settings=seeded)
    assert answer.grounded and answer.conflicts == []
    assert "disagree" not in answer.text and "sources say" not in answer.text


def test_a_number_conflict_is_found_in_extractive_mode(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    said = {"a": "1,200", "b": "1200", "c": "950"}
    for name, count in said.items():
        (seeds / f"{name}.txt").write_text(
            f"source: Paper {name.upper()}\nFlood in Orvia\n\n"
            f"The flood in the Orvia valley destroyed {count} homes, officials said on Friday. "
            f"Rescue teams from the capital reached the valley on Saturday.\n"
        )
    settings = make_settings(tmp_path)
    update_index(settings)
    answer = ask("How many homes did the flood in the Orvia valley destroy?", settings=settings)
    assert [v.value for v in answer.conflicts[0].versions] == ["1,200", "950"]
    assert cited_articles(answer, "950") == {"c.txt"}
    assert cited_articles(answer, "1,200") == {"a.txt", "b.txt"}


def test_a_generated_answer_that_leaves_a_side_out_gets_it_said(seeded: Settings):
    passages = retrieve(OUSTED, k=seeded.top_k, settings=seeded)
    n = next(n for n, p in enumerate(passages, 1) if "July 26 military coup ousted" in p.text)
    script = ScriptedLLM(f"The July 26 military coup ousted President Mohamed Bazoum [{n}].")
    with scripted_server(script) as url:
        answer = ask(OUSTED, settings=with_llm(seeded, url))
    assert answer.mode == "generated" and answer.conflicts
    assert "July 28" in answer.text and answer.conflicts[0].text in answer.text
    assert any(note.startswith("The sources disagree") for note in answer.notes)
    # The disagreement was asked for in the prompt too.
    assert "disagree" in script.requests[0]["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("number", "About 1,500 troops and 3 bases; 1500 soldiers.", ["1500", "3"]),
        ("number", "Debts of 5.2 billion dollars.", ["5.2e+09"]),
        ("date", "The July 26 coup, or the coup of 26 July, not July 28.", ["07-26", "07-28"]),
        ("name", "The deal was signed by Prime Minister Ali Zeine in Niamey.", ["zeine", "niamey"]),
    ],
)
def test_values_compare_by_meaning_not_notation(kind: str, sentence: str, expected: list[str]):
    assert [v.key for v in values(kind, sentence, "question")] == expected


def test_values_the_question_already_gives_are_not_answers():
    assert (
        values("date", "On July 26 the coup began on July 27.", "What began after July 26?")[0].text
        == "July 27"
    )


def test_what_a_question_asks_for():
    assert asked_kind("How many troops?") == "number"
    assert asked_kind("When was Bazoum ousted?") == "date"
    assert asked_kind("Who leads the junta?") == "name"
    assert asked_kind("Why did France leave?") is None


def test_the_conflict_sentence_counts_each_side():
    assert conflict_text([("July 26", [1, 2]), ("July 28", [3])]) == (
        "Most sources say July 26 [1][2]; one says July 28 [3]."
    )
    assert (
        conflict_text([("5", [1, 2]), ("6", [3, 4])])
        == "Two sources say 5 [1][2]; two say 6 [3][4]."
    )


def test_a_generated_answer_stating_the_conflict_keeps_both_sides_once(seeded: Settings):
    passages = retrieve(OUSTED, k=seeded.top_k, settings=seeded)
    n = next(n for n, p in enumerate(passages, 1) if "July 26 military coup ousted" in p.text)
    m = next(n for n, p in enumerate(passages, 1) if "July 28 ouster" in p.text)
    reply = (
        f"The July 26 military coup ousted President Mohamed Bazoum [{n}]. "
        f"Most sources say July 26 [{n}]; one says July 28 [{m}]."
    )
    with scripted_server(ScriptedLLM(reply)) as url:
        answer = ask(OUSTED, settings=with_llm(seeded, url))
    assert answer.mode == "generated" and answer.conflicts
    assert answer.text.count("July 28") == 1
    july_28 = cited_articles(answer, "July 28")
    assert july_28 == {JULY_28}
    markers = {int(k) for k in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == set(range(1, len(answer.citations) + 1))
