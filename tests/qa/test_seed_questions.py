"""Held-out questions about the seeds (tests/data): answers, citations and abstentions.

The support threshold was calibrated on other questions (bench/data), never on these.
"""

import json
import re
from pathlib import Path

import pytest

from index.settings import Settings
from qa import ask

QUESTIONS = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "data/seed_questions.jsonl").read_text().splitlines()
    if line.strip()
]


def test_question_set_has_both_kinds():
    answerable = [q for q in QUESTIONS if q["answer_regex"]]
    assert len(answerable) >= 6 and len(QUESTIONS) - len(answerable) >= 5


def test_held_out_questions(seeded: Settings, capsys: pytest.CaptureFixture[str]):
    right, cited, abstained, wrongly_grounded = 0, 0, 0, []
    answerable = [q for q in QUESTIONS if q["answer_regex"]]
    unanswerable = [q for q in QUESTIONS if not q["answer_regex"]]
    for q in QUESTIONS:
        answer = ask(q["question"], settings=seeded)
        if q["answer_regex"]:
            if answer.grounded and re.search(q["answer_regex"], answer.text):
                right += 1
                cited += (
                    bool(answer.citations) and answer.citations[0].article_id in q["article_ids"]
                )
        elif not answer.grounded:
            abstained += 1
        else:
            wrongly_grounded.append(q["question"])
    with capsys.disabled():
        print(
            f"\nseed questions: answers {right}/{len(answerable)}, citations {cited}/"
            f"{len(answerable)}, abstentions {abstained}/{len(unanswerable)}"
        )
    assert right >= 0.75 * len(answerable)
    assert cited == right
    assert abstained >= len(unanswerable) - 1, wrongly_grounded
