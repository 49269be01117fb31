"""Scores of `news-qa eval answers`: the answers `ask()` gives to MultiHop-RAG's queries.

Pure functions over the benchmark's query rows (dicts) and Answers, so they test without
models. Per question type (`QUESTION_TYPES`):
- comparison and temporal (yes/no): balanced accuracy, the mean of the recall on gold "yes"
  and on gold "no" (any constant answer scores 0.5); other gold labels ("Consistent", an
  outlet's name) are scored apart as "other answers": right when the gold text is in the
  answer's short answer or text.
- inference: right when the gold answer is in the short answer or the text.
- null: abstention, the share of answers with `grounded == False`.
- every non-null type: the answer rate (grounded), evidence-cited (a grounded answer with a
  citation quoting a gold fact), and the benchmark's own loose score for reference.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any, Literal

from qa.evaluate.metrics import percentile
from qa.types import Answer

QUESTION_TYPES = ("comparison_query", "inference_query", "temporal_query", "null_query")
YES_NO_TYPES = ("comparison_query", "temporal_query")
# A quote and a gold fact sharing this many characters (whitespace removed) are the same
# sentence split or cleaned a little differently.
SHARED_SPAN_CHARS = 60
# A verdict: "none" when the answer gives neither yes nor no.
Verdict = Literal["yes", "no", "none"]
_LABELS: dict[str, Verdict] = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
_WHITESPACE = re.compile(r"\s+")
_FIRST_WORD = re.compile(r"\W*(\w+)")


def gold_verdict(gold: str) -> Verdict | None:
    """ "yes" for the gold labels Yes/yes/True, "no" for no/No/False, None for any other."""
    return _LABELS.get(gold.strip().lower())


def predicted_verdict(answer: Answer) -> Verdict:
    """The answer's yes/no: from `short`; without one, from the text's first word if that is
    yes or no (the text's first word only: "no" deeper in prose is not a verdict)."""
    if answer.short:
        return _LABELS.get(answer.short.strip().lower(), "none")
    first = _FIRST_WORD.match(answer.text)
    word = first.group(1).lower() if first else ""
    return "yes" if word == "yes" else "no" if word == "no" else "none"


def mentions(answer: Answer, gold: str) -> bool:
    """Whether the gold answer appears, case-insensitive, in the short answer or the text."""
    wanted = gold.strip().lower()
    return bool(wanted) and (wanted in answer.short.lower() or wanted in answer.text.lower())


def quote_matches_fact(quote: str, fact: str) -> bool:
    """Whether a cited quote is the gold fact: with all whitespace removed, one holds the
    other, or they share a span of SHARED_SPAN_CHARS characters (facts and sentence splits
    differ a little)."""
    q, f = _WHITESPACE.sub("", quote), _WHITESPACE.sub("", fact)
    if not q or not f:
        return False
    if q in f or f in q:
        return True
    shared = SequenceMatcher(None, q, f, autojunk=False).find_longest_match(0, len(q), 0, len(f))
    return shared.size >= SHARED_SPAN_CHARS


def cites_evidence(answer: Answer, facts: list[str]) -> bool:
    """Whether any citation of the answer quotes one of the gold facts."""
    return any(quote_matches_fact(c.quote, fact) for c in answer.citations for fact in facts)


def benchmark_loose_match(model_answer: str, gold: str) -> bool:
    """MultiHop-RAG's own answer score, as its qa_evaluate.py computes it
    (github.com/yixuantt/MultiHop-RAG, qa_evaluate.py, commit 5fc39838): when the response
    holds 'The answer', take what follows 'The answer to the question is "' up to the next
    quote mark (if present); lowercase both; right when the two share any whitespace-split
    word."""
    if "The answer" in model_answer:
        found = re.search(r'The answer to the question is "(.*?)"', model_answer)
        model_answer = found.group(1) if found else model_answer
    return bool(set(model_answer.lower().split()) & set(gold.lower().split()))


def benchmark_response(answer: Answer) -> str:
    """The answer as the benchmark's scorer reads it: the short answer stands for the quoted
    answer its prompt asks the model for; without one, the whole text."""
    return answer.short or answer.text


def score_answer(row: dict[str, Any], answer: Answer) -> dict[str, Any]:
    """The scores of one answer to one query row (`query`, `answer`, `question_type`,
    `evidence_list`), as kept in the report::

        {"grounded": True, "loose": True,
         "verdict": "yes",        # yes/no types with a yes/no gold only, else absent
         "correct": True,         # non-null types: the verdict / gold text is right
         "evidence_cited": True}  # grounded non-null answers only, else None
    """
    kind, gold = row["question_type"], row["answer"]
    scores: dict[str, Any] = {
        "grounded": answer.grounded,
        "loose": benchmark_loose_match(benchmark_response(answer), gold),
    }
    if kind == "null_query":
        return scores
    wanted = gold_verdict(gold) if kind in YES_NO_TYPES else None
    if wanted is not None:
        scores["verdict"] = predicted_verdict(answer)
        scores["correct"] = scores["verdict"] == wanted
    else:
        scores["correct"] = mentions(answer, gold)
    facts = [e["fact"] for e in row.get("evidence_list", [])]
    scores["evidence_cited"] = cites_evidence(answer, facts) if answer.grounded else None
    return scores


def answer_record(row: dict[str, Any], answer: Answer, latency_ms: float) -> dict[str, Any]:
    """One answer as the report keeps it: the query, its gold answer, what `ask()` said,
    the cited quotes, the scores (`score_answer`) and how long `ask()` took."""
    return {
        "query": row["query"],
        "question_type": row["question_type"],
        "gold": row["answer"],
        "short": answer.short,
        "text": answer.text,
        "grounded": answer.grounded,
        "mode": answer.mode,
        "notes": answer.notes,
        "citations": [
            {"outlet": c.outlet, "date": c.date, "quote": c.quote} for c in answer.citations
        ],
        "scores": score_answer(row, answer),
        "latency_ms": round(latency_ms, 1),
    }


def balanced_accuracy(pairs: list[tuple[Verdict, Verdict]]) -> float | None:
    """Mean over the gold classes present of the recall on that class, for (gold, predicted)
    pairs; None for no pairs. A constant answer scores 0.5 when both classes are present."""
    recalls = [r for r in (recall(pairs, "yes"), recall(pairs, "no")) if r is not None]
    return sum(recalls) / len(recalls) if recalls else None


def recall(pairs: list[tuple[Verdict, Verdict]], label: Verdict) -> float | None:
    """The share of (gold, predicted) pairs with gold `label` predicted `label`."""
    return _share([p == label for g, p in pairs if g == label])


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of a set of report records (`question_type`, `gold`, `scores`,
    `latency_ms`); a figure is None when no record of its kind is in the set::

        {"queries": 40,
         "balanced_accuracy": 0.62, "yes_recall": 0.7, "no_recall": 0.55,
         "yes": 20, "no": 18,                   # yes/no gold labels
         "other": 2, "other_right": 1,          # other gold labels of yes/no types
         "accuracy": 0.6,                       # right answers of the non-null queries
         "abstention": None,                    # null queries not grounded
         "answer_rate": 0.95,                   # non-null queries grounded
         "evidence_cited": 0.9,                 # grounded non-null answers citing a gold fact
         "loose": 0.8,                          # the benchmark's own score, every query
         "ask_ms_p50": 210.0, "ask_ms_p95": 480.0}
    """
    pairs = [
        (gold_verdict(r["gold"]) or "none", r["scores"]["verdict"])
        for r in records
        if "verdict" in r["scores"]
    ]
    others = [
        r["scores"]["correct"]
        for r in records
        if r["question_type"] in YES_NO_TYPES and "verdict" not in r["scores"]
    ]
    answerable = [r["scores"] for r in records if r["question_type"] != "null_query"]
    nulls = [r["scores"] for r in records if r["question_type"] == "null_query"]
    latencies = [r["latency_ms"] for r in records]
    return {
        "queries": len(records),
        "balanced_accuracy": balanced_accuracy(pairs),
        "yes_recall": recall(pairs, "yes"),
        "no_recall": recall(pairs, "no"),
        "yes": sum(g == "yes" for g, _ in pairs),
        "no": sum(g == "no" for g, _ in pairs),
        "other": len(others),
        "other_right": sum(others),
        "accuracy": _share([s["correct"] for s in answerable]),
        "abstention": _share([not s["grounded"] for s in nulls]),
        "answer_rate": _share([s["grounded"] for s in answerable]),
        "evidence_cited": _share([s["evidence_cited"] for s in answerable if s["grounded"]]),
        "loose": _share([r["scores"]["loose"] for r in records]),
        "ask_ms_p50": round(percentile(latencies, 0.5), 1),
        "ask_ms_p95": round(percentile(latencies, 0.95), 1),
    }


def answers_metrics(records: list[dict[str, Any]]) -> dict[str, Any]:
    """`summarize` of every record ("all") and of each question type present ("by_type")."""
    by_type = {
        kind: summarize([r for r in records if r["question_type"] == kind])
        for kind in QUESTION_TYPES
        if any(r["question_type"] == kind for r in records)
    }
    return {"all": summarize(records), "by_type": by_type}


def answers_markdown(metrics: dict[str, Any]) -> str:
    """One row per question type and one for all: the figures `summarize` gives ("-": none
    of that kind); "other" is right/count of the yes/no types' other gold labels."""
    lines = [
        "| type | queries | balanced acc. | yes / no recall | other | accuracy | abstention "
        "| answered | evidence-cited | loose (benchmark) | ask p50 ms | ask p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in [*metrics["by_type"].items(), ("all", metrics["all"])]:
        recalls = (
            f"{_cell(m['yes_recall'])} ({m['yes']}) / {_cell(m['no_recall'])} ({m['no']})"
            if m["yes"] + m["no"]
            else "-"
        )
        other = f"{m['other_right']}/{m['other']}" if m["other"] else "-"
        cells = [name.removesuffix("_query"), str(m["queries"]), _cell(m["balanced_accuracy"])]
        cells += [recalls, other, *(_cell(m[k]) for k in _SHARES)]
        cells += [f"{m['ask_ms_p50']:.0f}", f"{m['ask_ms_p95']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


_SHARES = ("accuracy", "abstention", "answer_rate", "evidence_cited", "loose")


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
