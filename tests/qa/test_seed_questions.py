"""Held-out questions about the seeds (tests/data): answers, citations and abstentions.

The support threshold was calibrated on other questions (bench/data), never on these.
"""

import json
from pathlib import Path

import pytest

from index.core.settings import Settings
from qa.evaluate.benchmarks import evaluate_questions

QUESTIONS = Path(__file__).parents[1] / "data/seed_questions.jsonl"


def test_question_set_has_both_kinds():
    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    answerable = [q for q in rows if q["answer_regex"]]
    assert len(answerable) >= 6 and len(rows) - len(answerable) >= 5


def test_held_out_questions(seeded: Settings, capsys: pytest.CaptureFixture[str]):
    result = evaluate_questions(seeded, QUESTIONS)
    with capsys.disabled():
        print(
            f"\nseed questions: answers {result['answer_accuracy']:.0%}, citations "
            f"{result['citation_accuracy']:.0%} of {result['answerable']}; abstentions "
            f"{result['abstention_recall']:.0%} of {result['unanswerable']}"
        )
    assert result["answer_accuracy"] >= 0.75
    assert result["citation_accuracy"] == result["answer_accuracy"]
    assert result["abstention_recall"] >= 0.8, result["failures"]
