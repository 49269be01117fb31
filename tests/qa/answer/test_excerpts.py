"""Compressed evidence: each source's best sentences with a neighbour on each side, numbered
as the whole passages were, and checked against the whole passages."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from index.core.settings import Settings
from index.core.text.sentences import sentence_spans
from qa.answer.excerpts import GAP, answer_prompt, excerpts, uses_excerpts
from qa.answer.prompt import SYSTEM_PROMPT
from qa.types import Passage
from tests.conftest import make_settings


class WordReranker:
    """A stand-in cross-encoder: a sentence scores the highest score of the `scores` words it
    holds, 0.01 without any (so the test decides which sentences are best)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        return np.array(
            [
                max((s for w, s in self.scores.items() if w in t.lower()), default=0.01)
                for t in texts
            ]
        )


def passage(article: str, sentences: list[str], start: int = 0) -> Passage:
    text = " ".join(sentences)
    return Passage(
        passage_id=f"{article}#0",
        article_id=article,
        title=f"Title of {article}",
        outlet="Outlet",
        date="2023-08-01",
        text=text,
        start=start,
        end=start + len(text),
        score=0.5,
    )


FIRST = [f"Sentence a{i} about filler topic number {i}." for i in range(8)]
SECOND = [f"Sentence b{i} about other filler number {i}." for i in range(6)]
QUESTION = "What is the harvest?"


def shown(passages: list[Passage], scores: dict[str, float], best: int) -> list[str]:
    found = excerpts(QUESTION, passages, WordReranker(scores), spans=spans, best=best)
    assert [e.passage for e in found] == passages
    return [e.text for e in found]


def spans(p: Passage) -> list[tuple[int, int]]:
    return sentence_spans(p.text)


def test_the_best_sentence_comes_with_one_neighbour_each_side():
    first = passage("a", FIRST)
    assert shown([first], {"a4": 0.9}, best=1) == [" ".join(FIRST[3:6])]


def test_a_sentence_at_the_edge_has_one_neighbour_and_gaps_are_marked():
    first = passage("a", FIRST)
    text = shown([first], {"a0": 0.9, "a6": 0.8}, best=2)[0]
    assert text == " ".join(FIRST[0:2]) + GAP + " ".join(FIRST[5:8])


def test_other_sources_show_their_best_sentence_alone():
    first, second = passage("a", FIRST), passage("b", SECOND)
    scores = {"a2": 0.9, "a6": 0.85, "b3": 0.2, "b5": 0.1}
    texts = shown([first, second], scores, best=2)
    # a2 and a6 (the two best of all) with neighbours; b3 (second's best) alone; b5 left out.
    assert texts[0] == " ".join(FIRST[1:4]) + GAP + " ".join(FIRST[5:8])
    assert texts[1] == SECOND[3]
    assert shown([first, second], scores, best=3)[1] == " ".join(SECOND[2:5])


def test_a_sentence_two_overlapping_passages_share_is_scored_once():
    calls: list[str] = []

    class Counting(WordReranker):
        def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
            calls.extend(texts)
            return super().probabilities(question, texts)

    first = passage("a", FIRST[:5])
    # The same article's next chunk, overlapping by FIRST[4].
    overlap = passage("a", FIRST[4:], start=len(" ".join(FIRST[:4])) + 1)
    found = excerpts(QUESTION, [first, overlap], Counting({"a4": 0.9}), spans=spans, best=2)
    assert sorted(calls) == sorted(FIRST)
    assert found[0].text == " ".join(FIRST[3:5]) and found[1].text == " ".join(FIRST[4:6])
    assert found[1].sentences == sentence_spans(overlap.text)[:2]
    assert found[0].score == found[1].score == 0.9


def test_the_prompt_numbers_excerpts_as_the_passages_and_keeps_the_fence(seeded: Settings):
    from qa import retrieve
    from qa.engine.engine import open_engine

    question = "How many French troops are in Niger?"
    passages = retrieve(question, k=5, settings=seeded)
    settings = replace(seeded, llm="local", excerpt_sentences=3)
    (role, system), (_, user) = answer_prompt(
        question, passages, engine=open_engine(seeded), settings=settings
    )
    assert (role, system) == ("system", SYSTEM_PROMPT)
    tag = re.search(r"<<SOURCE-([0-9a-f]{12})>>", user)
    assert tag and user.startswith(f"Each source's text is between <<SOURCE-{tag[1]}>>")
    blocks = re.findall(
        rf"\[(\d+)\] ([^\n]*)\n<<SOURCE-{tag[1]}>>\n(.*?)\n<<END-{tag[1]}>>", user, re.S
    )
    assert sorted(int(n) for n, _, _ in blocks) == [1, 2, 3, 4, 5]
    # Listed best evidence first: the 1500-troops sentence's source leads, under its number.
    first = passages[int(blocks[0][0]) - 1]
    assert "1500 French troops" in blocks[0][2] and "1500 French troops" in first.text
    blocks.sort(key=lambda b: int(b[0]))
    for (_, meta, text), p in zip(blocks, passages, strict=True):
        assert meta.startswith(p.title)
        # Every run between gaps is an exact piece of its passage, and shorter than it.
        assert all(run in p.text for run in text.split(GAP)) and len(text) <= len(p.text)
    assert sum(map(len, (t for _, _, t in blocks))) < 0.5 * sum(len(p.text) for p in passages)
    assert "1500 French troops" in user


def test_auto_shows_excerpts_only_to_the_local_model(tmp_path):
    settings = make_settings(tmp_path)
    assert uses_excerpts(replace(settings, llm="local"))
    assert not uses_excerpts(replace(settings, llm="openai"))
    assert uses_excerpts(replace(settings, llm="openai", llm_evidence="excerpts"))
    assert not uses_excerpts(replace(settings, llm="local", llm_evidence="passages"))
