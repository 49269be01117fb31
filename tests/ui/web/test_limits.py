"""Request limits against a real `news-qa serve` process: a 100 MB chat history is refused
before it is read and the server's memory stays flat; a long conversation is refused with
the setting that allows it."""

from __future__ import annotations

import json
import os
import re
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS, REPO
from tests.ui.browser import free_port, wait_for

pytestmark = pytest.mark.server
HUNDRED_MB = 100_000_000


@pytest.fixture(scope="module")
def serving(
    seeded: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, int]]:
    """`news-qa serve` over the seeded index: (port, pid)."""
    cwd = tmp_path_factory.mktemp("serve")  # no .env here
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "NEWSQA_DATA_DIR": str(seeded.data_dir),
        "NEWSQA_SEEDS_DIR": str(seeded.seeds_dir),
        "NEWSQA_MAX_HISTORY_MESSAGES": "20",
    }
    log = (cwd / "serve.log").open("w")
    command = [sys.executable, "-m", "ui.cli.main", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _up(port), timeout=180, what="news-qa serve")
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the peak) of a process, in kB."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in lines)
    return {key: int(fields[key].split()[0]) for key in ("VmRSS", "VmHWM")}


def history_body() -> tuple[bytes, bytes, int]:
    """The start of a 100 MB `/ask` call (a question and a huge chat history), one message to
    repeat, and how many times to make 100 MB."""
    head = json.dumps({"data": [FRENCH_TROOPS, []]})[:-3].encode()  # up to the history's [
    message = json.dumps({"role": "user", "content": "word " * 2_000}).encode() + b","
    return head, message, HUNDRED_MB // len(message)


def post_head(port: int, extra: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        f"POST /gradio_api/call/ask HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\n{extra}\r\n".encode()
    )
    return sock


def read_reply(sock: socket.socket) -> str:
    """The whole answer, headers and body (they can come in separate packets): read until
    its Content-Length is in, or the server closes the connection."""
    received = b""
    while True:
        head, _, body = received.partition(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        if length and len(body) >= int(length[1]):
            return received.decode()
        try:
            part = sock.recv(65_536)
        except ConnectionResetError:  # closed with the upload still coming in
            return received.decode()
        if not part:
            return received.decode()
        received += part


def test_a_100_mb_history_is_refused_before_it_is_read(serving):
    port, pid = serving
    before = memory_kb(pid)
    head, message, count = history_body()
    # Declared: the answer comes on the headers, before any of the 100 MB is sent.
    started = time.perf_counter()
    with post_head(port, f"Content-Length: {len(head) + count * len(message)}\r\n") as sock:
        reply = read_reply(sock)
    declared_seconds = time.perf_counter() - started
    assert reply.startswith("HTTP/1.1 413") and "NEWSQA_MAX_REQUEST_BYTES" in reply
    # Streamed without a length: cut once past the limit (4 MB by default).
    sent = 0
    with post_head(port, "Transfer-Encoding: chunked\r\n") as sock:
        body = head + message * 50
        chunk = b"%x\r\n" % len(body) + body + b"\r\n"
        # poll, not select: select() fails on a descriptor numbered 1024 or more, which a
        # long test session reaches.
        answered = select.poll()
        answered.register(sock, select.POLLIN)
        while sent < HUNDRED_MB and not answered.poll(0):
            sock.sendall(chunk)
            sent += len(chunk)
        reply = read_reply(sock)
    assert reply.startswith("HTTP/1.1 413") and sent < 20_000_000
    after = memory_kb(pid)
    print(
        f"100 MB history: 413 in {declared_seconds * 1000:.0f} ms (declared), after "
        f"{sent / 1e6:.1f} MB (streamed); server RSS {before['VmRSS'] / 1024:.0f} -> "
        f"{after['VmRSS'] / 1024:.0f} MB, peak {before['VmHWM'] / 1024:.0f} -> "
        f"{after['VmHWM'] / 1024:.0f} MB"
    )
    assert declared_seconds < 2.0
    assert after["VmHWM"] - before["VmHWM"] < 50_000 and after["VmRSS"] - before["VmRSS"] < 50_000


def test_a_long_conversation_is_refused_with_the_setting_that_allows_it(serving):
    port, _ = serving
    url = f"http://127.0.0.1:{port}/gradio_api/call/ask"

    def said(role: str, text: str) -> dict[str, object]:
        return {"role": role, "content": [{"type": "text", "text": text}]}

    turn = [said("user", "And then?"), said("assistant", "Yes.")]
    for history, setting in (
        (turn * 15, "NEWSQA_MAX_HISTORY_MESSAGES"),
        ([said("user", "word " * 100_000)], "NEWSQA_MAX_HISTORY_CHARS"),
    ):
        started = httpx.post(url, json={"data": [FRENCH_TROOPS, history]}, timeout=30)
        stream = httpx.get(f"{url}/{started.json()['event_id']}", timeout=60).text
        last = json.loads(stream.strip().rsplit("data: ", 1)[1])
        reply = last[0][-1]["content"][0]["text"].replace("\\", "")  # Markdown escapes
        assert "conversation is too long" in reply and setting in reply
