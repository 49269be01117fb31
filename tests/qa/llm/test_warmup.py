"""The local backend's requests ask llama.cpp to cache the prompt, and the warm-up runs one
short completion in a background thread (here against the scripted loopback server)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from index.core.settings import Settings
from qa.answer.prompt import SYSTEM_PROMPT, warmup_messages
from qa.llm.backends import WARMUP_TOKENS, start_warmup, stream_reply
from tests.conftest import make_settings
from tests.qa.llm.test_backends import closed_port
from tests.qa.llm_server import ScriptedLLM, scripted_server


def local_at(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> Settings:
    """NEWSQA_LLM=local with its llama.cpp server replaced by the server at `url`."""
    monkeypatch.setattr("qa.llm.local.gguf_path", lambda name, data_dir: tmp_path / "m.gguf")
    monkeypatch.setattr("qa.llm.local.local_server_url", lambda path: url)
    return make_settings(tmp_path, llm="local", llm_timeout="20")


def test_local_requests_ask_for_the_prompt_cache(monkeypatch, tmp_path: Path):
    script = ScriptedLLM("About 1500 [1].")
    with scripted_server(script) as url:
        settings = local_at(monkeypatch, tmp_path, f"{url}/v1")
        assert "".join(stream_reply(settings, [("user", "How many?")])) == "About 1500 [1]."
    body = script.requests[0]["body"]
    assert body["cache_prompt"] is True and body["model"] == "m"


def test_other_backends_send_no_llama_cpp_field(tmp_path: Path):
    script = ScriptedLLM("ok")
    with scripted_server(script) as url:
        settings = make_settings(
            tmp_path, llm="openai", llm_base_url=f"{url}/v1", llm_model="scripted"
        )
        "".join(stream_reply(settings, [("user", "How many?")]))
    assert "cache_prompt" not in script.requests[0]["body"]


def test_the_warmup_runs_the_fixed_system_prompt_once_in_a_thread(monkeypatch, tmp_path: Path):
    script = ScriptedLLM("ready")
    with scripted_server(script) as url:
        thread = start_warmup(local_at(monkeypatch, tmp_path, f"{url}/v1"), warmup_messages())
        assert thread is not None
        thread.join(20)
    assert not thread.is_alive() and thread.daemon
    (request,) = script.requests
    assert request["body"]["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert request["body"]["max_tokens"] == WARMUP_TOKENS and request["body"]["cache_prompt"]


def test_a_failed_warmup_is_logged_not_raised(monkeypatch, tmp_path: Path, caplog):
    settings = local_at(monkeypatch, tmp_path, f"http://127.0.0.1:{closed_port()}/v1")
    with caplog.at_level(logging.WARNING, logger="qa.llm.backends"):
        thread = start_warmup(settings, warmup_messages())
        assert thread is not None
        thread.join(30)
    assert "did not warm up: cannot reach the local LLM" in caplog.text


def test_no_warmup_without_the_local_model(tmp_path: Path):
    assert start_warmup(make_settings(tmp_path), warmup_messages()) is None
    openai = make_settings(tmp_path, llm="openai", llm_model="gpt-4o-mini")
    assert start_warmup(openai, warmup_messages()) is None
