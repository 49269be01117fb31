"""`news-qa eval multihop` end to end on a tiny corpus in the benchmark's format."""

import json
from pathlib import Path

import pytest

from qa.evaluate.metrics import score_query
from tests.conftest import make_settings
from ui.cli.main import main

CORPUS = [
    {
        "title": "Chad to host French troops",
        "source": "Reuters",
        "published_at": "2023-09-07T10:00:00+00:00",
        "body": "Chad said on Thursday it would host 400 French soldiers leaving Niger.\n\n"
        "The soldiers will move to a base near N'Djamena within weeks.",
    },
    {
        "title": "Apple unveils a new phone",
        "source": "The Verge",
        "published_at": "2023-09-12T17:00:00+00:00",
        "body": "Apple unveiled the iPhone 15 on Tuesday with a USB-C port.\n\n"
        "The phone costs 799 dollars in the United States.",
    },
    {
        "title": "Rain floods Libyan city",
        "source": "BBC",
        "published_at": "2023-09-11T08:00:00+00:00",
        "body": "Storm Daniel caused floods in Derna that broke two dams.",
    },
]
QUERIES = [
    {
        "query": "How many French soldiers will Chad host, according to Reuters?",
        "question_type": "inference_query",
        "evidence_list": [{"fact": "Chad said on Thursday it would host 400 French soldiers"}],
    },
    {
        "query": "What port does the iPhone 15 have?",
        "question_type": "comparison_query",
        "evidence_list": [{"fact": "Apple unveiled the iPhone 15 on Tuesday with a USB-C port."}],
    },
    {
        "query": "Who won the election in Peru?",
        "question_type": "null_query",
        "evidence_list": [],
    },
]


def eval_multihop(corpus: Path, queries: Path, data_dir: Path, *extra: str) -> int:
    args = ["--corpus", str(corpus), "--queries", str(queries), "--data-dir", str(data_dir)]
    return main(["eval", "multihop", *args, *extra])


@pytest.fixture
def bench_files(tmp_path: Path) -> tuple[Path, Path]:
    corpus, queries = tmp_path / "corpus.json", tmp_path / "queries.json"
    corpus.write_text(json.dumps(CORPUS))
    queries.write_text(json.dumps(QUERIES))
    return corpus, queries


def test_eval_multihop_reports_recomputable_metrics(
    bench_files: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    corpus, queries = bench_files
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "user-index"))
    out = tmp_path / "report.json"
    assert eval_multihop(corpus, queries, tmp_path / "eval", "--out", str(out)) == 0
    table = capsys.readouterr().out
    assert "| all (2) |" in table and "Hits@10" in table
    report = json.loads(out.read_text())
    assert [q["question_type"] for q in report["queries"]] == [
        "inference_query",
        "comparison_query",
    ]
    # Anyone can recompute the metrics from the passages in the report.
    facts = [[e["fact"] for e in q["evidence_list"]] for q in QUERIES[:2]]
    recomputed = [
        score_query(q["passages"], f) for q, f in zip(report["queries"], facts, strict=True)
    ]
    assert report["metrics"]["MRR@10"] == pytest.approx(
        sum(s.reciprocal_rank for s in recomputed) / 2
    )
    assert report["metrics"]["Hits@10"] == 1.0
    assert not (tmp_path / "user-index").exists()


def test_eval_refuses_the_users_index(
    bench_files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus, queries = bench_files
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(tmp_path / "mine"))
    code = eval_multihop(corpus, queries, tmp_path / "mine")
    assert code == 1


def test_eval_questions_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from index.update.build import update_index
    from tests.conftest import copy_seeds

    copy_seeds(tmp_path)
    settings = make_settings(tmp_path)
    update_index(settings)
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {
                "question": "How many French troops are in Niger?",
                "answer_regex": "1,?500",
                "article_ids": [
                    "003_81e9dda9929231ae.txt",
                    "000_a80c936fc3ad9ca2.txt",
                    "001_abad9e9fd5f90efe.txt",
                    "002_c75df0162f650722.txt",
                ],
            }
        )
        + "\n"
        + json.dumps(
            {
                "question": "What is the capital of Australia?",
                "answer_regex": None,
                "article_ids": [],
            }
        )
        + "\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(settings.data_dir))
    assert main(["eval", "questions", str(questions), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["answer_accuracy"] == 1.0 and result["abstention_recall"] == 1.0


def test_abstention_on_null_queries(bench_files: tuple[Path, Path], tmp_path: Path):
    from qa.evaluate.benchmarks import evaluate_multihop

    corpus, queries = bench_files
    settings = make_settings(tmp_path)
    result = evaluate_multihop(settings, corpus, queries, abstention=True)
    report = result["metrics"]["abstention"]
    assert (report["queries"], report["null_queries"]) == (3, 1)
    # The Peru question has no answer in the corpus: abstaining on it is recall 1.
    assert report["configured"]["recall"] == 1.0
    assert 0.0 < report["best_f1"]["threshold"] < 1.0
