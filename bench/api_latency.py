"""Warm latency of a non-streamed extractive answer through `/v1/chat/completions` of a real
`news-qa serve`, and what HTTP adds over `ask()` in process: index the seeds into a temporary
folder, ask each held-out question once both ways to warm up, then time `--rounds` passes,
each question asked in process and then over HTTP (one at a time: they never share the
cores, and a change in the machine's load falls on both of a pair).

    python bench/api_latency.py [--rounds 5] [--questions tests/data/seed_questions.jsonl]

Targets (#17): /v1 p50 <= 150 ms, and /v1 p50 - ask() p50 <= 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from latency import percentile

from index.core.settings import Settings
from index.update.build import update_index
from qa import ask

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-key-0123456789abcdef"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/seed_questions.jsonl")
    args = parser.parse_args()
    lines = args.questions.read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"NEWSQA_SEEDS_DIR": str(ROOT / "seeds"), "NEWSQA_DATA_DIR": tmp}
        settings = Settings.load(env, env_file=None)
        update_index(settings)
        port = free_port()
        server = start_server(env, port, Path(tmp))
        try:
            url = f"http://127.0.0.1:{port}/v1/chat/completions"
            with httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=60) as client:

                def post(question: str) -> None:
                    body = {"model": "news-qa", "messages": [{"role": "user", "content": question}]}
                    client.post(url, json=body).raise_for_status()

                in_process, over_http = paired_rounds(
                    lambda q: ask(q, settings=settings), post, questions, args.rounds
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    for name, values in (("ask()", in_process), ("/v1", over_http)):
        p95 = percentile(values, 0.95)
        print(f"{name:6s} n={len(values)} p50 {statistics.median(values):.1f} ms  p95 {p95:.1f} ms")
    added = [http - direct for direct, http in zip(in_process, over_http, strict=True)]
    print(
        f"HTTP adds: p50 of the pairs {statistics.median(added):.1f} ms; "
        f"p50 /v1 - p50 ask() {statistics.median(over_http) - statistics.median(in_process):.1f} ms"
    )


Call = Callable[[str], object]


def paired_rounds(
    direct: Call, over_http: Call, questions: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Milliseconds of each question asked both ways, one right after the other (so a change
    in the machine's load falls on both), after one warm-up pass each way."""
    for question in questions:
        direct(question)
        over_http(question)
    pairs = []
    for _ in range(rounds):
        for question in questions:
            pairs.append((timed(direct, question), timed(over_http, question)))
    return [a for a, _ in pairs], [b for _, b in pairs]


def timed(call: Call, question: str) -> float:
    started = time.perf_counter()
    call(question)
    return (time.perf_counter() - started) * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, folder: Path) -> subprocess.Popen[bytes]:
    """`news-qa serve` over the same index, with a key and no rate limit; returns once it
    answers."""
    full = {
        **os.environ,
        **env,
        "PYTHONPATH": str(ROOT),
        "NEWSQA_API_KEYS": KEY,
        "NEWSQA_API_RATE": "0",
    }
    command = [sys.executable, "-m", "ui.cli.main", "serve", "--port", str(port)]
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(command, env=full, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=5)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"news-qa serve did not start: {(folder / 'serve.log').read_text()[-2000:]}")


if __name__ == "__main__":
    main()
