"""The plain llama-index pipeline a user would write from its docs, on the MultiHop-RAG corpus.

    python bench/llamaindex_baseline.py [--corpus ../shared/bench/multihop-rag/corpus.json]
        [--queries ../shared/bench/multihop-rag/queries_dev.json] [--limit N]
        [--chunk-size 256] [--chunk-overlap 20] [--batch-sizes 10,256] [--out DIR]

Each article becomes a .txt file in a temporary folder (not timed); then, timed end to end:
`SimpleDirectoryReader` (metadata title/source/published_at through `file_metadata`) ->
`SentenceSplitter(chunk_size, chunk_overlap)` -> `VectorStoreIndex.from_documents` into a
`ChromaVectorStore` on a fresh `chromadb.PersistentClient`. The embedding model is news-qa's
own encoder (`index.embed.embedder.load_embedder`, loaded before timing) behind a llama-index
`BaseEmbedding`, so the comparison with bench/performance.py measures pipeline overhead, not
model speed; the time spent inside the encoder is reported apart. One index per
`embed_batch_size` (the first one, llama-index's default 10, is what a user gets); warm
`as_retriever(similarity_top_k=10).retrieve(q)` latency and retrieval metrics on the first
index over the non-null dev queries (--limit of them, else 200). `Settings.llm = None`: no
network. The defaults 256/20 are news-qa's (and the MultiHop-RAG paper's 256-token chunks);
llama-index's own defaults are 1024/200. Writes `llamaindex_baseline.json` and
`llamaindex_baseline.md` to --out (default bench/out). MultiHop-RAG: Tang & Yang 2024,
ODC-BY 1.0.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from latency import percentile
from llama_index.core import Settings as LlamaSettings
from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from llama_index.core.node_parser import SentenceSplitter
from llama_index.vector_stores.chroma import ChromaVectorStore
from pydantic import PrivateAttr

from index.core.settings import Settings
from index.embed.embedder import Embedder, load_embedder
from qa.evaluate.metrics import mean_scores, score_query

QUERY_LIMIT = 200
DEFAULT_BATCH = 10  # llama-index's DEFAULT_EMBED_BATCH_SIZE


class NewsQAEmbedding(BaseEmbedding):
    """news-qa's encoder as a llama-index embedding model; counts what it is asked to embed."""

    _embedder: Embedder = PrivateAttr()
    _seconds: float = PrivateAttr(default=0.0)
    _texts: int = PrivateAttr(default=0)
    _chars: int = PrivateAttr(default=0)
    _calls: int = PrivateAttr(default=0)

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.spec.name, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "NewsQAEmbedding"

    def counters(self) -> dict[str, float]:
        """Passage embedding so far: encoder seconds, texts, characters, calls."""
        return {
            "seconds": self._seconds,
            "texts": self._texts,
            "chars": self._chars,
            "calls": self._calls,
        }

    def _passages(self, texts: list[str]) -> list[Embedding]:
        started = time.perf_counter()
        vectors: np.ndarray = self._embedder.embed_passages(texts)
        self._seconds += time.perf_counter() - started
        self._texts += len(texts)
        self._chars += sum(len(t) for t in texts)
        self._calls += 1
        return [[float(x) for x in row] for row in vectors]

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._passages([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self._passages(texts)

    def _get_query_embedding(self, query: str) -> Embedding:
        return [float(x) for x in self._embedder.embed_query(query)]

    async def _aget_text_embedding(self, text: str) -> Embedding:
        return self._get_text_embedding(text)

    async def _aget_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self._get_text_embeddings(texts)

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)


def write_articles(corpus: list[dict[str, Any]], folder: Path) -> dict[str, dict[str, str]]:
    """One .txt file per article (text = body); the metadata each file name maps to."""
    folder.mkdir(parents=True)
    metadata = {}
    for n, item in enumerate(corpus):
        name = f"{n:04d}.txt"
        (folder / name).write_text(item["body"], encoding="utf-8")
        metadata[name] = {
            "title": item.get("title") or "",
            "source": item.get("source") or "",
            "published_at": item.get("published_at") or "",
        }
    return metadata


def build(
    folder: Path,
    metadata: dict[str, dict[str, str]],
    chroma_dir: Path,
    embed_model: NewsQAEmbedding,
    chunk_size: int,
    chunk_overlap: int,
) -> tuple[VectorStoreIndex, dict[str, float]]:
    """Read -> split -> embed -> store, as the llama-index and Chroma docs show it; timed."""
    started = time.perf_counter()
    documents = SimpleDirectoryReader(
        input_dir=str(folder), file_metadata=lambda path: metadata[Path(path).name]
    ).load_data()
    read_s = time.perf_counter() - started
    client = chromadb.PersistentClient(
        path=str(chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    # embedding_function=None: Chroma's default would fetch a model on first use; the
    # vector store always passes vectors, so nothing else changes.
    collection = client.create_collection("news", embedding_function=None)
    storage_context = StorageContext.from_defaults(
        vector_store=ChromaVectorStore(chroma_collection=collection)
    )
    vector_index = VectorStoreIndex.from_documents(
        documents,
        storage_context=storage_context,
        embed_model=embed_model,
        transformations=[SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)],
    )
    seconds = time.perf_counter() - started
    embedded = embed_model.counters()
    chunks = collection.count()
    return vector_index, {
        "documents": len(documents),
        "chunks": chunks,
        "seconds": seconds,
        "chunks_per_s": chunks / seconds,
        "read_s": read_s,
        "encoder_s": embedded["seconds"],
        "overhead_s": seconds - embedded["seconds"],
        "encoder_calls": embedded["calls"],
        "embedded_chars_per_chunk": embedded["chars"] / max(embedded["texts"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path("../shared/bench/multihop-rag/corpus.json")
    )
    parser.add_argument(
        "--queries", type=Path, default=Path("../shared/bench/multihop-rag/queries_dev.json")
    )
    parser.add_argument("--limit", type=int, default=None, help="articles and queries to use")
    parser.add_argument("--chunk-size", type=int, default=256)
    parser.add_argument("--chunk-overlap", type=int, default=20)
    parser.add_argument(
        "--batch-sizes",
        default=f"{DEFAULT_BATCH},256",
        help="embed_batch_size values, one index each; queries run on the first",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    LlamaSettings.llm = None  # llama-index would otherwise default to OpenAI

    settings = Settings.load({}, env_file=None)
    corpus = json.loads(args.corpus.read_text(encoding="utf-8"))[: args.limit]
    rows = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    rows = rows[: args.limit or QUERY_LIMIT]
    embedder = load_embedder(settings.embed_model)  # model load is not indexing throughput
    root = Path(tempfile.mkdtemp(prefix="news-qa-llamaindex-"))
    results: dict[str, Any] = {
        "embed_model": settings.embed_model,
        "chunk_size": args.chunk_size,
        "chunk_overlap": args.chunk_overlap,
        "articles": len(corpus),
    }
    try:
        metadata = write_articles(corpus, root / "articles")
        runs: dict[str, dict[str, float]] = {}
        for n, batch in enumerate(batch_sizes):
            embed_model = NewsQAEmbedding(embedder, embed_batch_size=batch)
            vector_index, runs[str(batch)] = build(
                root / "articles",
                metadata,
                root / f"chroma-{n}",
                embed_model,
                args.chunk_size,
                args.chunk_overlap,
            )
            if n == 0:
                results["latency"], results["retrieval"] = query(vector_index, rows)
            del vector_index
        results["index_by_batch"] = runs
        results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        shutil.rmtree(root, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "llamaindex_baseline.json").write_text(json.dumps(results, indent=1))
    (args.out / "llamaindex_baseline.md").write_text(markdown(results))
    print(markdown(results))


def query(
    vector_index: VectorStoreIndex, rows: list[dict[str, Any]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Warm retrieve latency (top 10) and the MultiHop-RAG metrics of what it returned."""
    retriever = vector_index.as_retriever(similarity_top_k=10)
    retriever.retrieve(rows[0]["query"])  # warm-up
    times, scores = [], []
    for row in rows:
        started = time.perf_counter()
        found = retriever.retrieve(row["query"])
        times.append((time.perf_counter() - started) * 1000)
        texts = [hit.node.get_content() for hit in found]
        scores.append(score_query(texts, [e["fact"] for e in row["evidence_list"]]))
    latency = {
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "n": len(times),
    }
    return latency, mean_scores(scores)


def markdown(r: dict[str, Any]) -> str:
    runs, lat, ret = r["index_by_batch"], r["latency"], r["retrieval"]
    lines = [
        f"llama-index + Chroma, news-qa's encoder ({r['embed_model']}), "
        f"SentenceSplitter({r['chunk_size']}, {r['chunk_overlap']}), {r['articles']} articles",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    for batch, i in runs.items():
        lines.append(
            f"| index, embed_batch_size={batch} | {i['chunks']} chunks in {i['seconds']:.1f} s "
            f"({i['chunks_per_s']:.1f} chunks/s); encoder {i['encoder_s']:.1f} s in "
            f"{i['encoder_calls']} calls, the rest {i['overhead_s']:.1f} s "
            f"(read {i['read_s']:.2f} s); {i['embedded_chars_per_chunk']:.0f} chars "
            "embedded per chunk |"
        )
    lines.append(
        f"| retrieve (top 10) | p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms "
        f"(n={lat['n']}) |"
    )
    lines.append(
        f"| retrieval, indexed articles only | Hits@10 {ret['Hits@10']:.3f}, "
        f"MRR@10 {ret['MRR@10']:.3f}, MAP@10 {ret['MAP@10']:.3f} |"
    )
    lines.append(f"| peak RSS | {r['peak_rss_mb']:.0f} MB |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
