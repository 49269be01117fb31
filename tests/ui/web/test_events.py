"""API callers of a real server: left-out inputs take their defaults, and every error comes
with its message (Gradio sends `{"error": null}` for any exception but its own gr.Error)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from index.core.errors import IndexBusyError
from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS
from tests.ui.browser import free_port
from ui.web.server import WebServer

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def url(seeded: Settings) -> Iterator[str]:
    with WebServer(seeded, port=free_port()) as server:
        yield server.url


def events(url: str, endpoint: str, data: list[object]) -> list[tuple[str, object]]:
    """Run an event through Gradio's HTTP API: its (event, data) messages in order."""
    started = httpx.post(f"{url}/gradio_api/call/{endpoint}", json={"data": data}, timeout=30)
    assert started.status_code == 200, started.text
    stream = httpx.get(
        f"{url}/gradio_api/call/{endpoint}/{started.json()['event_id']}", timeout=120
    ).text
    messages = []
    for block in stream.strip().split("\n\n"):
        head, _, body = block.partition("\n")
        messages.append((head.removeprefix("event: "), json.loads(body.removeprefix("data: "))))
    return messages


def chat_reply(messages: list[tuple[str, object]]) -> str:
    kind, data = messages[-1]
    assert kind == "complete", messages[-1]
    assert isinstance(data, list)
    content = data[0][-1]["content"]
    return content if isinstance(content, str) else " ".join(p["text"] for p in content)


def test_a_call_with_only_the_question_is_answered(url):
    assert "1500" in chat_reply(events(url, "ask", [FRENCH_TROOPS]))
    assert "question is empty" in chat_reply(events(url, "ask", []))


def test_an_input_that_cannot_be_read_is_said(url):
    kind, data = events(url, "ask", [FRENCH_TROOPS, "not a list of messages"])[-1]
    assert kind == "error" and isinstance(data, dict)
    assert "could not be read" in data["error"] and "valid list" in data["error"]
    kind, data = events(url, "ask", [FRENCH_TROOPS, [{"role": "user", "content": "hi"}]])[-1]
    assert kind == "error" and isinstance(data, dict) and "(at 0.content)" in data["error"]


def test_errors_of_a_handler_reach_the_caller(url, monkeypatch, caplog):
    def busy(settings: Settings, progress: object = None) -> str:
        raise IndexBusyError("The index is being updated by pid 7 - wait", data_dir="d", holder="7")

    monkeypatch.setattr("ui.web.articles_tab.update_articles", busy)
    kind, data = events(url, "update_index", [])[-1]
    assert kind == "error" and isinstance(data, dict)
    assert data["error"] == "The index is being updated by pid 7 - wait"

    def broken(settings: Settings, progress: object = None) -> str:
        raise RuntimeError("compaction failed in /srv/secret/gen-7")

    monkeypatch.setattr("ui.web.articles_tab.update_articles", broken)
    caplog.set_level(logging.ERROR, logger="ui.web.events")
    kind, data = events(url, "update_index", [])[-1]
    assert kind == "error" and isinstance(data, dict)
    assert "Something went wrong on the server (RuntimeError" in data["error"]
    assert "/srv/secret" not in data["error"]  # the details stay in the server's log
    assert any("compaction failed" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
