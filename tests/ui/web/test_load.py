"""50 chat requests through gradio_client while the index updates; a full queue says busy."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index.update.build import update_index
from tests.conftest import FRENCH_TROOPS, copy_seeds, make_settings
from tests.ui.browser import free_port
from ui.web.app import build_app, queued
from ui.web.server import WebServer

pytestmark = [pytest.mark.slow, pytest.mark.server]


def answer_text(history: list[dict]) -> str:
    content = history[-1]["content"]
    return content if isinstance(content, str) else " ".join(p["text"] for p in content)


def test_fifty_requests_during_an_update_all_answered(tmp_path: Path):
    from gradio_client import Client

    copy_seeds(tmp_path)
    settings = make_settings(tmp_path, port=str(free_port()))
    update_index(settings)
    for i in range(8):
        (settings.seeds_dir / f"extra-{i}.txt").write_text(
            f"Extra story {i}\n\n" + f"The survey counted {i} herons on the Loire. " * 60
        )
    server = WebServer(settings).start()
    url = f"{server.url}/"
    times: list[float] = []
    errors: list[BaseException] = []

    def one(client: Client) -> None:
        started = time.perf_counter()
        try:
            history, *_ = client.predict(FRENCH_TROOPS, [], api_name="/ask")
            assert "1500" in answer_text(history)
        except BaseException as err:  # every failure counts
            errors.append(err)
        times.append(time.perf_counter() - started)

    try:
        updater = Client(url, verbose=False)
        update = threading.Thread(target=lambda: updater.predict(api_name="/update_index"))
        update.start()
        serial = Client(url, verbose=False)
        for _ in range(25):
            one(serial)
        clients = [Client(url, verbose=False) for _ in range(5)]
        with ThreadPoolExecutor(25) as pool:
            list(pool.map(one, [clients[i % 5] for i in range(25)]))
        update.join(timeout=300)
    finally:
        server.close()
    assert errors == [] and len(times) == 50
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"50 requests: p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s")
    assert {p.name for p in settings.seeds_dir.glob("extra-*.txt")} <= set(
        update_index(settings).unchanged
    )


def test_a_full_queue_answers_busy_at_once(seeded):
    from gradio_client import Client

    server = WebServer(seeded, port=free_port(), blocks=queued(build_app(seeded), max_size=1))
    server.start()
    port = server.port
    outcomes: list[tuple[str, float]] = []

    def one(_: int) -> None:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        started = time.perf_counter()
        try:
            client.predict(FRENCH_TROOPS, [], api_name="/ask")
            outcomes.append(("answered", time.perf_counter() - started))
        except Exception as err:
            outcomes.append((str(err), time.perf_counter() - started))

    try:
        with ThreadPoolExecutor(12) as pool:
            list(pool.map(one, range(12)))
    finally:
        server.close()
    busy = [t for what, t in outcomes if "full" in what.lower()]
    assert busy, outcomes
    assert max(busy) < 3.0  # refused at once, not after waiting
    assert any(what == "answered" for what, _ in outcomes)
