"""Every bench script runs end to end on a tiny input, so none of them can rot.

Each test runs the real script as a child process over the seed articles (or the seeds as a
MultiHop-RAG-shaped corpus) and a few questions, and checks what it prints. Temporary folders
the scripts make go under the test's tmp_path (TMPDIR), and no NEWSQA_* setting leaks in.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.bench.scripts import run_script, tiny_corpus
from tests.conftest import FRENCH_TROOPS, REPO, SEEDS, make_settings
from tests.qa.llm_server import ScriptedLLM, scripted_server

pytestmark = pytest.mark.slow

DATA = REPO / "bench" / "data"
NUMBER = r"(\d+(?:\.\d+)?)"


def jsonl_lines(source: Path, tmp_path: Path, keep: list[int]) -> tuple[Path, list[dict]]:
    """The lines numbered `keep` (0-based) of `source`, written to tmp_path."""
    lines = source.read_text().splitlines()
    rows = [json.loads(lines[i]) for i in keep]
    target = tmp_path / source.name
    target.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return target, rows


def metric_rows(text: str, header: str) -> dict[str, list[float]]:
    """name -> [Hits@4, Hits@10, MRR@10, MAP@10] from the metrics table headed `header`."""
    lines = text[text.index(f"| {header} | Hits@4 |") :].splitlines()[2:]
    rows = {}
    for line in lines:
        if not line.startswith("|"):
            break
        name, *values = (c.strip() for c in line.strip("|").split("|"))
        rows[name] = [float(v) for v in values]
    return rows


def check_metrics(rows: dict[str, list[float]]) -> None:
    for name, (hits4, hits10, mrr, map10) in rows.items():
        assert all(0.0 <= v <= 1.0 for v in (hits4, hits10, mrr, map10)), name
        assert hits4 <= hits10 and mrr <= hits10, name


def test_ask_latency(tmp_path: Path):
    questions, _ = jsonl_lines(REPO / "tests/data/seed_questions.jsonl", tmp_path, [0, 1])
    out = run_script(tmp_path, "ask_latency.py", "--rounds", "1", "--questions", questions)
    assert "index seeds (in process, model load included):" in out
    found = {
        m[1]: (int(m[2]), float(m[3]), float(m[4]))
        for m in re.finditer(rf"^(\w+) +n=(\d+) p50 {NUMBER} ms  p95 {NUMBER} ms$", out, re.M)
    }
    assert set(found) == {"ask", "retrieve", "answer"}
    for n, p50, p95 in found.values():
        assert n == 2 and 0 <= p50 <= p95
    # Retrieval and answering are parts of each ask: their medians cannot exceed its median.
    assert found["retrieve"][1] <= found["ask"][1] and found["answer"][1] <= found["ask"][1]


def test_api_latency(tmp_path: Path):
    questions, _ = jsonl_lines(REPO / "tests/data/seed_questions.jsonl", tmp_path, [0, 1])
    out = run_script(tmp_path, "api_latency.py", "--rounds", "1", "--questions", questions)
    found = {
        m[1]: (int(m[2]), float(m[3]), float(m[4]))
        for m in re.finditer(rf"^(\S+) +n=(\d+) p50 {NUMBER} ms  p95 {NUMBER} ms$", out, re.M)
    }
    assert set(found) == {"ask()", "/v1"}
    for n, p50, p95 in found.values():
        assert n == 2 and 0 < p50 <= p95
    assert re.search(rf"^HTTP adds: p50 of the pairs -?{NUMBER} ms", out, re.M)


def test_calibrate_citations(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    # Two claims the articles support and one they contradict (5,000 troops, not 1,500).
    claims, rows = jsonl_lines(DATA / "citation_claims.jsonl", tmp_path, [0, 1, 18])
    assert [r["supported"] for r in rows] == [True, True, False]
    out = run_script(
        tmp_path, "calibrate_citations.py", "--claims", claims, "--seeds", tmp_path / "seeds"
    )
    scored = [
        (float(m[1]), m[2] == "yes", m[3])
        for m in re.finditer(r"^([01]\.\d{3}) (yes|no ) (.+)$", out, re.M)
    ]
    assert sorted(c for _, _, c in scored) == sorted(r["claim"] for r in rows)
    label = {r["claim"]: r["supported"] for r in rows}
    assert all(said == label[claim] for _, said, claim in scored)
    assert [s for s, _, _ in scored] == sorted((s for s, _, _ in scored), reverse=True)
    assert min(s for s, yes, _ in scored if yes) > max(s for s, yes, _ in scored if not yes)
    thresholds = re.findall(rf"^\| {NUMBER} \| {NUMBER} \| {NUMBER} \| {NUMBER} \|$", out, re.M)
    assert [float(t[0]) for t in thresholds] == [x / 20 for x in range(4, 19)]
    for t, accuracy, precision, recall in ((float(v) for v in row) for row in thresholds):
        if any(abs(s - t) < 0.001 for s, _, _ in scored):
            continue  # the printed score is rounded: too close to call
        said = [(s >= t, yes) for s, yes, _ in scored]
        tp = sum(s and yes for s, yes in said)
        assert accuracy == pytest.approx(sum(s == yes for s, yes in said) / 3, abs=1e-3)
        assert precision == pytest.approx(tp / max(1, sum(s for s, _ in said)), abs=1e-3)
        assert recall == pytest.approx(tp / 2, abs=1e-3)


def test_calibrate_support(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    # Two answerable questions and one the articles cannot answer (answer_regex null).
    questions, rows = jsonl_lines(DATA / "calibration_questions.jsonl", tmp_path, [0, 2, 14])
    assert [r["answer_regex"] is None for r in rows] == [False, False, True]
    out = run_script(
        tmp_path, "calibrate_support.py", "--questions", questions, "--seeds", tmp_path / "seeds"
    )
    found = re.findall(rf"^\| {NUMBER} \| {NUMBER} \| (\d+)% \| (\d+)/(\d+) \|$", out, re.M)
    assert [float(f[0]) for f in found] == [0.0, 0.25, 0.5, 0.75, 1.0]
    for _, threshold, accuracy, right, answerable in found:
        assert 0.0 <= float(threshold) <= 1.0
        # Three questions: the grounding accuracy is a multiple of a third.
        assert int(accuracy) in (0, 33, 67, 100)
        assert int(answerable) == 2 and 0 <= int(right) <= 2
    chosen = re.search(
        rf"^chosen: relevance weight {NUMBER}, NEWSQA_MIN_SUPPORT={NUMBER}$", out, re.M
    )
    assert chosen is not None
    assert (chosen[1], chosen[2]) in {(f[0], f[1]) for f in found}


def test_generated_answers(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    questions = tmp_path / "questions.jsonl"
    french = {
        "question": FRENCH_TROOPS,
        "answer_regex": "1,?500",
        "article_ids": sorted(p.name for p in SEEDS.glob("*.txt")),
    }
    nobel = {"question": "Who won the Nobel Peace Prize in 2023?", "answer_regex": None}
    rows = [french, nobel]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    # The scripted model gives the same (uncited) sentence to every question: the citation
    # check backs it for the French troops question; it does not answer the Nobel one.
    script = ScriptedLLM("About 1,500 French troops are deployed in Niger.")
    with scripted_server(script) as url:
        out = run_script(
            tmp_path,
            "generated_answers.py",
            "--questions",
            questions,
            "--seeds",
            tmp_path / "seeds",
            env={
                "NEWSQA_LLM": "openai",
                "NEWSQA_LLM_BASE_URL": f"{url}/v1",
                "NEWSQA_LLM_MODEL": "scripted",
            },
        )
    assert script.requests and all(r["body"]["model"] == "scripted" for r in script.requests)
    counts = {m[1]: int(m[2]) for m in re.finditer(r"^([a-z][\w ,:]*): (\d+)$", out, re.M)}
    assert counts["answerable"] == 1 and counts["unanswerable"] == 1
    assert sum(v for k, v in counts.items() if k.startswith("mode ")) == 2
    assert counts["mode generated"] == 1
    assert counts["answer right"] == 1 and counts["answer right, first citation right"] == 1
    assert counts["abstained"] == 1
    assert 1 <= counts["sentences kept"] <= counts["sentences checked"]
    assert re.search(r"^ *\d+\.\d+s generated +How many French troops", out, re.M)
    assert re.search(rf"^whole answer: p50 {NUMBER} s \(max {NUMBER}\)$", out, re.M)


@pytest.fixture(scope="module")
def multihop_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny corpus indexed as `news-qa eval multihop` does; (queries file, data dir)."""
    from qa.evaluate.benchmarks import evaluate_multihop

    root = tmp_path_factory.mktemp("multihop")
    corpus, queries = tiny_corpus(root)
    settings = replace(make_settings(root), data_dir=root / "eval-data")
    evaluate_multihop(settings, corpus, queries)
    return queries, root / "eval-data"


def test_retrieval_ablation(tmp_path: Path, multihop_index: tuple[Path, Path]):
    queries, data_dir = multihop_index
    out = run_script(
        tmp_path, "retrieval_ablation.py", "--queries", queries, "--data-dir", data_dir
    )
    assert re.search(r"^2 queries, \d+ s$", out, re.M)
    assert re.search(rf"^p50 ms: dense {NUMBER}, bm25 {NUMBER}, bm25 meta {NUMBER}$", out, re.M)
    rows = metric_rows(out, "retrieval")
    assert len(rows) == 11 and {"dense only", "BM25 only", "BM25 + metadata only"} <= set(rows)
    check_metrics(rows)
    # Every query's gold fact is in the tiny corpus: some variant finds it in the top 10.
    assert max(v[1] for v in rows.values()) == 1.0


def test_rerank_ablation(tmp_path: Path, multihop_index: tuple[Path, Path]):
    queries, data_dir = multihop_index
    out = run_script(
        tmp_path,
        "rerank_ablation.py",
        "--queries",
        queries,
        "--data-dir",
        data_dir,
        "--top",
        "5",
    )
    assert re.search(r"^2 queries; cross-encoder on 5 passages: p50 \d+ ms", out, re.M)
    rows = metric_rows(out, "cross-encoder blend")
    assert list(rows) == ["0.0", "0.2", "0.4", "0.6", "1.0"]
    check_metrics(rows)


@pytest.mark.browser
def test_ui_timing(tmp_path: Path):
    from tests.ui.browser import require_chromium

    require_chromium()
    shutil.copytree(SEEDS, tmp_path / "seeds")
    out = run_script(tmp_path, "ui_timing.py", "--runs", "2", "--seeds", tmp_path / "seeds")
    runs = re.findall(
        rf"^run (\d): feedback {NUMBER} ms, first_token {NUMBER} ms, full {NUMBER} ms$",
        out,
        re.M,
    )
    assert [r[0] for r in runs] == ["1", "2"], out
    for _, feedback, first_token, full in runs:
        assert 0 <= float(feedback) <= float(first_token) <= float(full) < 60000
    for key in ("feedback", "first_token", "full"):
        assert re.search(rf"^{key}: first question \d+ ms; later p50 \d+ ms .*n=1\)$", out, re.M)


def test_news_awareness(tmp_path: Path, multihop_index: tuple[Path, Path]):
    queries, data_dir = multihop_index
    report_file = tmp_path / "report.json"
    out = run_script(
        tmp_path,
        "news_awareness.py",
        "--queries",
        queries,
        "--data-dir",
        data_dir,
        "--out",
        report_file,
    )
    printed, saved = json.loads(out), json.loads(report_file.read_text())
    dups = saved["duplicates"]
    assert dups["articles"] == 5 and dups["passages"] == printed["duplicates"]["passages"]
    assert 0 < dups["echoes_wire"] <= dups["echoes_raw"]
    assert dups["passages_in_groups"] >= 2 * dups["passage_groups"]
    assert dups["passage_link_count"] == len(dups["passage_links"])
    assert set(saved["embedding"]) == {"0.9", "0.95", "0.98"}
    variants = saved["retrieval"]
    assert len(variants) == 7 and "all (default)" in variants
    check_metrics(
        {
            name: [v["Hits@4"], v["Hits@10"], v["MRR@10"], v["MAP@10"]]
            for name, v in variants.items()
        }
    )
    assert all(v["queries"] == 2 and v["top10_with_a_near_copy"] <= 2 for v in variants.values())


def test_calibrate_verdicts(tmp_path: Path):
    from tests.qa.answer.compound.conftest import ARTICLES

    corpus = [
        {"title": t, "source": o, "published_at": f"{d}T00:00:00+00:00", "body": b}
        for o, d, t, b in ARTICLES
    ]
    yes = (
        "Does the Harbour Gazette article say that the council approved the harbour bridge, "
        "while the Valley Times article reports that residents welcomed the vote?"
    )
    no = yes.replace("approved", "rejected")
    entity = (
        "Which company, reported by the Harbour Gazette to have won the tender for the harbour "
        "bridge, was said by the Valley Times to have promised to hire local workers?"
    )
    rows = [(yes, "Yes"), (no, "No"), (entity, "Nordbau")] * 2
    queries = [
        {
            "query": q,
            "answer": a,
            "question_type": "inference_query" if a == "Nordbau" else "comparison_query",
            "evidence_list": [],
        }
        for q, a in rows
    ]
    (tmp_path / "corpus.json").write_text(json.dumps(corpus))
    (tmp_path / "queries.json").write_text(json.dumps(queries))
    out = run_script(
        tmp_path,
        "calibrate_verdicts.py",
        "--corpus",
        tmp_path / "corpus.json",
        "--queries",
        tmp_path / "queries.json",
        "--data-dir",
        tmp_path / "eval-data",
    )
    assert re.search(r"^inference, half 1: 1/1 = 1\.000$", out, re.M)
    assert re.search(r"^inference, half 2: 1/1 = 1\.000$", out, re.M)
    # The product's rule tells the approved claim from the rejected one in both halves.
    assert re.search(r"^comparison_query negatives<=-0\.5: 1\.000 -> 1\.000$", out, re.M)
    assert re.search(rf"^comparison_query support>={NUMBER}: {NUMBER} -> {NUMBER}$", out, re.M)


def test_long_article(tmp_path: Path):
    out = run_script(tmp_path, "long_article.py", "--bytes", "6000", "--out", tmp_path / "out")
    saved = json.loads((tmp_path / "out" / "long_article.json").read_text())
    assert saved["lines"] == 1 and 6000 <= saved["bytes"] < 6400
    baseline, with_article = saved["baseline"], saved["with_article"]
    assert with_article["chunks"] == baseline["chunks"] + saved["article_chunks"] > 16
    assert baseline["peak_rss_mb"] > 0 and baseline["wall_s"] > 0
    assert (
        saved["article_peak_above_baseline_mb"]
        == with_article["peak_rss_mb"] - baseline["peak_rss_mb"]
    )
    assert f"| with-article | {with_article['wall_s']} |" in out


def test_web_pages(tmp_path: Path):
    out = run_script(tmp_path, "web_pages.py", "--rounds", "1", "--out", tmp_path)
    rows = re.findall(r"^\| (/\S+) \| (\d+)/(\d+) \| (\d+)/(\d+) \| [\d.]+ ms \|$", out, re.M)
    assert len(rows) == 5
    for page, kept, sentences, dropped, boilerplate in rows:
        assert (kept, dropped) == (sentences, boilerplate), page
    figures = dict(re.findall(rf"^(\w+): {NUMBER}$", out, re.M))
    assert float(figures["read_extra_ms_per_page"]) <= 50
    assert float(figures["etag_304_max_ms"]) <= 1000
    assert float(figures["unchanged_200_max_ms"]) <= 1000
    assert json.loads((tmp_path / "web_pages.json").read_text())["indexing"]["pages"] == 4
