"""Extractive scoring skips the cross-encoder only where it cannot change the answer."""

import json
from pathlib import Path

import numpy as np

from index.core.settings import Settings
from qa import retrieve
from qa.answer.candidates import candidate_sentences, score_candidates
from qa.answer.extractive import extractive_answer
from qa.answer.support import TYPE_MISMATCH_FACTOR, support_ceiling
from qa.engine.cross_encoder import CrossEncoder
from qa.engine.engine import open_engine

CALIBRATION = Path(__file__).parents[3] / "bench/data/calibration_questions.jsonl"
MULTI_PART = (
    "Did the article from Le Monde about Niger's junta and the report from Africanews on "
    "ECOWAS sanctions both mention Bola Tinubu before the Paris talks?"
)


class CountingReranker(CrossEncoder):
    """The real cross-encoder, counting the sentences it scores."""

    def __init__(self, inner: CrossEncoder) -> None:
        self.inner, self.scored = inner, 0

    def probabilities(self, question: str, texts: list[str]) -> np.ndarray:
        self.scored += len(texts)
        return self.inner.probabilities(question, texts)


def questions() -> list[str]:
    rows = [json.loads(line) for line in CALIBRATION.read_text().splitlines() if line.strip()]
    # Every other question keeps both kinds (answerable, not) and halves the scoring time.
    return [r["question"] for r in rows[::2]] + [MULTI_PART]


def test_the_floor_skips_only_sentences_that_cannot_reach_it(seeded: Settings):
    engine = open_engine(seeded)
    skipped = grounded = 0
    for question in questions():
        passages = retrieve(question, k=5, settings=seeded)
        candidates = candidate_sentences(passages)
        full = score_candidates(question, candidates, engine.reranker, None)
        counting = CountingReranker(engine.reranker)
        floored = score_candidates(question, candidates, counting, None, floor=seeded.min_support)
        for whole, cut in zip(full, floored, strict=True):
            if support_ceiling(cut.type_ok, cut.entities_ok) >= seeded.min_support:
                assert abs(cut.support() - whole.support()) < 1e-6
            else:
                assert cut.relevance == 0.0
                assert whole.support() <= TYPE_MISMATCH_FACTOR < seeded.min_support
        skipped += len(candidates) - counting.scored
        # The answer is the one full scoring gives.
        found = extractive_answer(question, passages, engine.reranker, seeded.min_support)
        ok, citations = found.grounded, found.citations
        best = max((e.support() for e in full), default=0.0)
        assert ok == (best >= seeded.min_support), question
        if ok:
            grounded += 1
            assert abs(citations[0].score - best) <= 5e-5, question  # rounded to 4 places
    assert skipped > 0 and grounded > 0


def test_a_name_spelt_one_letter_off_is_scored_as_the_question_spells_it():
    from qa.answer.support import spelled_as_asked

    question = "What did Bazoum ask the world for?"
    assert (
        spelled_as_asked(question, "President Bazou sought help.")
        == "President Bazoum sought help."
    )
    # Other names, short names and the question's own spelling are left alone.
    kept = "Bazoum met Mali's envoy in Bamako; Bazaar owners closed."
    assert spelled_as_asked(question, kept) == kept
    assert spelled_as_asked("Who leads Mali?", "Male leaders met.") == "Male leaders met."


def test_a_month_in_the_question_is_a_time_not_a_name():
    from qa.answer.support import asked_entities

    assert asked_entities("What did Bazoum say about the coup in August?") == {"bazou"}
