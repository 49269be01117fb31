"""Hostile requests against a served UI: forged file paths, loopback URLs, odd names."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from index.core.settings import Settings
from index.update.build import update_index
from tests.conftest import copy_seeds, make_settings
from tests.ui.browser import free_port
from ui.web.server import WebServer

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    root = tmp_path_factory.mktemp("security")
    copy_seeds(root)
    settings = make_settings(root, port=str(free_port()))
    update_index(settings)
    with WebServer(settings) as served:
        yield served.url, settings


def call(url: str, endpoint: str, data: list[object]) -> str:
    """Run an event through Gradio's HTTP API; returns the whole event stream text."""
    started = httpx.post(f"{url}/gradio_api/call/{endpoint}", json={"data": data}, timeout=30)
    if started.status_code != 200:
        return f"HTTP {started.status_code}: {started.text}"
    event = started.json()["event_id"]
    return httpx.get(f"{url}/gradio_api/call/{endpoint}/{event}", timeout=60).text


def file_data(path: str) -> dict[str, object]:
    return {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": Path(path).name}


def seeds_names(settings: Settings) -> set[str]:
    return {p.name for p in settings.seeds_dir.iterdir()}


def test_a_forged_path_to_a_system_file_is_refused(server):
    url, settings = server
    before = seeds_names(settings)
    stream = call(url, "upload", [[file_data("/etc/passwd")]])
    assert "event: error" in stream  # Gradio: "not uploaded by a user"
    assert seeds_names(settings) == before and "root:" not in stream


def test_a_loopback_url_is_never_fetched(server):
    url, settings = server
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"Secret story\n\nInternal only.\n")

        def log_message(self, *args: object) -> None:
            pass

    internal = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=internal.serve_forever, daemon=True).start()
    try:
        secret = f"http://127.0.0.1:{internal.server_address[1]}/secret.txt"
        before = seeds_names(settings)
        stream = call(url, "upload", [[{**file_data(secret), "url": secret}]])
        assert "event: error" in stream  # Gradio: "Hostname 127.0.0.1 failed validation"
        assert hits == [] and seeds_names(settings) == before
        assert "Secret story" not in stream
    finally:
        internal.shutdown()


def test_an_uploaded_file_with_a_climbing_name_lands_inside_seeds(server):
    url, settings = server
    files = {"files": ("../../escape.txt", b"Escape story\n\nIt stays in seeds.\n", "text/plain")}
    uploaded = httpx.post(f"{url}/gradio_api/upload", files=files, timeout=30)
    assert uploaded.status_code == 200
    stream = call(url, "upload", [[file_data(uploaded.json()[0])]])
    assert "saved as escape.txt" in stream
    assert (settings.seeds_dir / "escape.txt").is_file()
    assert not (settings.seeds_dir.parent.parent / "escape.txt").exists()


def test_oversized_and_binary_uploads_are_refused(server):
    url, settings = server
    big = {"files": ("big.txt", b"x" * 2_100_000, "text/plain")}
    assert httpx.post(f"{url}/gradio_api/upload", files=big, timeout=30).status_code == 413
    binary = {"files": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")}
    path = httpx.post(f"{url}/gradio_api/upload", files=binary, timeout=30).json()[0]
    stream = call(url, "upload", [[file_data(path)]])
    assert "binary file" in json.loads(stream.split("data: ", 1)[1].splitlines()[0])[0]
    assert not (settings.seeds_dir / "photo.txt").exists()
