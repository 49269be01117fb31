"""Near-duplicates, diversity and question times/sources on MultiHop-RAG dev (issue #8).

    news-qa eval multihop --corpus C --queries Q          # builds .eval-data/multihop
    python bench/news_awareness.py --queries Q [--data-dir .eval-data/multihop] [--out F]

Reports: how many echoes (near-copy sentences across articles) the index holds, how many the
template filter drops, the near-duplicate passage groups and story groups; the same passages
by embedding similarity, for comparison; and Hits@k / MRR@10 / MAP@10 of retrieval with and
without diversity, the question-time boost and named-source turns.
MultiHop-RAG: Tang & Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from index.core.settings import Settings
from index.news.echoes import ShingleTable, near_copies
from index.news.stories import story_groups, wire_echoes
from qa.engine.copies import PASSAGE_OVERLAP, WireCopies
from qa.engine.engine import Engine, open_engine
from qa.evaluate.metrics import mean_scores, score_query
from qa.retrieval.config import RetrievalConfig
from qa.retrieval.ranking import Stage
from qa.retrieval.search import Retriever, default_stages
from qa.retrieval.stages import SourceTurns

# Cosine similarity at which two passages count as near-duplicates by embedding.
EMBED_THRESHOLDS = (0.9, 0.95, 0.98)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, default=Path(".eval-data/multihop"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = replace(Settings.load(), data_dir=args.data_dir)
    engine = open_engine(settings)
    report: dict[str, Any] = {"duplicates": duplicate_stats(engine)}
    report["embedding"] = embedding_pairs(engine, report["duplicates"]["passage_links"])
    rows = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    report["retrieval"] = retrieval_variants(settings, rows[: args.limit])
    text = json.dumps(report, indent=1, default=str)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    summary = {k: v for k, v in report["duplicates"].items() if k != "passage_links"}
    print(json.dumps({**report, "duplicates": summary}, indent=1, default=str))


def duplicate_stats(engine: Engine) -> dict[str, Any]:
    texts = {a: engine.article_text(a) for a in engine.manifest.articles}
    started = time.perf_counter()
    table = ShingleTable.of_texts(texts)
    found = near_copies(table)
    raw = found.echoes
    full_s = time.perf_counter() - started
    one = sorted(texts)[len(texts) // 2]
    started = time.perf_counter()
    fresh = ShingleTable.joined(table.without({one}), ShingleTable.of_texts({one: texts[one]}))
    near_copies(fresh, {one})
    one_s = time.perf_counter() - started
    outlets = {a: e.outlet for a, e in engine.manifest.articles.items()}
    wire = wire_echoes(raw, outlets, found.variants)
    copies = WireCopies(found, engine.chunks, outlets)
    stories = story_groups(wire)
    groups = copies.passage_groups()
    links = sorted({tuple(sorted((p, q))) for p in copies.repeats for q in copies.near_copies(p)})
    cross_outlet = [g for g in groups if len({engine.chunks[c].outlet for c in g}) > 1]
    return {
        "articles": len(texts),
        "passages": len(engine.chunks),
        "sentences_compared": len(table.starts),
        "echoes_raw": len(raw),
        "echoes_wire": len(wire),
        "echoes_dropped_as_templates": len(raw) - len(wire),
        # Near-copies that differ in a number, date or name: sources disagreeing, not copies.
        "variants": len(found.variants),
        "passage_links": links,
        "passage_link_count": len(links),
        "passage_groups": len(groups),
        "passages_in_groups": sum(len(g) for g in groups),
        "passage_group_sizes": dict(sorted(Counter(len(g) for g in groups).items())),
        "passage_groups_across_outlets": len(cross_outlet),
        "story_groups": len(stories),
        "articles_in_stories": sum(len(s) for s in stories),
        "story_sizes": dict(sorted(Counter(len(s) for s in stories).items())),
        "find_all_seconds": round(full_s, 2),
        "find_one_article_seconds": round(one_s, 3),
    }


def embedding_pairs(engine: Engine, shingle_links: list[tuple[str, str]]) -> dict[str, Any]:
    """Passage pairs of different articles whose vectors are this similar, against the
    shingle links: how many each finds and how many they share."""
    got = engine.store._collection.get(include=["embeddings"])
    ids = list(got["ids"])
    vectors = np.asarray(got["embeddings"], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    article = np.array([engine.chunks[i].article_id for i in ids])
    linked = set(shingle_links)
    result: dict[str, Any] = {}
    for threshold in EMBED_THRESHOLDS:
        pairs = set()
        for start in range(0, len(ids), 1000):
            sims = vectors[start : start + 1000] @ vectors.T
            rows, cols = np.nonzero(sims >= threshold)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                i = start + r
                if i < c and article[i] != article[c]:
                    pairs.add(tuple(sorted((ids[i], ids[c]))))
        shared = pairs & linked
        samples = [
            [engine.chunks[p].text[:160], engine.chunks[q].text[:160]]
            for p, q in sorted(pairs - linked)[:5]
        ]
        result[str(threshold)] = {
            "pairs": len(pairs),
            "also_shingle_linked": len(shared),
            "shingle_links_found": f"{len(shared)}/{len(linked)}",
            "embedding_only_samples": samples,
        }
    return result


def variant_stages(config: RetrievalConfig, named_sources: bool) -> list[Stage]:
    """The product's stages for `config`; without `named_sources`, only the outlets a question
    names take turns (as before #8)."""
    return [
        SourceTurns(other_names=named_sources) if isinstance(stage, SourceTurns) else stage
        for stage in default_stages(config)
    ]


def retrieval_variants(settings: Settings, rows: list[dict[str, Any]]) -> dict[str, Any]:
    base = RetrievalConfig.of(settings)
    off = replace(base, diversity=False, time_weight=0.0)
    variants: list[tuple[str, RetrievalConfig, bool]] = [
        ("before #8 (no diversity, no time boost, no named sources)", off, False),
        ("+ diversity", replace(off, diversity=True), False),
        ("+ time boost 0.3", replace(off, time_weight=0.3), False),
        ("+ named sources", off, True),
        ("all (default)", base, True),
        ("all, time boost 0.1", replace(base, time_weight=0.1), True),
        ("all, time boost 0.2", replace(base, time_weight=0.2), True),
    ]
    engine = open_engine(settings)
    results: dict[str, Any] = {}
    baseline: list[list[str]] | None = None
    for name, config, named_sources in variants:
        retriever = Retriever(engine, config, stages=variant_stages(config, named_sources))
        scores, latencies, tops = [], [], []
        by_type: dict[str, list[Any]] = {}
        for row in rows:
            started = time.perf_counter()
            passages = retriever.search(row["query"], 10).passages
            latencies.append((time.perf_counter() - started) * 1000)
            score = score_query(
                [p.text for p in passages], [e["fact"] for e in row["evidence_list"]]
            )
            scores.append(score)
            by_type.setdefault(row["question_type"], []).append(score)
            tops.append([p.passage_id for p in passages])
        copies_in_top = sum(
            1
            for top in tops
            if any(
                engine.copies.redundancy(c, top[:i]) >= PASSAGE_OVERLAP for i, c in enumerate(top)
            )
        )
        baseline = baseline or tops
        results[name] = {
            **mean_scores(scores),
            "by_type": {t: mean_scores(s) for t, s in sorted(by_type.items())},
            "top10_with_a_near_copy": copies_in_top,
            "top10_changed_vs_first": sum(a != b for a, b in zip(tops, baseline, strict=True)),
            "p50_ms": round(statistics.median(latencies), 1),
        }
    return results


if __name__ == "__main__":
    main()
