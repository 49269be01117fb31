"""LLM failures carry what went wrong (`kind`) and the setting that fixes it, beside the message."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from index.core.errors import LLMError
from index.core.settings import Settings
from qa.llm.backends import explain_failure, stream_reply
from tests.conftest import make_settings
from tests.qa.llm_server import ScriptedLLM, scripted_server

MESSAGES = [("user", "How many French troops are in Niger?")]


def openai_at(tmp_path: Path, url: str, **extra: object) -> Settings:
    settings = make_settings(tmp_path)
    values: dict[str, object] = {"llm_timeout": 20, **extra}
    return replace(settings, llm="openai", llm_base_url=url, llm_model="scripted", **values)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def failure(settings: Settings) -> LLMError:
    with pytest.raises(LLMError) as caught:
        "".join(stream_reply(settings, MESSAGES))
    return caught.value


@pytest.mark.parametrize(
    ("status", "kind", "setting", "says"),
    [
        (401, "auth", "NEWSQA_LLM_API_KEY", "refused the API key - check NEWSQA_LLM_API_KEY"),
        (404, "model", "NEWSQA_LLM_MODEL", "has no model 'scripted' - check NEWSQA_LLM_MODEL"),
    ],
)
def test_a_refusing_server_names_the_setting(
    tmp_path: Path, status: int, kind: str, setting: str, says: str
):
    with scripted_server(ScriptedLLM("", status=status)) as url:
        settings = openai_at(tmp_path, f"{url}/v1", llm_api_key="wrong")
        err = failure(settings)
    assert (err.kind, err.setting) == (kind, setting)
    assert str(err) == f"the openai LLM at {url}/v1 {says}"


def test_a_closed_port_is_unreachable(tmp_path: Path):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    err = failure(openai_at(tmp_path, url))
    assert (err.kind, err.setting) == ("unreachable", "NEWSQA_LLM_BASE_URL")
    assert str(err) == (
        f"cannot reach the openai LLM at {url} - start it, or check NEWSQA_LLM_BASE_URL"
    )


class APITimeoutError(Exception):
    """Named like the OpenAI client's timeout (explain_failure reads the class name)."""


def test_a_timeout_and_an_unknown_failure(tmp_path: Path):
    settings = openai_at(tmp_path, "http://127.0.0.1:9/v1", llm_timeout=7)
    slow = explain_failure(settings, APITimeoutError("read timed out"))
    assert (slow.kind, slow.setting) == ("timeout", "NEWSQA_LLM_TIMEOUT")
    assert "did not answer within 7 s - raise NEWSQA_LLM_TIMEOUT" in str(slow)
    odd = explain_failure(settings, ValueError("bad JSON"))
    assert (odd.kind, odd.setting) == ("failed", "")
    assert str(odd) == "the openai LLM at http://127.0.0.1:9/v1 failed (ValueError: bad JSON)"
