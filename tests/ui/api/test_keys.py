"""Who may call the API: keys compared against every key, the rate limit per key (a real
server), the API without keys (loopback only, closed behind the page's logins), a bind beyond
loopback refused at start, and the service answering 503 until there is an index."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from index.core.errors import ConfigError
from tests.conftest import FRENCH_TROOPS, REPO, make_settings
from tests.ui.api.conftest import KEY, OTHER_KEY
from tests.ui.browser import free_port
from ui.api.keys import ApiAccess, ApiKeys, check_bind, is_loopback
from ui.web.server import WebServer

THIRD_KEY = "test-key-three-0123456789abcdef"


def scope(host: str = "127.0.0.1:7860", client: str = "127.0.0.1", **headers: str) -> Any:
    raw = [(b"host", host.encode())] + [
        (k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()
    ]
    return {"type": "http", "path": "/v1/models", "headers": raw, "client": (client, 5000)}


def test_a_key_is_matched_against_every_key():
    keys = ApiKeys([KEY, OTHER_KEY])
    assert keys.match(KEY) == 0 and keys.match(OTHER_KEY) == 1
    assert keys.match(KEY[:-1]) is None and keys.match(KEY + " ") is None
    assert keys.match("") is None and keys.match("ключ-" * 5) is None
    assert not ApiKeys([])


def test_keys_and_rate_are_settings_checked_at_load(tmp_path):
    settings = make_settings(tmp_path, api_keys=f" {KEY} , {OTHER_KEY},", api_rate="5")
    assert settings.api_keys == (KEY, OTHER_KEY) and settings.api_rate == 5
    for bad in ("short", f"{KEY},with space in it 0123456789"):
        with pytest.raises(ConfigError) as refused:
            make_settings(tmp_path, api_keys=bad)
        assert refused.value.setting == "NEWSQA_API_KEYS" and "token_urlsafe" in str(refused.value)
    with pytest.raises(ConfigError):
        make_settings(tmp_path, api_rate="-1")


def test_a_bind_beyond_loopback_needs_keys(tmp_path):
    plain = make_settings(tmp_path)
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert is_loopback(host)
        check_bind(plain, host)
    for host in ("0.0.0.0", "::", "192.168.1.20", "news.example.org"):
        assert not is_loopback(host)
        with pytest.raises(ConfigError) as refused:
            check_bind(plain, host)
        assert refused.value.setting == "NEWSQA_API_KEYS"
        check_bind(make_settings(tmp_path, api_keys=KEY), host)


def test_serve_on_every_address_without_keys_refuses_to_start(tmp_path):
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli.main", "serve", "--host", "0.0.0.0", "--port", "1"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "NEWSQA_API_KEYS" in run.stderr
    assert "127.0.0.1" in run.stderr and "NEWSQA_UI_AUTH" in run.stderr
    assert time.perf_counter() - started < 60  # refused before any model loads


def test_without_keys_only_this_machine_is_served(tmp_path):
    access = ApiAccess(make_settings(tmp_path))
    assert access.refusal(scope()) is None
    assert access.refusal(scope("localhost:7860")) is None
    assert access.refusal(scope("[::1]:7860", "::1")) is None
    for refused in (
        scope("news.example.org"),  # a proxy passing on the public name
        scope(client="192.168.1.7"),
        scope(x_forwarded_for="203.0.113.9"),
    ):
        err = access.refusal(refused)
        assert err is not None and err.status == 401 and "NEWSQA_API_KEYS" in err.message


def test_behind_the_pages_logins_the_api_needs_keys(tmp_path):
    closed = ApiAccess(make_settings(tmp_path, ui_auth="ann:secret-1"))
    err = closed.refusal(scope())
    assert err is not None and err.code == "api_closed" and "NEWSQA_API_KEYS" in err.message
    keyed = ApiAccess(make_settings(tmp_path, ui_auth="ann:secret-1", api_keys=KEY))
    assert keyed.refusal(scope(authorization=f"Bearer {KEY}")) is None


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with two keys held to 3 requests a minute, behind page logins, no index."""
    root = tmp_path_factory.mktemp("limited")
    (root / "seeds").mkdir()
    settings = make_settings(
        root,
        api_keys=f"{KEY},{OTHER_KEY},{THIRD_KEY}",
        api_rate="3",
        ui_auth="ann:secret-1",
        port=str(free_port()),
    )
    with WebServer(settings) as server:
        yield server.url


def test_a_key_over_its_rate_is_told_when_to_come_back(limited):
    def models(key: str) -> httpx.Response:
        return httpx.get(f"{limited}/v1/models", headers={"Authorization": f"Bearer {key}"})

    assert [models(KEY).status_code for _ in range(3)] == [200, 200, 200]
    over = models(KEY)
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limit_exceeded"
    assert 1 <= int(over.headers["Retry-After"]) <= 60
    assert "NEWSQA_API_RATE" in over.json()["error"]["message"]
    assert models(OTHER_KEY).status_code == 200  # each key has its own count
    # The page's login does not stand in the API's way, nor the API in the page's.
    assert httpx.get(f"{limited}/gradio_api/info").status_code == 401


def test_without_an_index_questions_get_503_naming_the_fix(limited):
    headers = {"Authorization": f"Bearer {THIRD_KEY}"}  # its own 3 requests a minute
    chat = {"model": "news-qa", "messages": [{"role": "user", "content": FRENCH_TROOPS}]}
    for path, body in (("/v1/chat/completions", chat), ("/api/ask", {"question": FRENCH_TROOPS})):
        response = httpx.post(f"{limited}{path}", json=body, headers=headers, timeout=60)
        assert response.status_code == 503, response.text
        error = response.json()["error"]
        assert error["code"] == "index_missing" and "news-qa index" in error["message"]
