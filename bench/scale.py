"""Query latency and memory at 1x, 10x and 50x the corpus's chunks, embedded store and server.

    python bench/scale.py [--corpus ../shared/bench/multihop-rag/corpus.json]
        [--queries ../shared/bench/multihop-rag/queries_dev.json] [--scales 1,10,50]
        [--stores embedded,server] [--queries-n 100] [--ask-n 20] [--limit N]
        [--sigma 0.01] [--out DIR]

How the bigger corpora are made: the corpus (its first --limit articles) is indexed once by
news-qa with the real encoder, recording every chunk's vector. At scale s the articles are
the corpus plus s-1 copies of each article (id `<id>-copy<k>`, title `<title> (copy <k>)`,
same text, a content hash of their own so each has its own text file) and they go through
news-qa's real ingest (`index.update.build.sync_articles`: chunking, Chroma, text files, BM25,
manifest). Only the encoder is replaced, in the build process: each chunk's vector is its 1x
vector (reused: not re-encoded), exact the first time a text is seen and with gaussian noise
(--sigma per dimension, then re-normalised) for every copy. So "build s" is not
encoder-bound: it is everything else ingest does at that size; the real 1x build time (with
the encoder) is reported beside it. Queries are embedded by the real model. Copies share
their original's text, so BM25 scores tie across copies and retrieval quality at scale is
not measured here; only time and memory.

Processes (this script with --worker): for each scale, one fresh process builds the index for
every store (the first one also builds the real 1x index); then, for each store, another
fresh process loads the two models, opens the engine and runs the first `retrieve()` (open
s: imports, model and punkt loads excluded; the store check's child process included), times
warm `retrieve(k=10)` over --queries-n queries (and its parts: query vector, vector search of
300 candidates, BM25) and extractive `ask()` over --ask-n, reading its own RSS
(/proc/self/status) after each step. The server store is a `chroma run` (as
tests/conftest.py's fixture) for the build, restarted for the queries
(NEWSQA_CHROMA_HOST/PORT), its RSS read too. Writes `scale.json` and `scale.md` to --out
(default bench/out). MultiHop-RAG: Tang & Yang 2024, ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from latency import percentile, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.core.settings import Settings
from index.embed.embedder import Embedder, ModelSpec
from index.ingest.article import Article
from qa.evaluate.benchmarks import multihop_articles
from tests.chroma_run import running_chroma

WORKERS = ("build", "query")
STORES = ("embedded", "server")


# ---- measuring -------------------------------------------------------------------------------


def status_mb(field: str, pid: int | str = "self") -> float:
    """A memory line of /proc/<pid>/status (VmRSS: now, VmHWM: peak) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int | str = "self") -> float:
    return status_mb("VmRSS", pid)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "mean_ms": statistics.fmean(ms),
        "n": len(ms),
    }


def instrument(
    owner: Any, name: str, steps: dict[str, dict[str, float]], label: str, memory: bool = False
) -> None:
    """Replace `owner.name` (a module function or a class's method) with a wrapper that adds
    its calls' seconds (and, with `memory`, the RSS they add) to steps[label]. Absent names
    (news-qa's internals move) are left alone: their step is missing from the results."""
    original = getattr(owner, name, None)
    if original is None:
        return
    steps.setdefault(label, {"s": 0.0, "calls": 0})

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = rss_mb() if memory else 0.0
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            step = steps.setdefault(label, {"s": 0.0, "calls": 0})
            step["s"] += time.perf_counter() - started
            step["calls"] += 1
            if memory:
                step["rss_added_mb"] = step.get("rss_added_mb", 0.0) + rss_mb() - before

    setattr(owner, name, wrapper)


def disk_mb(path: Path) -> float:
    """Space the files under `path` take on disk (allocated blocks)."""
    if not path.exists():
        return 0.0
    return sum(p.lstat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / 2**20


# ---- corpus, queries, settings -----------------------------------------------------------------


def scaled_articles(corpus: Path, limit: int | None, scale: int) -> list[Article]:
    """The corpus, then s-1 copies of each article: new id and title, same text."""
    base = multihop_articles(corpus)[:limit]
    articles = list(base)
    for k in range(1, scale):
        for a in base:
            articles.append(
                replace(
                    a,
                    article_id=f"{a.article_id}-copy{k}",
                    title=f"{a.title} (copy {k})",
                    content_hash=hashlib.sha256(f"{a.content_hash}:{k}".encode()).hexdigest(),
                )
            )
    return articles


def query_texts(path: Path, n: int) -> list[str]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r["query"] for r in rows if r["question_type"] != "null_query"][:n]


def worker_settings(data: Path, port: int | None) -> Settings:
    env = {"NEWSQA_DATA_DIR": str(data), "NEWSQA_SEEDS_DIR": str(data.parent / "seeds")}
    if port is not None:
        env.update({"NEWSQA_CHROMA_HOST": "127.0.0.1", "NEWSQA_CHROMA_PORT": str(port)})
    return Settings.load(env, env_file=None)


# ---- encoder stand-ins -------------------------------------------------------------------------


class RecordingEmbedder:
    """The real encoder, keeping every passage vector it returns (the 1x build)."""

    def __init__(self, real: Embedder) -> None:
        self.spec = real.spec
        self._real = real
        self.vectors: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return self._real.dimension

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vectors = self._real.embed_passages(texts)
        for text, vector in zip(texts, vectors, strict=True):
            self.vectors.setdefault(text, vector)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._real.embed_query(text)


class SyntheticEmbedder:
    """Passage vectors looked up by chunk text from the 1x build: exact the first time a text
    is asked for, with gaussian noise (then re-normalised) every later time (the copies)."""

    def __init__(self, texts: list[str], vectors: np.ndarray, sigma: float, seed: int) -> None:
        self.spec = ModelSpec("synthetic", "", "synthetic")
        self._row = {t: i for i, t in enumerate(texts)}
        self._vectors = vectors.astype(np.float32)
        self._seen: set[str] = set()
        self._sigma = sigma
        self._rng = np.random.default_rng(seed)
        self.seconds = 0.0

    @property
    def dimension(self) -> int:
        return int(self._vectors.shape[1])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            rows = [self._row[t] for t in texts]
        except KeyError as err:
            raise RuntimeError(f"no 1x vector for chunk text {str(err)[:60]}") from None
        out = self._vectors[rows].copy()
        copies = np.array([t in self._seen for t in texts], dtype=bool)
        self._seen.update(texts)
        if copies.any():
            noisy = out[copies] + self._rng.normal(
                0.0, self._sigma, (int(copies.sum()), out.shape[1])
            ).astype(np.float32)
            out[copies] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
        self.seconds += time.perf_counter() - started
        return out

    def embed_query(self, text: str) -> np.ndarray:
        raise RuntimeError("queries are embedded by the real model")


# ---- workers (each in a fresh process) ---------------------------------------------------------


def warm_imports() -> None:
    """Import and load what indexing and the engine use (chromadb, llama-index, BM25, the
    tokenizer, punkt), so no timed step pays a one-off load."""
    import bm25s  # noqa: F401
    import chromadb  # noqa: F401
    import Stemmer  # noqa: F401
    from llama_index.core.node_parser import SentenceSplitter  # noqa: F401
    from llama_index.core.utils import globals_helper

    from index.ingest.chunk import chunk_article

    text = "Warm up the tokenizer. And punkt, the sentence splitter."
    chunk_article(Article("warm-up", "Warm up", None, None, text, "0"), 256, 20)
    list(globals_helper.punkt_tokenizer.span_tokenize(text))


def use_encoder(embedder: Embedder) -> None:
    """Make news-qa's ingest in this process embed passages with `embedder`
    (index.update.generation looks its encoder up by name through `load_embedder`; the engine
    keeps the real one)."""
    import index.update.generation

    index.update.generation.load_embedder = lambda name: embedder  # type: ignore[assignment]


def reset_peak_rss() -> None:
    """Restart VmHWM from the current RSS (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def build_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Index the scaled corpus for each store through news-qa's ingest, with the synthetic
    encoder; first, when no vectors are saved yet, the 1x corpus with the real encoder."""
    import index.store.lexical
    import index.update.embedding
    import index.update.generation
    from index.embed.embedder import load_embedder
    from index.store.chroma import ChunkStore
    from index.update.build import sync_articles

    warm_imports()
    # Seconds summed over calls; the store writes and BM25 tokens run in the GenerationWriter's
    # writer thread, beside the chunking of the next group.
    steps: dict[str, dict[str, float]] = {}
    instrument(index.update.embedding, "chunk_article", steps, "chunk")
    instrument(ChunkStore, "delete_articles", steps, "store_delete")
    instrument(ChunkStore, "add_articles", steps, "store_add")
    instrument(ChunkStore, "all_chunks", steps, "store_all_chunks")
    instrument(
        getattr(index.store.lexical, "LexicalCorpus", None), "of_article", steps, "bm25_tokens"
    )
    instrument(index.update.generation, "save_bm25", steps, "bm25_index_save")
    result: dict[str, Any] = {}
    texts_file, vectors_file = args.vectors / "texts.json", args.vectors / "vectors.npy"
    if not vectors_file.exists():
        real = args.data / "real"
        settings = worker_settings(real, None)
        articles = multihop_articles(args.corpus)[: args.limit]
        recorder = RecordingEmbedder(load_embedder(settings.embed_model))  # load not timed
        use_encoder(recorder)
        report, seconds = timed(sync_articles, settings, articles, [])
        texts = list(recorder.vectors)
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        np.save(vectors_file, np.stack([recorder.vectors[t] for t in texts]))
        result["real_1x"] = {
            "articles": len(articles),
            "chunks": report.total_chunks,
            "build_s": seconds,
            "steps": dict(steps),
        }
        shutil.rmtree(real, ignore_errors=True)
    articles = scaled_articles(args.corpus, args.limit, args.scale)
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    vectors = np.load(vectors_file)
    for store in args.stores.split(","):
        steps.clear()
        settings = worker_settings(args.data / store, args.port if store == "server" else None)
        synthetic = SyntheticEmbedder(texts, vectors, args.sigma, seed=args.scale)
        use_encoder(synthetic)
        reset_peak_rss()
        start_rss = rss_mb()
        report, seconds = timed(sync_articles, settings, articles, [])
        result[store] = {
            "articles": len(articles),
            "chunks": report.total_chunks,
            "build_s": seconds,
            "build_steps": {**steps, "embed_synthetic": {"s": synthetic.seconds}},
            # The process's peak during this build, and its RSS when the build began (models,
            # imports and what earlier builds in this process left behind).
            "build_peak_rss_mb": status_mb("VmHWM"),
            "build_start_rss_mb": start_rss,
        }
    return result


def query_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Open the engine and time retrieve() and ask() on the built index."""
    import qa.engine.engine
    import qa.retrieval.stages
    from index.embed.embedder import load_embedder
    from index.store.chroma import ChunkStore
    from qa import ask, retrieve
    from qa.engine.cross_encoder import load_cross_encoder
    from qa.engine.engine import open_engine
    from qa.retrieval.config import RetrievalConfig

    settings = worker_settings(args.data, args.port)
    queries = query_texts(args.queries, args.queries_n)
    warm_imports()
    rss: dict[str, float] = {"imports": rss_mb()}
    load_embedder(settings.embed_model)
    load_cross_encoder(settings.reranker)
    rss["models"] = rss_mb()

    # Opening: the engine (store check, all chunks, BM25), term stats, the first vector search
    # (the HNSW index loads), the first retrieve(); each step's seconds and the RSS after it.
    inner: dict[str, dict[str, float]] = {}
    instrument(qa.engine.engine, "store_problem", inner, "store_check", memory=True)
    instrument(ChunkStore, "all_chunks", inner, "all_chunks", memory=True)
    instrument(qa.engine.engine, "load_lexical", inner, "bm25_load", memory=True)
    first = queries[0]
    opening: dict[str, dict[str, float]] = {}
    engine, seconds = timed(open_engine, settings)
    opening["open_engine"] = {"s": seconds, "rss_mb": rss_mb()}
    _, seconds = timed(lambda: getattr(engine, "term_stats", None))
    opening["term_stats"] = {"s": seconds, "rss_mb": rss_mb()}
    n = min(max(RetrievalConfig.of(settings).candidates, 30), engine.manifest.chunk_count)
    _, seconds = timed(lambda: engine.store.query(engine.embedder.embed_query(first), n))
    opening["first_vector_search"] = {"s": seconds, "rss_mb": rss_mb()}
    _, seconds = timed(retrieve, first, k=10, settings=settings)
    opening["first_retrieve"] = {"s": seconds, "rss_mb": rss_mb()}
    rss["open"] = rss_mb()
    server_rss: dict[str, float] = {}
    if args.server_pid:
        server_rss["open"] = rss_mb(args.server_pid)

    retrieve(first, k=10, settings=settings)
    inside: dict[str, dict[str, float]] = {}
    instrument(qa.retrieval.stages, "sentence_match", inside, "sentence_match")
    warm = [timed(retrieve, q, k=10, settings=settings)[1] * 1000 for q in queries]
    # Where a warm retrieve's time goes: the query vector, the vector search, BM25.
    parts: dict[str, list[float]] = {"embed_query": [], "vector_search": [], "bm25": []}
    for q in queries:
        vector, seconds = timed(engine.embedder.embed_query, q)
        parts["embed_query"].append(seconds * 1000)
        parts["vector_search"].append(timed(engine.store.query, vector, n)[1] * 1000)
        parts["bm25"].append(timed(engine.lexical.search, q, n)[1] * 1000)
    rss["queries"] = rss_mb()
    asks: list[float] = []
    if args.ask_n:
        ask(first, settings=settings)
        asks = [timed(ask, q, settings=settings)[1] * 1000 for q in queries[: args.ask_n]]
        rss["ask"] = rss_mb()
    if args.server_pid:
        server_rss["queries"] = rss_mb(args.server_pid)
    peak = status_mb("VmHWM")
    # How much of the RSS is memory freed but kept by the C allocator (glibc), e.g. after
    # chromadb's get of all chunks: returned to the system here, after every measurement.
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        rss["trimmed"] = rss_mb()
    except OSError:
        pass
    return {
        "chunks_in_store": engine.store.count(),
        "open_s": sum(step["s"] for step in opening.values()),
        "opening": opening,
        "open_inner": inner,
        "retrieve": summary(warm),
        "retrieve_parts": {k: summary(v) for k, v in parts.items() if v},
        # Mean ms per warm retrieve in the sentence bonus (its cache of each chunk's sentence
        # terms fills as queries touch new chunks).
        "retrieve_sentence_match_mean_ms": 1000
        * inside.get("sentence_match", {}).get("s", 0.0)
        / len(queries),
        "ask": summary(asks) if asks else None,
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "server_rss_mb": server_rss or None,
    }


# ---- the driver --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    port: int
    pid: int


@contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[Server]:
    """A `chroma run` on a free loopback port, persisting to `path` (as the tests' server)."""
    with running_chroma(path, log) as (port, pid):
        yield Server(port, pid)


def run_worker(
    args: argparse.Namespace,
    mode: str,
    data: Path,
    scale: int,
    stores: str,
    server: Server | None = None,
) -> dict[str, Any]:
    result = data.with_name(f"{data.name}.{mode}.json")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        mode,
        "--corpus",
        str(args.corpus),
        "--queries",
        str(args.queries),
        "--queries-n",
        str(args.queries_n),
        "--ask-n",
        str(args.ask_n),
        "--sigma",
        str(args.sigma),
        "--scale",
        str(scale),
        "--stores",
        stores,
        "--data",
        str(data),
        "--vectors",
        str(args.vectors),
        "--result",
        str(result),
    ]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    if server is not None:
        command += ["--port", str(server.port), "--server-pid", str(server.pid)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    _, seconds = timed(subprocess.run, command, check=True, env=env)
    print(f"  {mode} worker, {scale}x {stores}: {seconds:.1f} s", file=sys.stderr)
    return json.loads(result.read_text(encoding="utf-8"))


@contextmanager
def maybe_server(wanted: bool, path: Path) -> Iterator[Server | None]:
    if not wanted:
        yield None
        return
    with chroma_server(path, path.parent / "chroma-server.log") as server:
        yield server


def measure(
    args: argparse.Namespace, root: Path, scale: int, stores: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Build one scale for every store in one fresh process, then query each store in a fresh
    process of its own (a restarted Chroma server for the server store)."""
    folder = root / f"x{scale}"
    folder.mkdir()
    path = folder / "chroma-server"
    with maybe_server("server" in stores, path) as server:
        built = run_worker(args, "build", folder, scale, ",".join(stores), server)
        server_rss_after_build = rss_mb(server.pid) if server else None
    rows = []
    for store in stores:
        data = folder / store
        row: dict[str, Any] = {"scale": scale, "store": store, **built[store]}
        live = (data / "LIVE").read_text(encoding="utf-8").strip()
        row["disk_parts_mb"] = {
            p.name: disk_mb(p) for p in sorted((data / live).iterdir()) if p.is_dir()
        }
        row["disk_mb"] = disk_mb(data)
        if store == "server":
            row["server_disk_mb"] = disk_mb(path)
            row["disk_mb"] += row["server_disk_mb"]
            row["server_rss_after_build_mb"] = server_rss_after_build
        # A restarted server: its memory is what serving needs, not what the build left.
        with maybe_server(store == "server", path) as server:
            row.update(run_worker(args, "query", data, scale, store, server))
        rows.append(row)
    shutil.rmtree(folder, ignore_errors=True)
    return rows, built.get("real_1x")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path("../shared/bench/multihop-rag/corpus.json")
    )
    parser.add_argument(
        "--queries", type=Path, default=Path("../shared/bench/multihop-rag/queries_dev.json")
    )
    parser.add_argument("--scales", default="1,10,50", help="copies of the corpus, e.g. 1,10,50")
    parser.add_argument("--stores", default="embedded,server", help="embedded and/or server")
    parser.add_argument("--queries-n", type=int, default=100, help="queries timed per scale")
    parser.add_argument("--ask-n", type=int, default=20, help="ask() calls timed (0: none)")
    parser.add_argument("--limit", type=int, default=None, help="articles of the corpus to use")
    parser.add_argument("--sigma", type=float, default=0.01, help="noise on copies' vectors")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    hidden = argparse.SUPPRESS
    parser.add_argument("--worker", choices=WORKERS, help=hidden)
    parser.add_argument("--scale", type=int, default=1, help=hidden)
    parser.add_argument("--data", type=Path, help=hidden)
    parser.add_argument("--vectors", type=Path, help=hidden)
    parser.add_argument("--result", type=Path, help=hidden)
    parser.add_argument("--port", type=int, default=None, help=hidden)
    parser.add_argument("--server-pid", type=int, default=None, help=hidden)
    args = parser.parse_args()
    args.corpus, args.queries = args.corpus.resolve(), args.queries.resolve()
    return args


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = parse_args()
    if args.worker:
        work = {"build": build_worker, "query": query_worker}
        result = work[args.worker](args)
        args.result.write_text(json.dumps(result, indent=1), encoding="utf-8")
        return
    scales = [int(s) for s in args.scales.split(",")]
    stores = [s.strip() for s in args.stores.split(",")]
    unknown = [s for s in stores if s not in STORES]
    if unknown or not scales or min(scales) < 1:
        sys.exit(f"--scales are whole numbers >= 1; --stores from {', '.join(STORES)}")
    root = Path(tempfile.mkdtemp(prefix="news-qa-scale-"))
    args.vectors = root
    results: dict[str, Any] = {
        "config": {
            "corpus": str(args.corpus),
            "queries": str(args.queries),
            "limit": args.limit,
            "scales": scales,
            "stores": stores,
            "queries_n": args.queries_n,
            "ask_n": args.ask_n,
            "sigma": args.sigma,
            "vectors": "reused from the 1x build (copies: + gaussian noise, re-normalised)",
            "cpus": os.cpu_count(),
        },
        "real_1x_build": None,
        "rows": [],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for scale in scales:
            started = time.perf_counter()
            rows, real = measure(args, root, scale, stores)
            results["rows"] += rows
            results["real_1x_build"] = results["real_1x_build"] or real
            print(f"scale {scale}x: {time.perf_counter() - started:.0f} s", file=sys.stderr)
            # Written after every scale: a long run that fails later keeps what it measured.
            (args.out / "scale.json").write_text(json.dumps(results, indent=1))
            (args.out / "scale.md").write_text(markdown(results))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(markdown(results))


def markdown(r: dict[str, Any]) -> str:
    real = r["real_1x_build"]
    lines = [
        f"Real 1x build (bge-small encoder): {real['articles']} articles, {real['chunks']:,} "
        f"chunks in {real['build_s']:.1f} s. The scaled builds reuse those vectors (copies: + "
        f"N(0, {r['config']['sigma']}) noise), so their build s is everything but the encoder.",
        "",
        "| scale | store | chunks | build s | open s | retrieve p50 / p95 ms | ask p50 ms "
        "| RSS after open MB | server RSS MB | disk MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r["rows"]:
        ret, server = row["retrieve"], row["server_rss_mb"] or {}
        asked = f"{row['ask']['p50_ms']:.0f}" if row["ask"] else "-"
        served = f"{server['queries']:.0f}" if server else "-"
        lines.append(
            f"| {row['scale']}x | {row['store']} | {row['chunks']:,} | {row['build_s']:.1f} "
            f"| {row['open_s']:.2f} | {ret['p50_ms']:.1f} / {ret['p95_ms']:.1f} | {asked} "
            f"| {row['rss_mb']['open']:.0f} | {served} | {row['disk_mb']:.0f} |"
        )
    lines += [
        "",
        "Where the time goes (s, summed over calls; retrieve parts are p50 ms):",
        "",
        "| scale | store | build: chunk / store delete+add / BM25 tokens / BM25 index | open: "
        "check / all chunks / BM25 load / term stats / 1st vector search | retrieve parts: "
        "embed / vector / BM25 ms | RSS: models / open / queries / trimmed MB |",
        "|---|---|---|---|---|---|",
    ]
    for row in r["rows"]:
        b, i, o = row["build_steps"], row["open_inner"], row["opening"]
        parts, rss = row["retrieve_parts"], row["rss_mb"]
        lines.append(
            f"| {row['scale']}x | {row['store']} | {_s(b, 'chunk')} / "
            f"{_s(b, 'store_delete', 'store_add')} / {_s(b, 'bm25_tokens')} / "
            f"{_s(b, 'bm25_index_save')} | {_s(i, 'store_check')} / {_s(i, 'all_chunks')} / "
            f"{_s(i, 'bm25_load')} / {_s(o, 'term_stats')} / {_s(o, 'first_vector_search')} "
            f"| {_ms(parts, 'embed_query')} / {_ms(parts, 'vector_search')} / {_ms(parts, 'bm25')} "
            f"| {rss['models']:.0f} / {rss['open']:.0f} / {rss['queries']:.0f} / "
            f"{rss.get('trimmed', 0):.0f} |"
        )
    return "\n".join(lines) + "\n"


def _s(steps: dict[str, dict[str, float]], *names: str) -> str:
    return f"{sum(steps.get(n, {}).get('s', 0.0) for n in names):.2f}"


def _ms(parts: dict[str, dict[str, float]], name: str) -> str:
    return f"{parts[name]['p50_ms']:.1f}" if name in parts else "-"


if __name__ == "__main__":
    main()
