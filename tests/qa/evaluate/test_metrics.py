"""The MultiHop-RAG metrics against hand-computed cases."""

import importlib.util

import pytest

from qa.evaluate.metrics import mean_scores, percentile, score_query, squash
from tests.conftest import REPO


def test_whitespace_and_newlines_are_ignored_when_matching():
    assert squash("a b\nc") == "abc"
    score = score_query(["The  army\nsaid so, and more."], ["The army said so"])
    assert score.hits_at_4 == 1.0 and score.reciprocal_rank == 1.0


def test_first_hit_at_rank_3():
    passages = ["nothing", "still nothing", "fact one is here", "fact two is here"]
    score = score_query(passages, ["fact one", "fact two"])
    assert score.hits_at_4 == 1.0 and score.hits_at_10 == 1.0
    assert score.reciprocal_rank == pytest.approx(1 / 3)
    # Fact one first matched at rank 3, fact two at rank 4: (1/3 + 1/4) / min(2, 10).
    assert score.average_precision == pytest.approx((1 / 3 + 1 / 4) / 2)


def test_hit_after_rank_4_counts_only_for_hits_at_10():
    passages = ["x"] * 6 + ["gold fact"] + ["y"] * 5
    score = score_query(passages, ["gold fact"])
    assert (score.hits_at_4, score.hits_at_10) == (0.0, 1.0)
    assert score.reciprocal_rank == pytest.approx(1 / 7)
    assert score.average_precision == pytest.approx(1 / 7)


def test_passages_beyond_10_and_repeated_facts_do_not_count():
    passages = ["a fact"] + ["a fact"] * 9 + ["other fact"]
    score = score_query(passages, ["a fact", "other fact", "third fact"])
    # Only "a fact" is found in the top 10, once, at rank 1: 1/1 / min(3, 10).
    assert score.average_precision == pytest.approx(1 / 3)


def test_no_hit_scores_zero_and_means_average():
    miss = score_query(["nothing here"], ["gold"])
    hit = score_query(["gold"], ["gold"])
    assert miss.reciprocal_rank == 0.0 and miss.average_precision == 0.0
    means = mean_scores([miss, hit])
    assert means == {"Hits@4": 0.5, "Hits@10": 0.5, "MRR@10": 0.5, "MAP@10": 0.5, "queries": 2}


def test_percentile_is_the_value_at_the_rounded_rank_of_q_times_n_minus_1():
    twenty = [float(v) for v in range(20, 0, -1)]
    # Rank round(0.95 * 19) = 18: the 19th smallest, not the largest (int(0.95 * 20) = 19).
    assert percentile(twenty, 0.95) == 19.0
    hundred = [float(v) for v in range(1, 101)]
    assert percentile(hundred, 0.95) == 95.0
    # round() goes to the even rank on a tie: 0.5 * 9 = 4.5 -> rank 4, the 5th of 10.
    assert percentile([float(v) for v in range(1, 11)], 0.5) == 5.0
    assert percentile(twenty, 0.0) == 1.0 and percentile(twenty, 1.0) == 20.0
    assert percentile([], 0.95) == 0.0


def test_bench_scripts_use_the_same_percentile():
    spec = importlib.util.spec_from_file_location("latency", REPO / "bench" / "latency.py")
    assert spec is not None and spec.loader is not None
    latency = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(latency)
    assert latency.percentile is percentile
