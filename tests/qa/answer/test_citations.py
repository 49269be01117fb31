"""Citations that hold: other articles are cited beside an answer only when they say the same."""

from __future__ import annotations

import pytest

from index.core.settings import Settings
from qa import ask
from qa.answer.candidates import ExtractiveResult
from qa.answer.citations import same_statements
from qa.answer.extractive import extractive_answer
from qa.engine.engine import open_engine
from qa.types import Passage
from tests.qa.answer.passages import article

SAME = [
    (
        'Zeine said he hoped to "maintain cooperation if possible with a country with which we'
        ' have shared many things."',
        'However, Zeine has said that he hoped to "maintain cooperation if possible with a'
        ' country with which we have shared many things."',
    ),
    (
        "France has started talks with some Niger army officials over withdrawing some troops"
        " from the African country following a coup in July, Le Monde reported.",
        'France has begun talks with Niger\'s military about withdrawing "elements" of its army'
        " from the country following the military coup, reported AFP citing a defence ministry"
        " source.",
    ),
    (
        "The July 26 military coup ousted French ally President Mohamed Bazoum.",
        "There has been speculation that France will be forced into a full military pullout from"
        " Niger after the July 26 putsch, which ousted French ally President Mohamed Bazoum.",
    ),
]
# Points of one story: the cross-encoder finds each answering the other (0.97 both ways for
# the first pair), yet they say different things.
DIFFERENT = [
    (
        "The July 26 military coup ousted French ally President Mohamed Bazoum.",
        "Niger's ousted President Mohamed Bazou has sought help from the United States and"
        ' "entire world community" to help restore constitutional order.',
    ),
    (
        "France has started talks with some Niger army officials over withdrawing some troops"
        " from the African country following a coup in July, Le Monde reported.",
        "There has been speculation that France will be forced into a full military pullout from"
        " Niger after the July 26 putsch, which ousted French ally President Mohamed Bazoum.",
    ),
    (
        "Niger's Defence Minister General Salifou Mody met Gnassingbe in Togo's capital Lome.",
        "A source close to Defence Minister Sebastien Lecornu told AFP on Tuesday that talks were"
        ' in progress about "easing the movement of French military resources" in Niger.',
    ),
    # One sentence with another figure (0.94 cosine): a source that disagrees (#16).
    (
        "Currently, about 1500 French troops are deployed in Niger as part of France's larger"
        " fight against jihadists in the Sahel region of Africa.",
        "Currently, about 7000 French troops are deployed in Niger as part of France's larger"
        " fight against jihadists in the Sahel region of Africa.",
    ),
]


@pytest.mark.parametrize(("first", "second"), SAME)
def test_paraphrases_and_repeated_facts_are_the_same(seeded: Settings, first: str, second: str):
    same = same_statements([first, second], open_engine(seeded).embedder)
    assert same[0, 1] and same[1, 0]


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_other_points_of_the_story_are_not(seeded: Settings, first: str, second: str):
    same = same_statements([first, second], open_engine(seeded).embedder)
    assert not same[0, 1] and same[0, 0]


def test_without_an_embedder_only_shared_terms_count():
    assert same_statements(list(SAME[2]), None)[0, 1]
    assert not same_statements(list(SAME[1]), None)[0, 1]


def answered(settings: Settings, question: str, passages: list[Passage]) -> ExtractiveResult:
    engine = open_engine(settings)
    return extractive_answer(
        question, passages, engine.reranker, settings.min_support, embedder=engine.embedder
    )


def test_a_name_answer_is_corroborated_only_by_sentences_giving_the_name(seeded: Settings):
    answer = ask("Who is Niger's defence minister?", settings=seeded)
    assert answer.short == "Salifou Mody"
    assert answer.citations and all("Mody" in c.quote for c in answer.citations)


def test_a_sentence_on_another_role_holder_is_not_cited_beside_the_answer(seeded: Settings):
    passages = [
        article(
            "a.txt", "Niger's interior minister Mahamane Diallo said the border would stay shut."
        ),
        article(
            "b.txt",
            "A spokesman for interior minister Gerald Darmanin said France would not comment.",
        ),
        article("c.txt", "Interior minister Mahamane Diallo told reporters the border was shut."),
    ]
    found = answered(seeded, "Who is Niger's interior minister?", passages)
    assert found.grounded and found.short == "Mahamane Diallo", found.text
    assert {c.article_id for c in found.citations} <= {"a.txt", "c.txt"}
    assert all("Diallo" in c.quote for c in found.citations)


def test_a_prose_answer_is_corroborated_only_by_a_sentence_saying_the_same(seeded: Settings):
    passages = [
        article(
            "a.txt", "The water plant in Dosso was closed after floods damaged its pumps in March."
        ),
        # Close to the question and sharing the answer's terms, but saying until when, not why.
        article(
            "b.txt",
            "Officials said the water plant in Dosso would stay closed until its pumps were"
            " replaced.",
        ),
        article(
            "c.txt",
            "The water plant in Dosso was closed in March because a flood damaged its pumps.",
        ),
    ]
    found = answered(seeded, "Why was the water plant in Dosso closed?", passages)
    assert found.grounded, found.text
    assert {c.article_id for c in found.citations} == {"a.txt", "c.txt"}, found.text
