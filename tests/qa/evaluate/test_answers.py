"""`news-qa eval answers`: the scores on hand-made answers, and the command end to end."""

import json
from pathlib import Path
from typing import Any

import pytest

from qa.evaluate.answers import (
    answer_record,
    answers_metrics,
    balanced_accuracy,
    benchmark_loose_match,
    predicted_verdict,
    quote_matches_fact,
    score_answer,
)
from qa.types import Answer, Citation
from ui.cli.main import main

CHAD = "Chad said on Thursday it would host 400 French soldiers leaving Niger."
IPHONE = "Apple unveiled the iPhone 15 on Tuesday with a USB-C port."
DERNA = "Storm Daniel caused floods in Derna that broke two dams."
CORPUS = [
    {
        "title": "Chad to host French troops",
        "source": "Reuters",
        "published_at": "2023-09-07T10:00:00+00:00",
        "body": f"{CHAD}\n\nThe soldiers will move to a base near N'Djamena within weeks.",
    },
    {
        "title": "Apple unveils a new phone",
        "source": "The Verge",
        "published_at": "2023-09-12T17:00:00+00:00",
        "body": f"{IPHONE}\n\nThe phone costs 799 dollars in the United States.",
    },
    {
        "title": "Rain floods Libyan city",
        "source": "BBC",
        "published_at": "2023-09-11T08:00:00+00:00",
        "body": f"{DERNA}\n\nRescuers searched the city for survivors on Monday.",
    },
    {
        "title": "Floods in Derna",
        "source": "Al Jazeera",
        "published_at": "2023-09-12T09:00:00+00:00",
        "body": "Two dams broke above Derna after Storm Daniel, flooding the city.",
    },
]


def query(text: str, kind: str, gold: str, *facts: str) -> dict[str, Any]:
    return {
        "query": text,
        "question_type": kind,
        "answer": gold,
        "evidence_list": [{"fact": f} for f in facts],
    }


QUERIES = [
    query("How many French soldiers will Chad host?", "inference_query", "400", CHAD),
    query("Did Reuters report that Chad will host French soldiers, and did The Verge report "
          "that the iPhone 15 has a USB-C port?", "comparison_query", "Yes", CHAD, IPHONE),
    query("Was the BBC article on the Derna floods published before the Reuters article on "
          "French soldiers in Chad?", "temporal_query", "No", DERNA, CHAD),
    query("Was the reporting of the BBC and Al Jazeera on the dams that broke in Derna "
          "consistent or different?", "comparison_query", "Consistent", DERNA),
    query("Who won the election in Peru?", "null_query", "Insufficient information."),
]  # fmt: skip


def answer(text: str, *quotes: str, short: str = "", grounded: bool = True) -> Answer:
    citations = [
        Citation(
            n=n, article_id=f"a{n}", title="t", outlet="Reuters", date="2023-09-07",
            quote=q, start=0, end=len(q), score=0.9,
        )
        for n, q in enumerate(quotes, start=1)
    ]  # fmt: skip
    return Answer(question="q", text=text, grounded=grounded, citations=citations, passages=[],
                  short=short)  # fmt: skip


def test_a_constant_yes_scores_half_balanced_accuracy():
    golds = ["yes"] * 7 + ["no"] * 3
    pairs = [(g, predicted_verdict(answer("Yes: both say so [1].", short="Yes"))) for g in golds]
    assert balanced_accuracy(pairs) == 0.5
    assert balanced_accuracy([("yes", "yes"), ("no", "no"), ("no", "yes")]) == 0.75
    assert balanced_accuracy([]) is None


def test_the_verdict_comes_from_short_else_the_first_word_only():
    assert predicted_verdict(answer("Both say so.", short="Yes")) == "yes"
    assert predicted_verdict(answer("No, it did not [1].")) == "no"
    assert predicted_verdict(answer('"Yes" - they agree.')) == "yes"
    # "no" later in the text is not a verdict; a name in `short` is neither yes nor no.
    assert predicted_verdict(answer("There is no answer.")) == "none"
    assert predicted_verdict(answer("Yes.", short="TechCrunch")) == "none"
    assert predicted_verdict(answer("Nobody knows.")) == "none"


def test_a_quote_matches_a_fact_with_other_spaces_splits_or_a_long_shared_span():
    fact = (
        "The prosecution argues that the valuation was raised to mask a drop in the value of "
        "one of his other properties in Manhattan."
    )
    assert quote_matches_fact("The prosecution  argues that the\nvaluation was raised", fact)
    assert quote_matches_fact(f"Reports say so. {fact}", fact)
    # Cleaned a little differently: a different ending, 60+ shared characters.
    assert quote_matches_fact(fact.replace("in Manhattan.", "- he said."), fact)
    assert not quote_matches_fact(fact[:40] + " nothing else here at all.", fact)
    assert not quote_matches_fact("", fact)


def test_the_benchmarks_loose_score_counts_any_shared_word():
    assert benchmark_loose_match("Yes both articles agree.", "yes")
    assert not benchmark_loose_match("Yes.", "no")  # "yes." is not the word "yes"
    assert benchmark_loose_match("Donald J. Trump", "Donald Trump")
    # Only the quoted answer counts when the response gives one in the benchmark's words.
    quoted = 'Both say no. The answer to the question is "Yes".'
    assert not benchmark_loose_match(quoted, "no")
    assert benchmark_loose_match(quoted, "yes")


def test_scores_per_type_from_hand_made_answers():
    answers = [
        answer("Chad will host 400 soldiers [1].", CHAD, short="400"),
        answer("Yes: Reuters and The Verge say so [1][2].", CHAD, IPHONE, short="Yes"),
        answer("Yes: the BBC came first [1].", "Something unrelated, said nobody.", short="Yes"),
        answer("Both report the same thing: consistent [1].", DERNA, short="Consistent"),
        answer("The indexed articles do not cover this question.", grounded=False),
    ]
    records = [
        answer_record(q, a, 10.0 * n) for n, (q, a) in enumerate(zip(QUERIES, answers, strict=True))
    ]
    metrics = answers_metrics(records)
    by_type, total = metrics["by_type"], metrics["all"]
    assert by_type["inference_query"]["accuracy"] == 1.0
    comparison = by_type["comparison_query"]
    assert comparison["balanced_accuracy"] == 1.0
    assert (comparison["other"], comparison["other_right"]) == (1, 1)
    assert by_type["temporal_query"]["balanced_accuracy"] == 0.0
    assert by_type["null_query"]["abstention"] == 1.0
    # Yes for "yes" and Yes for "no": a constant answer, 0.5 over both yes/no types.
    assert total["balanced_accuracy"] == 0.5
    assert total["accuracy"] == 0.75 and total["answer_rate"] == 1.0
    assert total["evidence_cited"] == 0.75  # the temporal answer quotes no gold fact
    assert total["ask_ms_p50"] == 20.0 and total["ask_ms_p95"] == 40.0
    assert score_answer(QUERIES[4], answers[4]) == {"grounded": False, "loose": False}


def eval_answers(tmp_path: Path, *extra: str) -> dict[str, Any]:
    corpus, queries = tmp_path / "corpus.json", tmp_path / "queries.json"
    corpus.write_text(json.dumps(CORPUS))
    queries.write_text(json.dumps(QUERIES))
    out = tmp_path / "answers.json"
    args = ["--corpus", str(corpus), "--queries", str(queries), "--out", str(out)]
    assert main(["eval", "answers", *args, "--data-dir", str(tmp_path / "eval"), *extra]) == 0
    return json.loads(out.read_text())


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "user-index"))
    monkeypatch.setenv("NEWSQA_LLM", "none")
    return tmp_path


def test_eval_answers_end_to_end(cli_env: Path, capsys: pytest.CaptureFixture[str]):
    report = eval_answers(cli_env)
    table = capsys.readouterr().out
    answers, metrics = report["answers"], report["metrics"]
    assert [a["query"] for a in answers] == [q["query"] for q in QUERIES]
    assert all(
        a["latency_ms"] > 0 and a["gold"] == q["answer"]
        for a, q in zip(answers, QUERIES, strict=True)
    )
    inference, null = answers[0], answers[4]
    assert "400" in inference["text"] and inference["scores"]["correct"]
    assert any(c["quote"] == CHAD and c["outlet"] == "Reuters" for c in inference["citations"])
    assert metrics["by_type"]["inference_query"]["evidence_cited"] == 1.0
    assert not null["grounded"] and metrics["by_type"]["null_query"]["abstention"] == 1.0
    # The figures are those of the answers in the report.
    grounded = [a["grounded"] for a in answers[:4]]
    assert metrics["all"]["answer_rate"] == sum(grounded) / 4
    loose = [
        bool(set((a["short"] or a["text"]).lower().split()) & set(a["gold"].lower().split()))
        for a in answers
    ]
    assert metrics["all"]["loose"] == sum(loose) / 5
    for a in answers[1:3]:
        if a["short"] in ("Yes", "No"):
            assert a["scores"]["verdict"] == a["short"].lower()
    assert "| comparison | 2 |" in table and "| null | 1 |" in table and "| all | 5 |" in table
    assert f"| {metrics['all']['accuracy']:.3f} |" in table
    assert not (cli_env / "user-index").exists()


def test_eval_answers_scores_what_ask_says(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    said = {
        QUERIES[0]["query"]: answer("Chad will host 400 soldiers [1].", CHAD, short="400"),
        QUERIES[1]["query"]: answer("Yes [1][2].", CHAD, IPHONE, short="Yes"),
        QUERIES[2]["query"]: answer("Yes, the BBC came first [1].", DERNA),
        QUERIES[3]["query"]: answer("They differ [1].", DERNA, short="Different"),
        QUERIES[4]["query"]: answer("Alan Garcia won [1].", "Alan Garcia won in Peru."),
    }
    asked: list[str] = []

    def scripted_ask(question: str, **_: Any) -> Answer:
        asked.append(question)
        return said.get(question, answer("warm-up"))

    monkeypatch.setattr("qa.evaluate.benchmarks.ask", scripted_ask)
    report = eval_answers(cli_env, "--limit", "4")
    table = capsys.readouterr().out
    metrics = report["metrics"]
    assert asked[1:] == [q["query"] for q in QUERIES[:4]]  # a warm-up, then each query
    comparison, temporal = (
        metrics["by_type"]["comparison_query"],
        metrics["by_type"]["temporal_query"],
    )
    assert comparison["balanced_accuracy"] == 1.0 and comparison["other_right"] == 0
    assert temporal["balanced_accuracy"] == 0.0 and temporal["no_recall"] == 0.0
    assert metrics["all"]["balanced_accuracy"] == 0.5
    assert metrics["all"]["accuracy"] == 0.5 and metrics["all"]["evidence_cited"] == 1.0
    assert "null_query" not in metrics["by_type"]
    assert "| comparison | 2 | 1.000 | 1.000 (1) / - (0) | 0/1 | 0.500 |" in table
