"""Retrieval metrics exactly as MultiHop-RAG's evaluation code computes them.

A passage is relevant when any gold fact, with every space and newline removed, is a substring
of the passage with every space and newline removed. Hits@k: a relevant passage in the top k.
MRR@10: 1/rank of the first relevant passage (0 if none in the top 10). MAP@10: for each rank
r <= 10 add (facts first matched at rank r) / r, then divide by min(number of facts, 10).
"""

from __future__ import annotations

from dataclasses import dataclass


def squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


@dataclass(frozen=True)
class QueryScore:
    hits_at_4: float
    hits_at_10: float
    reciprocal_rank: float
    average_precision: float


def score_query(passages: list[str], facts: list[str]) -> QueryScore:
    """Scores of one ranked list of passage texts against the query's gold facts."""
    gold = [squash(f) for f in facts]
    seen: set[int] = set()
    first_hit: int | None = None
    precision_sum = 0.0
    for rank, passage in enumerate(passages[:10], start=1):
        text = squash(passage)
        matched = {i for i, fact in enumerate(gold) if fact in text}
        if matched and first_hit is None:
            first_hit = rank
        precision_sum += len(matched - seen) / rank
        seen |= matched
    return QueryScore(
        hits_at_4=float(first_hit is not None and first_hit <= 4),
        hits_at_10=float(first_hit is not None),
        reciprocal_rank=1.0 / first_hit if first_hit else 0.0,
        average_precision=precision_sum / min(len(gold), 10) if gold else 0.0,
    )


def mean_scores(scores: list[QueryScore]) -> dict[str, float]:
    """{"Hits@4", "Hits@10", "MRR@10", "MAP@10", "queries"} averaged over `scores`."""
    n = len(scores) or 1
    return {
        "Hits@4": sum(s.hits_at_4 for s in scores) / n,
        "Hits@10": sum(s.hits_at_10 for s in scores) / n,
        "MRR@10": sum(s.reciprocal_rank for s in scores) / n,
        "MAP@10": sum(s.average_precision for s in scores) / n,
        "queries": len(scores),
    }


def metrics_table(rows: list[tuple[str, dict[str, float]]], first_column: str) -> str:
    """A markdown table of named metric rows (as `mean_scores` returns them)."""
    lines = [f"| {first_column} | Hits@4 | Hits@10 | MRR@10 | MAP@10 |", "|---|---|---|---|---|"]
    lines += [
        f"| {name} | {m['Hits@4']:.3f} | {m['Hits@10']:.3f} | {m['MRR@10']:.3f} | "
        f"{m['MAP@10']:.3f} |"
        for name, m in rows
    ]
    return "\n".join(lines) + "\n"


def percentile(values: list[float], q: float) -> float:
    """The `q` quantile (0 <= q <= 1) of `values` as one of them: the value at rank
    round(q * (n - 1)) in sorted order (Python's round, so a tie goes to the even rank), the
    rank nearest the point numpy's linear quantile interpolates at; 0.0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0
