"""Answers on the seeds, pinned before the pipeline was reshaped (#14): each case's Answer as
plain data. `python -m tests.qa.pinned OUT.json` writes them from the current code; the test
(test_pinned_answers.py) compares the current code's with tests/data/pinned_answers.json.

Timings vary run to run, so only their keys are kept; every other field is compared exactly.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

PINNED = Path(__file__).parents[1] / "data/pinned_answers.json"

# (name, question, ask() keywords). Questions cover every answer path of the extractive mode:
# answered, corroborated, abstained, conflicting sources, named times and sources, filters,
# follow-ups rewritten by rules, and the held-out seed questions.
EXTRACTIVE = [
    ("troops", "How many French troops are in Niger?", {}),
    ("ousted", "When was Bazoum ousted?", {}),
    ("le-monde", "What did Le Monde report?", {}),
    ("august", "What did Bazoum say about the coup in August?", {}),
    ("wion-only", "How many French troops are in Niger?", {"outlets": ["WION"]}),
    ("august-filter", "What did Bazoum say?", {"since": "2023-08-01", "until": "2023-08-31"}),
    (
        "follow-up",
        "and what about Mali?",
        {"history": ["How many French troops are in Niger?"]},
    ),
    ("top-k-2", "Who leads the junta in Niger?", {"top_k": 2}),
    ("not-covered", "Who won the 2022 football World Cup?", {}),
    ("long", "French troops " * 400, {}),
]
# (name, question, the scripted model's reply). The reply's [n] follow the pinned passages.
GENERATED = [
    (
        "gen-supported",
        "How many French troops are in Niger?",
        "About 1500 French troops are deployed in Niger [4].",
    ),
    (
        "gen-dropped",
        "How many French troops are in Niger?",
        "About 1500 French troops are deployed in Niger [4][9]. "
        "Germany sent 900 tanks to Niamey [2].",
    ),
    (
        "gen-fallback",
        "How many French troops are in Niger?",
        "Germany sent 900 tanks to Niamey [1].",
    ),
    (
        "gen-abstains",
        "How many French troops are in Niger?",
        "The sources do not contain the answer.",
    ),
    (
        "gen-conflict",
        "When was Bazoum ousted?",
        "The July 26 military coup ousted President Mohamed Bazoum [2].",
    ),
    (
        "gen-off-topic",
        "Who won the 2022 football World Cup?",
        "In an opinion piece in the Washington Post, Bazoum said he was writing as a hostage [1].",
    ),
]


def answer_data(answer: Any) -> dict[str, Any]:
    data = asdict(answer)
    data["timings_ms"] = sorted(data["timings_ms"])
    data["passages"] = [(p["passage_id"], p["score"]) for p in data["passages"]]
    return data


def seed_questions() -> list[tuple[str, str, dict[str, Any]]]:
    lines = (Path(__file__).parents[1] / "data/seed_questions.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [(f"seed-{n}", row["question"], {}) for n, row in enumerate(rows)]


def pinned_answers(settings: Any) -> dict[str, Any]:
    """Every case's answer (and the top-10 retrieval of each question) from the current code."""
    from qa import ask, retrieve
    from tests.qa.llm_server import ScriptedLLM, scripted_server

    out: dict[str, Any] = {}
    for name, question, extra in [*EXTRACTIVE, *seed_questions()]:
        out[name] = answer_data(ask(question, settings=settings, **extra))
        out[f"{name}/retrieve"] = [
            (p.passage_id, p.score) for p in retrieve(question, k=10, settings=settings)
        ]
    for name, question, reply in GENERATED:
        with scripted_server(ScriptedLLM(reply)) as url:
            llm = replace(
                settings,
                llm="openai",
                llm_base_url=f"{url}/v1",
                llm_model="scripted",
                llm_timeout=20,
            )
            out[name] = answer_data(ask(question, settings=llm))
    return json.loads(json.dumps(out))


def main(path: str) -> None:
    import tempfile

    from tests.conftest import copy_seeds, make_settings, update_index

    root = Path(tempfile.mkdtemp(prefix="news-qa-pin-"))
    copy_seeds(root)
    settings = make_settings(root)
    update_index(settings)
    Path(path).write_text(json.dumps(pinned_answers(settings), indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
