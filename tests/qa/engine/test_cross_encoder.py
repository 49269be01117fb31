"""The cross-encoder: pairs scored side by side give each pair's score alone, and a very long
question is read up to QUESTION_TOKENS wordpieces."""

from __future__ import annotations

import numpy as np

from qa.engine.cross_encoder import QUESTION_TOKENS, load_cross_encoder
from tests.conftest import FRENCH_TROOPS, SEEDS

SENTENCES = [
    s.strip() + "."
    for s in (SEEDS / "003_81e9dda9929231ae.txt").read_text().split(". ")[2:10]
    if len(s) > 30
]


def test_pairs_side_by_side_score_as_each_pair_alone():
    model = load_cross_encoder("ms-marco-minilm")
    together = model.logits(FRENCH_TROOPS, SENTENCES)
    alone = np.array([model.logits(FRENCH_TROOPS, [s])[0] for s in SENTENCES])
    assert len(SENTENCES) >= 4
    assert together.tolist() == alone.tolist()  # to the bit: no batchmates, no thread effect


def test_a_long_question_is_read_up_to_its_first_wordpieces():
    model = load_cross_encoder("ms-marco-minilm")
    long_question = "How many French troops are in Niger " + "and why " * 400 + "?"
    head = model._model.head(long_question, QUESTION_TOKENS)
    assert long_question.startswith(head) and len(head) < len(long_question) // 4
    assert model._model.head(FRENCH_TROOPS, QUESTION_TOKENS) == FRENCH_TROOPS
    assert model.logits(long_question, SENTENCES[:3]).tolist() == (
        model.logits(head, SENTENCES[:3]).tolist()
    )
    assert model.logits(long_question, SENTENCES[:3]).tolist() != (
        model.logits(long_question[:40], SENTENCES[:3]).tolist()
    )
