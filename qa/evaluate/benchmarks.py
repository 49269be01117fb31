"""`news-qa eval`: retrieval on MultiHop-RAG and answers on a JSONL of questions.

MultiHop-RAG: Tang & Yang 2024, arXiv:2401.15391, ODC-BY 1.0.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.core.errors import NewsQAError
from index.core.settings import Settings
from index.ingest.article import Article
from index.update.build import Progress, sync_articles
from qa.api import ask, retrieve
from qa.evaluate.answers import answer_record, answers_metrics
from qa.evaluate.metrics import QueryScore, mean_scores, metrics_table, percentile, score_query


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise NewsQAError(f"Cannot read {path}: {err} - pass the benchmark's JSON file") from None


def multihop_articles(corpus: Path) -> list[Article]:
    """The corpus as Articles; bodies are kept verbatim so gold facts stay substrings."""
    articles = []
    for n, item in enumerate(_read_json(corpus)):
        body = item["body"]
        articles.append(
            Article(
                article_id=f"multihop-{n:04d}",
                title=item.get("title") or body[:80],
                date=(item.get("published_at") or "")[:10] or None,
                outlet=item.get("source") or None,
                text=body,
                content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
            )
        )
    return articles


def evaluate_multihop(
    settings: Settings,
    corpus: Path,
    queries: Path,
    *,
    limit: int | None = None,
    abstention: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Index the corpus into `settings.data_dir`, retrieve 10 passages per query, score them;
    with `abstention`, also ask every query (null ones too) and score abstention."""
    report = sync_articles(settings, multihop_articles(corpus), [], progress=progress)
    rows = [q for q in _read_json(queries) if q["question_type"] != "null_query"][:limit]
    scores: list[QueryScore] = []
    by_type: dict[str, list[QueryScore]] = {}
    latencies: list[float] = []
    results = []
    for done, row in enumerate(rows, start=1):
        started = time.perf_counter()
        passages = retrieve(row["query"], k=10, settings=settings)
        latencies.append((time.perf_counter() - started) * 1000)
        texts = [p.text for p in passages]
        score = score_query(texts, [e["fact"] for e in row["evidence_list"]])
        scores.append(score)
        by_type.setdefault(row["question_type"], []).append(score)
        results.append(
            {"query": row["query"], "question_type": row["question_type"], "passages": texts}
        )
        if progress:
            progress(done, len(rows), "queries")
    metrics: dict[str, Any] = {
        **mean_scores(scores),
        "by_type": {t: mean_scores(s) for t, s in sorted(by_type.items())},
        "retrieve_ms_p50": round(statistics.median(latencies), 1) if latencies else 0.0,
        "retrieve_ms_p95": round(percentile(latencies, 0.95), 1),
        "index_seconds": round(report.seconds, 1),
        "chunks_embedded": report.chunks_embedded,
        "chunks": report.total_chunks,
        "embed_model": settings.embed_model,
    }
    if abstention:
        metrics["abstention"] = abstention_report(settings, queries, limit)
    return {"metrics": metrics, "queries": results}


def abstention_report(
    settings: Settings, queries: Path, limit: int | None = None
) -> dict[str, Any]:
    """How well `grounded` tells MultiHop-RAG's null queries (no answer in the corpus) apart.

    Every query is asked with the threshold at 0 to read its best support score; abstaining
    means a best support under the threshold. Reports precision and recall of abstention on
    null queries at the configured threshold and at the threshold with the best F1 here."""
    rows = _read_json(queries)[:limit]
    open_all = replace(settings, min_support=0.0)
    scored = []
    for row in rows:
        answer = ask(row["query"], settings=open_all)
        support = answer.citations[0].score if answer.citations else 0.0
        scored.append((support, row["question_type"] == "null_query"))

    def at(threshold: float) -> dict[str, float]:
        abstained = [is_null for support, is_null in scored if support < threshold]
        nulls = sum(is_null for _, is_null in scored)
        right = sum(abstained)
        precision = right / len(abstained) if abstained else 0.0
        recall = right / nulls if nulls else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "threshold": threshold,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "abstained": len(abstained),
        }

    best = max((at(round(t / 100, 2)) for t in range(1, 100)), key=lambda r: r["f1"])
    return {
        "queries": len(scored),
        "null_queries": sum(is_null for _, is_null in scored),
        "configured": at(settings.min_support),
        "best_f1": best,
    }


# Asked once before the timed queries, so that model loading is not in the latencies.
WARMUP_QUESTION = "What do the articles report?"


def evaluate_answers(
    settings: Settings,
    corpus: Path,
    queries: Path,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Index the corpus into `settings.data_dir` (as `evaluate_multihop`), answer the first
    `limit` queries, null ones too, through `ask()` in the configured mode (NEWSQA_LLM) and
    score the answers (qa/evaluate/answers.py).

    Shape: {"metrics": {"all": {...}, "by_type": {"comparison_query": {...}, ...},
    "mode": "none", ...}, "answers": [one `answer_record` per query, in the file's order]}."""
    report = sync_articles(settings, multihop_articles(corpus), [], progress=progress)
    rows = _read_json(queries)[:limit]
    started = time.perf_counter()
    ask(WARMUP_QUESTION, settings=settings)
    warmup_ms = (time.perf_counter() - started) * 1000
    records = []
    for done, row in enumerate(rows, start=1):
        started = time.perf_counter()
        answer = ask(row["query"], settings=settings)
        records.append(answer_record(row, answer, (time.perf_counter() - started) * 1000))
        if progress:
            progress(done, len(rows), "queries")
    metrics = {
        **answers_metrics(records),
        "mode": settings.llm,
        "llm_model": settings.llm_model,
        "warmup_ms": round(warmup_ms, 1),
        "index_seconds": round(report.seconds, 1),
        "chunks": report.total_chunks,
    }
    return {"metrics": metrics, "answers": records}


def multihop_markdown(metrics: dict[str, Any]) -> str:
    rows = [("all", metrics), *metrics["by_type"].items()]
    body = metrics_table([(f"{name} ({m['queries']})", m) for name, m in rows], "queries")
    abstention = ""
    if "abstention" in metrics:
        a = metrics["abstention"]
        c, b = a["configured"], a["best_f1"]
        abstention = (
            f"\nabstention on {a['null_queries']} null of {a['queries']} queries: at "
            f"NEWSQA_MIN_SUPPORT={c['threshold']} precision {c['precision']:.3f}, recall "
            f"{c['recall']:.3f}; best F1 here at {b['threshold']}: precision "
            f"{b['precision']:.3f}, recall {b['recall']:.3f}\n"
        )
    return (
        body
        + abstention
        + f"\nretrieve p50 {metrics['retrieve_ms_p50']} ms, p95 {metrics['retrieve_ms_p95']} ms; "
        f"index {metrics['index_seconds']} s ({metrics['chunks_embedded']} of "
        f"{metrics['chunks']} chunks embedded); model {metrics['embed_model']}\n"
    )


def evaluate_questions(settings: Settings, questions: Path) -> dict[str, Any]:
    """Answer accuracy, citation accuracy and abstention on `{question, answer_regex,
    article_ids}` lines; `answer_regex: null` marks a question the articles cannot answer."""
    rows = [
        json.loads(line)
        for line in questions.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    answered = cited = abstained = 0
    failures = []
    answerable = [r for r in rows if r.get("answer_regex")]
    for row in rows:
        answer = ask(row["question"], settings=settings)
        if row.get("answer_regex"):
            right = answer.grounded and re.search(row["answer_regex"], answer.text) is not None
            answered += right
            good_source = bool(answer.citations) and all(
                c.article_id in row["article_ids"] for c in answer.citations[:1]
            )
            cited += right and good_source
            if not (right and good_source):
                failures.append({"question": row["question"], "answer": answer.text})
        elif not answer.grounded:
            abstained += 1
        else:
            failures.append({"question": row["question"], "answer": answer.text})
    unanswerable = len(rows) - len(answerable)
    return {
        "answer_accuracy": answered / len(answerable) if answerable else 0.0,
        "citation_accuracy": cited / len(answerable) if answerable else 0.0,
        "abstention_recall": abstained / unanswerable if unanswerable else 0.0,
        "answerable": len(answerable),
        "unanswerable": unanswerable,
        "failures": failures,
    }
