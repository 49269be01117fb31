"""Question analysis on hand-written questions (not from any benchmark)."""

from datetime import date

import pytest

from index.core.text.outlets import outlet_aliases
from qa.analyze.question import analyze_question

ALIASES = outlet_aliases({"Le Monde", "AFP", "The Independent - World", "WION", "Reuters"})


def test_two_sources_each_get_their_claim_and_outlet():
    found = analyze_question(
        "Does the Le Monde article say that 1,500 French troops are in Niger, while the AFP "
        "report says that the soldiers will leave by December?",
        ALIASES,
    )
    assert found.kind == "verdict" and found.relation == "each"
    assert [p.outlets for p in found.parts] == [frozenset({"Le Monde"}), frozenset({"AFP"})]
    assert "1,500 French troops" in found.parts[0].text
    assert "leave by December" in found.parts[1].text
    assert "leave" not in found.parts[0].text


def test_a_source_named_after_its_claim_ends_its_part():
    found = analyze_question(
        "Who is the officer that led the coup in Niger, as reported by WION, and who was "
        "named prime minister according to Reuters?",
        ALIASES,
    )
    assert found.kind == "entity" and found.target == "person"
    first, second = found.parts
    assert first.outlets == {"WION"} and "led the coup" in first.text
    assert second.outlets == {"Reuters"} and "prime minister" in second.text


def test_a_list_of_sources_gives_each_the_whole_question():
    question = "Which company was fined in Europe, as reported by Le Monde, AFP and WION?"
    found = analyze_question(question, ALIASES)
    assert found.kind == "entity" and found.target == "organization"
    assert [p.outlets for p in found.parts] == [
        frozenset({"Le Monde"}),
        frozenset({"AFP"}),
        frozenset({"WION"}),
    ]
    assert all(p.text == question for p in found.parts)


def test_days_belong_to_their_part():
    found = analyze_question(
        "Did the AFP article from August 2, 2023 fail to mention the evacuation, while the "
        "Reuters report on August 4, 2023 described it?",
        ALIASES,
    )
    assert [p.day for p in found.parts] == [date(2023, 8, 2), date(2023, 8, 4)]


@pytest.mark.parametrize(
    ("question", "kind", "relation"),
    [
        ("After WION reported the coup, did Reuters report the same figure?", "verdict", "same"),
        ("Did Le Monde and AFP report different numbers of troops?", "verdict", "different"),
        ("Was there a change in how Reuters described the junta?", "verdict", "different"),
        (
            "Is the reporting of WION and AFP on the coup consistent or inconsistent?",
            "choice",
            "same",
        ),
        ("Which outlet reported the evacuation first, AFP or Reuters?", "order", "each"),
        ("How many French troops are in Niger?", "value", "each"),
        ("What did Bazoum ask the world for?", "summary", "each"),
        ("Summarize what Le Monde wrote about the junta", "summary", "each"),
        (
            "Which single letter starts both the capital of Niger and the junta's name?",
            "unanswerable",
            "each",
        ),
        ("Why did the coup happen?", "fact", "each"),
    ],
)
def test_kinds(question, kind, relation):
    found = analyze_question(question, ALIASES)
    assert (found.kind, found.relation) == (kind, relation)


def test_choice_offers_both_words():
    found = analyze_question(
        "Is the tone of WION and AFP consistent or inconsistent on the evacuation?", ALIASES
    )
    assert found.choices == ("Consistent", "Inconsistent")


def test_no_source_is_one_part():
    found = analyze_question("Did the junta close the airspace?", ALIASES)
    assert len(found.parts) == 1 and not found.compound and found.parts[0].outlets == set()


def test_a_publisher_no_indexed_article_is_from_makes_it_unanswerable():
    found = analyze_question(
        "Considering a Financial Times report on the coup and a piece from Le Monde on the "
        "junta, which general leads the junta?",
        ALIASES,
    )
    assert (found.kind, found.missing_sources) == ("unanswerable", ("Financial Times",))


def test_indexed_publishers_are_not_missing():
    found = analyze_question(
        "Does the Le Monde article say troops stay, while a report from The Independent - "
        "World says they leave?",
        ALIASES,
    )
    assert found.kind == "verdict" and found.missing_sources == ()
