"""Indexing one very long one-line article: wall time, CPU time and peak memory (#16).

    python bench/long_article.py [--bytes 1990000] [--shape prose|run] [--out DIR]

Each measure is a real `news-qa index` process on a fresh data folder: first the seeds alone
(the idle baseline: the same command doing the same work without the long article), then the
seeds plus one generated article of --bytes on a single line. `prose` is the seeds' sentences
repeated with varied numbers; `run` a whitespace-free base64 blob between two sentences. Peak
RSS is the child's own (wait4); the article's cost is its peak above the baseline's. In this
process, the article is also cleaned and chunked alone, and its chunk texts embedded by the
bare encoder in one call: the chunker's share and the encoder's, the floor of the indexing
time. Writes long_article.json to --out (default bench/out).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.core.settings import Settings
from index.embed.embedder import load_embedder
from index.ingest.chunk import chunk_article
from index.ingest.clean import clean_article
from index.ingest.load import ArticleFile

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=1_990_000, help="the article's size")
    parser.add_argument("--shape", choices=("prose", "run"), default="prose")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    text = long_line(args.shape, args.bytes)
    root = Path(tempfile.mkdtemp(prefix="news-qa-long-"))
    try:
        shutil.copytree(ROOT / "seeds", root / "seeds")
        baseline = index_run(root, "baseline")
        (root / "seeds" / "long.txt").write_text(text, encoding="utf-8")
        with_article = index_run(root, "with-article")
    finally:
        shutil.rmtree(root)
    settings = Settings.load({}, env_file=None)
    # The chunker's imports (llama-index, punkt: seconds) are not the article's cost.
    chunk_article(clean_article(ArticleFile("warm.txt", "Warm up. " * 400, "0")), 256, 20)
    started = time.perf_counter()
    article = clean_article(ArticleFile("long.txt", text, "0"))
    chunks = chunk_article(article, settings.chunk_size, settings.chunk_overlap)
    chunked = time.perf_counter() - started
    encoder = load_embedder(settings.embed_model)
    started = time.perf_counter()
    encoder.embed_passages([c.text for c in chunks])
    result = {
        "shape": args.shape,
        "bytes": len(text.encode()),
        "lines": text.count("\n") + 1,
        "clean_and_chunk_s": round(chunked, 2),
        "article_chunks": len(chunks),
        "bare_encoder_s": round(time.perf_counter() - started, 1),
        "baseline": baseline,
        "with_article": with_article,
        "article_peak_above_baseline_mb": with_article["peak_rss_mb"] - baseline["peak_rss_mb"],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "long_article.json").write_text(json.dumps(result, indent=1))
    print(f"article: {result['bytes']:,} bytes on {result['lines']} line(s), {args.shape}")
    print(f"clean + chunk in this process: {result['clean_and_chunk_s']} s, {len(chunks)} chunks")
    print(f"the bare encoder over those chunks, in this process: {result['bare_encoder_s']} s")
    print("| run | wall s | CPU s | peak RSS MB | chunks |\n|---|---|---|---|---|")
    for run in (baseline, with_article):
        print(
            f"| {run['name']} | {run['wall_s']} | {run['cpu_s']} | {run['peak_rss_mb']} "
            f"| {run['chunks']} |"
        )
    print(f"article's peak above the baseline: {result['article_peak_above_baseline_mb']} MB")


def long_line(shape: str, size: int) -> str:
    """One line of about `size` bytes: the seeds' sentences with varied numbers, or a blob."""
    if shape == "run":
        digests = b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(size * 3 // 128))
        return f"A blob follows. {base64.b64encode(digests).decode()} That was the blob."
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sentences = [s.strip() for t in seeds for s in re.split(r"(?<=[.!?])\s+", t)]
    sentences = [s.replace("\n", " ") for s in sentences if len(s) > 40]
    parts: list[str] = []
    n = 0
    while n < size:
        parts.append(varied(sentences[len(parts) % len(sentences)], len(parts)))
        n += len(parts[-1].encode()) + 1
    return " ".join(parts)


def varied(sentence: str, salt: int) -> str:
    """`sentence` with its numbers changed by `salt`, so that the copies differ."""
    return re.sub(r"\d+", lambda m: str((int(m[0]) * 7 + salt) % 9973), sentence)


def index_run(root: Path, name: str) -> dict[str, object]:
    """`news-qa index` on a fresh data folder under `root`: wall and CPU time, peak RSS."""
    data = root / f"data-{name}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSQA_")},
        "NEWSQA_SEEDS_DIR": str(root / "seeds"),
        "NEWSQA_DATA_DIR": str(data),
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONPATH": str(ROOT),
    }
    log = root / f"{name}.log"
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "ui.cli.main", "index"], stdout=out, stderr=out, env=env
        )
        # wait4: this child's own peak RSS (RUSAGE_CHILDREN keeps the largest of all).
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    printed = log.read_text()
    if child.returncode != 0:
        raise SystemExit(f"news-qa index failed:\n{printed}")
    chunks = re.search(r"(\d+) in the index", printed)
    return {
        "name": name,
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": usage.ru_maxrss // 1024,
        "chunks": int(chunks[1]) if chunks else None,
    }


if __name__ == "__main__":
    main()
