"""Indexing throughput, updates, query latency and cold start on the MultiHop-RAG corpus.

    python bench/performance.py [--corpus ../shared/bench/multihop-rag/corpus.json]
        [--queries ../shared/bench/multihop-rag/queries_dev.json] [--limit N] [--out DIR]

In one run, on the same chunks: news-qa's full index of the corpus (fresh data folder) vs the
bare encoder's `embed_passages` over exactly the stored chunk texts at several batch sizes;
a no-op update and a one-article change; warm `retrieve()` (with and without rerank) and
`ask()` over the queries; cold `news-qa ask` in fresh processes; peak RSS. Writes
`performance.json` and `performance.md` to --out (default bench/out). MultiHop-RAG: Tang &
Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from latency import percentile, timed

from index.core.settings import Settings
from index.embed.embedder import load_embedder
from index.ingest.chunk import chunk_article
from index.store.chroma import open_store
from index.store.generations import live_generation
from index.update.build import sync_articles
from qa import ask, retrieve
from qa.evaluate.benchmarks import multihop_articles

# Texts per encoder call; the encoder sorts each call's texts by length and runs batches of 32.
CALL_SIZES = (32, 100_000)
QUERY_LIMIT = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path("../shared/bench/multihop-rag/corpus.json")
    )
    parser.add_argument(
        "--queries", type=Path, default=Path("../shared/bench/multihop-rag/queries_dev.json")
    )
    parser.add_argument("--limit", type=int, default=None, help="articles and queries to use")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="news-qa-perf-"))
    results: dict[str, object] = {}
    try:
        settings = Settings.load(
            {"NEWSQA_DATA_DIR": str(root / "data"), "NEWSQA_SEEDS_DIR": str(root / "seeds")},
            env_file=None,
        )
        articles = multihop_articles(args.corpus)[: args.limit]
        # Start-up is not indexing throughput: the model load, and the one-off import of the
        # chunker (llama-index, ~1.4 s), happen before the clock starts, as for the encoder.
        load_embedder(settings.embed_model)
        chunk_article(articles[0], settings.chunk_size, settings.chunk_overlap)
        report, seconds = timed(sync_articles, settings, articles, [])
        chunks = report.total_chunks
        results["index"] = {
            "articles": len(articles),
            "chunks": chunks,
            "seconds": seconds,
            "chunks_per_s": chunks / seconds,
        }

        # The bare encoder over exactly the stored chunk texts.
        generation = live_generation(settings.data_dir)
        assert generation is not None
        texts = [c.text for c in open_store(settings, generation).all_chunks()]
        embedder = load_embedder(settings.embed_model)
        bare = {}
        for batch in CALL_SIZES:
            started = time.perf_counter()
            for i in range(0, len(texts), batch):
                embedder.embed_passages(texts[i : i + batch])
            bare[batch] = len(texts) / (time.perf_counter() - started)
        best = max(bare.values())
        results["bare_encoder"] = {
            "chunks_per_s_by_batch": bare,
            "best": best,
            "news_qa_ratio": (chunks / seconds) / best,
        }

        # Updates: nothing changed; one article changed.
        _, noop = timed(sync_articles, settings, articles, [])
        changed = list(articles)
        first = changed[0]
        changed[0] = replace(
            first,
            text=first.text + "\nA correction was added.",
            content_hash=first.content_hash[::-1],
        )
        one, one_seconds = timed(sync_articles, settings, changed, [])
        results["update"] = {
            "noop_s": noop,
            "one_changed_s": one_seconds,
            "one_changed_chunks_embedded": one.chunks_embedded,
            "rebuild_s": seconds,
        }

        # Warm query latency.
        rows = [
            q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"
        ]
        rows = rows[: args.limit or QUERY_LIMIT]
        retrieve(rows[0]["query"], settings=settings)
        ask(rows[0]["query"], settings=settings)
        latency: dict[str, dict[str, float]] = {}
        for name, call in (
            ("retrieve", lambda q: retrieve(q, k=10, settings=settings)),
            (
                "retrieve_rerank20",
                lambda q: retrieve(q, k=10, settings=replace(settings, rerank_top=20)),
            ),
            ("ask", lambda q: ask(q, settings=settings)),
        ):
            call(rows[0]["query"])
            times = [timed(call, r["query"])[1] * 1000 for r in rows]
            latency[name] = {
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "n": len(times),
            }
        results["latency"] = latency
        results["peak_rss_mb_indexing_and_queries"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )

        # Cold start: a fresh `news-qa ask` process against this index.
        cli = Path(sys.executable).parent / "news-qa"
        env = {**os.environ, "NEWSQA_DATA_DIR": str(root / "data"), "HF_HUB_OFFLINE": "1"}
        subprocess.run([cli, "ask", rows[0]["query"]], env=env, capture_output=True, check=True)
        cold = []
        for _ in range(args.cold_runs):
            _, wall = timed(
                subprocess.run,
                [cli, "ask", "How many French troops are in Niger?"],
                env=env,
                capture_output=True,
                check=True,
            )
            cold.append(wall)
        results["cold_ask_s"] = {"p50": statistics.median(cold), "runs": cold}
        results["serving"] = serving_memory(
            Path(sys.executable).parent / "news-qa", env, [r["query"] for r in rows[:20]]
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "performance.json").write_text(json.dumps(results, indent=1))
    (args.out / "performance.md").write_text(markdown(results))
    print(markdown(results))


def proc_status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def serving_memory(cli: Path, env: dict[str, str], questions: list[str]) -> dict[str, float]:
    """RSS of a real `news-qa serve` process: after start-up (it warms up with one question)
    and after answering `questions` through the UI's /ask endpoint."""
    import socket

    from gradio_client import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [cli, "serve", "--port", str(port)],
        env={**env, "GRADIO_ANALYTICS_ENABLED": "False"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(1)
        started = proc_status_mb(server.pid, "VmRSS")
        times = [timed(client.predict, q, [], api_name="/ask")[1] * 1000 for q in questions]
        return {
            "rss_after_start_mb": started,
            "rss_after_questions_mb": proc_status_mb(server.pid, "VmRSS"),
            "peak_rss_mb": proc_status_mb(server.pid, "VmHWM"),
            "questions": len(questions),
            "ui_ask_p50_ms": statistics.median(times),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def markdown(r: dict) -> str:  # type: ignore[type-arg]
    i, b, u, lat = r["index"], r["bare_encoder"], r["update"], r["latency"]
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| full index | {i['articles']} articles, {i['chunks']} chunks in {i['seconds']:.1f} s "
        f"({i['chunks_per_s']:.1f} chunks/s) |",
        "| bare encoder, same chunks | "
        + ", ".join(
            f"{min(int(k), i['chunks'])} per call: {v:.1f}/s"
            for k, v in b["chunks_per_s_by_batch"].items()
        )
        + f"; news-qa = {b['news_qa_ratio']:.2f}x the best |",
        f"| update, nothing changed | {u['noop_s'] * 1000:.0f} ms |",
        f"| update, one article changed | {u['one_changed_s'] * 1000:.0f} ms, "
        f"{u['one_changed_chunks_embedded']} chunks embedded (rebuild: {u['rebuild_s']:.1f} s) |",
    ]
    for name, v in lat.items():
        lines.append(
            f"| {name} | p50 {v['p50_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms (n={v['n']}) |"
        )
    lines.append(f"| cold `news-qa ask` | p50 {r['cold_ask_s']['p50']:.2f} s |")
    lines.append(
        f"| peak RSS (indexing + queries) | {r['peak_rss_mb_indexing_and_queries']:.0f} MB |"
    )
    if "serving" in r:
        s = r["serving"]
        lines.append(
            f"| `news-qa serve` RSS | {s['rss_after_start_mb']:.0f} MB after start-up, "
            f"{s['rss_after_questions_mb']:.0f} MB after {s['questions']} questions "
            f"(peak {s['peak_rss_mb']:.0f} MB); /ask through the UI p50 "
            f"{s['ui_ask_p50_ms']:.0f} ms |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
