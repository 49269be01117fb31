"""20 concurrent `/v1` requests to a real `news-qa serve` while an index update runs: no
errors, every answer cited, the update done after them."""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import openai
import pytest

from tests.conftest import REPO
from tests.ui.api.conftest import KEY, Served
from tests.ui.browser import wait_for

pytestmark = [pytest.mark.server, pytest.mark.slow]
NEW_ARTICLES = 40
CONCURRENT = 20


# Seed questions the extractive answerer gets right (tests/qa/test_seed_questions.py).
ASKED = (
    "How many French troops are in Niger?",
    "Who is Niger's defence minister?",
    "In which newspaper did Bazoum publish an opinion piece?",
    "Who is Togo's foreign minister?",
    "Which mercenary group did Bazoum warn about?",
)


def answerable() -> list[tuple[str, str]]:
    """(question, answer pattern) of the ASKED seed questions."""
    rows = [json.loads(line) for line in (REPO / "tests/data/seed_questions.jsonl").open()]
    patterns = {r["question"]: r["answer_regex"] for r in rows}
    return [(question, patterns[question]) for question in ASKED]


def harbour_story(n: int) -> str:
    """An article about nothing the seed questions ask, so their answers stay the same."""
    lines = [
        f"Harbour log {n}: the ferry Kestrel-{n} docked at pier {n % 7 + 1} in Port Lowen",
        f"The harbour master counted {n * 13 + 40} crates of apples and {n * 3} bales of wool.",
        f"Tide tables for week {n} show a spring tide of {n % 5 + 2}.{n % 10} metres.",
        "Fishing crews reported calm seas and a good catch of mackerel near the outer buoys.",
    ]
    return f"Harbour log number {n}\n\n" + " ".join(lines * 6) + "\n"


def test_twenty_questions_at_once_are_answered_while_the_index_updates(served: Served):
    for n in range(NEW_ARTICLES):
        (served.settings.seeds_dir / f"harbour-{n:02d}.txt").write_text(harbour_story(n))
    headers = {"Authorization": f"Bearer {KEY}"}
    job = httpx.post(f"{served.url}/api/index", headers=headers, timeout=60).json()
    assert job["state"] == "running", job
    client = openai.OpenAI(base_url=f"{served.url}/v1", api_key=KEY, max_retries=0, timeout=120)
    questions = answerable()

    def chat(i: int) -> tuple[Any, float, float]:
        question = questions[i % len(questions)][0]
        started = time.perf_counter()
        completion = client.chat.completions.create(
            model="news-qa", messages=[{"role": "user", "content": question}]
        )
        return completion, time.time(), time.perf_counter() - started

    with ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(chat, range(CONCURRENT)))
    during = httpx.get(f"{served.url}/api/jobs/{job['job_id']}", headers=headers).json()
    for i, (completion, _, _) in enumerate(results):
        message = completion.choices[0].message
        pattern = questions[i % len(questions)][1]
        assert message.annotations and message.model_extra["citations"], message.content
        assert message.model_extra["news_qa"]["grounded"], message.content
        assert re.search(pattern, message.content), (pattern, message.content)
    first_answer = min(at for _, at, _ in results)
    # The update was still running when the first answers came back.
    assert during["state"] == "running" or during["finished_at"] > first_answer, during

    def finished() -> dict[str, Any] | None:
        now = httpx.get(f"{served.url}/api/jobs/{job['job_id']}", headers=headers).json()
        return None if now["state"] == "running" else dict(now)

    done = wait_for(finished, timeout=300, what="the index update")
    assert done["state"] == "done", done
    added = set(done["report"]["added"])
    assert {f"harbour-{n:02d}.txt" for n in range(NEW_ARTICLES)} <= added
    waits = sorted(seconds for _, _, seconds in results)
    print(
        f"{CONCURRENT} concurrent answers during the update: p50 {waits[len(waits) // 2]:.2f} s, "
        f"slowest {waits[-1]:.2f} s; update {done['finished_at'] - done['started_at']:.1f} s"
    )
