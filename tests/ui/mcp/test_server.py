"""`news-qa mcp` as a real subprocess, driven by the official `mcp` SDK's stdio client."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

from index.core.settings import Settings
from qa import article_text
from tests.conftest import FRENCH_TROOPS, REPO

pytestmark = pytest.mark.server


def server_env(settings: Settings) -> dict[str, str]:
    return {
        "PYTHONPATH": str(REPO),
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "NEWSQA_SEEDS_DIR": str(settings.seeds_dir.resolve()),
        "NEWSQA_DATA_DIR": str(settings.data_dir.resolve()),
    }


@asynccontextmanager
async def mcp_session(settings: Settings, cwd: Path) -> AsyncIterator[ClientSession]:
    """A session with `python -m ui.cli.main mcp` (as an MCP client's config starts it)."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "ui.cli.main", "mcp"],
        env=server_env(settings),
        cwd=cwd,  # no stray .env
    )
    with (cwd / "server-stderr.log").open("w") as errors:
        async with (
            stdio_client(params, errlog=errors) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            yield session


def test_tools_resources_and_bad_calls_through_the_sdk_client(seeded: Settings, tmp_path: Path):
    """One server process (it loads the models once) for every call."""

    async def talk() -> None:
        async with mcp_session(seeded, tmp_path) as session:
            await tools_answer_with_their_sources(session, seeded)
            await bad_calls_are_errors_naming_the_fix(session)

    anyio.run(talk)


async def tools_answer_with_their_sources(session: ClientSession, seeded: Settings) -> None:
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert set(tools) == {"ask", "search", "list_articles"}
    assert "citations" in tools["ask"].output_schema["properties"]

    asked = await session.call_tool("ask", {"question": FRENCH_TROOPS})
    assert not asked.is_error
    answer = asked.structured_content
    assert re.search(r"1,?500", answer["text"]) and answer["grounded"] is True
    assert answer["short"] == "1500"
    assert answer["citations"]
    for c in answer["citations"]:
        assert f"[{c['n']}]" in answer["text"]
        cited = article_text(c["article_id"], settings=seeded)
        assert cited[c["start"] : c["end"]] == c["quote"]
        # The resource behind the citation is the same cleaned text.
        read = await session.read_resource(c["uri"])
        assert read.contents[0].text == cited
        assert read.contents[0].mime_type == "text/plain"
    # The text rendering, for clients that read only text, carries the sources too.
    text = asked.content[0].text
    first = answer["citations"][0]
    assert answer["text"] in text and "Sources:" in text
    assert f"{first['article_id']}, characters {first['start']}-{first['end']}" in text

    found = await session.call_tool("search", {"query": "French troops Niger", "k": 3})
    passages = found.structured_content["passages"]
    assert len(passages) == 3
    for p in passages:
        assert article_text(p["article_id"], settings=seeded)[p["start"] : p["end"]] == (p["text"])

    listed = (await session.call_tool("list_articles", {})).structured_content
    ids = sorted(a["article_id"] for a in listed["articles"])
    assert ids == sorted(p.name for p in seeded.seeds_dir.glob("*.txt"))
    assert {a["status"] for a in listed["articles"]} == {"indexed"}

    resources = (await session.list_resources()).resources
    assert sorted(r.name for r in resources) == ids
    assert all(str(r.uri).startswith("news-qa://article/") for r in resources)
    assert all(r.mime_type == "text/plain" and r.title for r in resources)


async def bad_calls_are_errors_naming_the_fix(session: ClientSession) -> None:
    for arguments, said in (
        ({"question": "   "}, "The question is empty - type a question"),
        ({"question": "Troops?", "since": "last week"}, "is not a date - use YYYY-MM-DD"),
        ({"question": "Troops?", "outlets": ["Nowhere"]}, "Indexed outlets: WION"),
    ):
        result = await session.call_tool("ask", arguments)
        assert result.is_error, arguments
        assert said in result.content[0].text, result.content[0].text
    wrong_k = await session.call_tool("search", {"query": "troops", "k": 0})
    assert wrong_k.is_error and "greater than or equal to 1" in wrong_k.content[0].text
    for uri in ("news-qa://article/nope.txt", "news-qa://article/..%2F..%2Fetc%2Fpasswd"):
        with pytest.raises(MCPError):
            await session.read_resource(uri)
    # The server is still there after all of them.
    assert not (await session.call_tool("list_articles", {})).is_error


def test_without_an_index_stdout_carries_only_protocol_messages(tmp_path: Path):
    """A raw client: every line the server writes to stdout is a JSON-RPC message; the
    missing index is said on stderr and in the tool's error."""
    settings = Settings.load(
        {"NEWSQA_SEEDS_DIR": str(tmp_path / "seeds"), "NEWSQA_DATA_DIR": str(tmp_path / "data")},
        env_file=None,
    )
    requests = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "raw-test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "ask", "arguments": {"question": FRENCH_TROOPS}},
        },
        {"jsonrpc": "2.0", "id": 3, "method": "resources/list", "params": {}},
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "ui.cli.main", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **server_env(settings)},
        cwd=tmp_path,
    )
    assert server.stdin is not None and server.stdout is not None
    watchdog = threading.Timer(120, server.kill)
    watchdog.start()
    try:
        server.stdin.write("".join(json.dumps(r) + "\n" for r in requests))
        server.stdin.flush()
        # Three answers (the notification has none), then end the session as a client does.
        lines = [server.stdout.readline() for _ in range(3)]
        server.stdin.close()
        lines += server.stdout.readlines()
        server.wait()
        assert server.stderr is not None
        stderr = server.stderr.read()
    finally:
        watchdog.cancel()
    assert server.returncode == 0, stderr
    messages = [json.loads(line) for line in lines if line]
    assert all(m["jsonrpc"] == "2.0" for m in messages)
    by_id = {m["id"]: m for m in messages}
    assert by_id[1]["result"]["serverInfo"]["name"] == "news-qa"
    ask = by_id[2]["result"]
    assert ask["isError"] is True
    assert "No index found" in ask["content"][0]["text"]
    assert "run: news-qa index" in ask["content"][0]["text"]
    assert by_id[3]["result"]["resources"] == []
    assert "No index found" in stderr
