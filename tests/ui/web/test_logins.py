"""Logins against a real server with NEWSQA_UI_AUTH: failed attempts slowed per client, the
cookies, and Gradio's open routes closed to anonymous callers."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import copy_seeds, make_settings
from tests.ui.browser import free_port
from ui.web.logins import LoginThrottle
from ui.web.server import WebServer

pytestmark = pytest.mark.server
PASSWORD = "long-secret"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("logins")
    copy_seeds(root)
    settings = make_settings(root, port=str(free_port()), ui_auth=f"ann:{PASSWORD}")
    with WebServer(settings) as server:
        yield server.url


def client(url: str, address: str) -> httpx.Client:
    """A client connecting from `address` (any 127.x address reaches the server on Linux);
    each test uses its own, as the server counts failures per client address."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=url, transport=transport, timeout=30)


def login(user: httpx.Client, password: str) -> httpx.Response:
    return user.post("/login", data={"username": "ann", "password": password})


def test_twenty_wrong_logins_are_slowed_and_another_client_is_not(guarded, caplog):
    caplog.set_level(logging.WARNING, logger="ui.web.logins")
    attacker = client(guarded, "127.0.0.2")
    statuses, seconds = [], []
    for i in range(20):
        started = time.perf_counter()
        statuses.append(login(attacker, f"guess-{i}").status_code)
        seconds.append(time.perf_counter() - started)
    print(f"20 wrong logins in {sum(seconds):.2f} s: " + ", ".join(f"{s:.2f}" for s in seconds))
    # Five free; the 6th and 7th held 1 s and 2 s; then the wait (4 s) is refused at once.
    assert statuses == [400] * 7 + [429] * 13
    # The hold counts from the last failure, recorded a moment before its answer was sent.
    assert max(seconds[:5]) < 0.5 and seconds[5] >= 0.9 and seconds[6] >= 1.9
    assert max(seconds[7:]) < 0.5
    held = login(attacker, PASSWORD)  # even the right password waits its turn
    assert held.status_code == 429 and "try again in" in held.json()["detail"]
    assert 3 <= int(held.headers["Retry-After"]) <= 4
    assert sum("failed login from 127.0.0.2" in r.message for r in caplog.records) == 7

    other = client(guarded, "127.0.0.3")
    started = time.perf_counter()
    assert login(other, PASSWORD).status_code == 200
    assert time.perf_counter() - started < 0.5


def test_attempts_sent_side_by_side_are_checked_one_at_a_time(guarded):
    from concurrent.futures import ThreadPoolExecutor

    attacker = client(guarded, "127.0.0.8")
    assert [login(attacker, "guess").status_code for _ in range(5)] == [400] * 5
    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(lambda i: login(attacker, f"guess-{i}").status_code, range(10)))
    assert sorted(statuses) == [400] + [429] * 9


def test_a_right_login_clears_the_count(guarded):
    user = client(guarded, "127.0.0.4")
    for round_ in range(3):
        for i in range(4):
            assert login(user, f"typo-{round_}-{i}").status_code == 400
        assert login(user, PASSWORD).status_code == 200


def test_routes_gradio_leaves_open_need_a_login(guarded):
    anonymous = client(guarded, "127.0.0.5")
    for path in ("/gradio_api/reset", "/gradio_api/cancel"):
        refused = anonymous.post(path, json={"event_id": "x", "session_hash": "y", "fn_index": 0})
        assert refused.status_code == 401, path
    for path in ("/openapi.json", "/gradio_api/heartbeat/x", "/gradio_api/app_id", "/docs"):
        assert anonymous.get(path).status_code == 401, path
    # The login page itself still loads.
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/config").status_code == 401  # Gradio's own check: the login form

    user = client(guarded, "127.0.0.6")
    assert login(user, PASSWORD).status_code == 200
    assert user.post("/gradio_api/reset", json={"event_id": "x"}).status_code != 401
    assert user.get("/gradio_api/app_id").status_code == 200


def test_session_cookies_are_samesite_and_secure_behind_https(guarded):
    plain = login(client(guarded, "127.0.0.7"), PASSWORD)
    cookies = plain.headers.get_list("set-cookie")
    assert len(cookies) == 2 and all("SameSite=lax" in c for c in cookies)
    unsecure = next(c for c in cookies if c.startswith("access-token-unsecure-"))
    assert "Secure" not in unsecure  # plain HTTP: a Secure cookie would not come back
    # Behind a TLS proxy on this machine (X-Forwarded-Proto from 127.0.0.1): both Secure.
    proxied = client(guarded, "127.0.0.1").post(
        "/login",
        data={"username": "ann", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert proxied.status_code == 200
    assert all("Secure" in c for c in proxied.headers.get_list("set-cookie"))


def test_the_throttle_doubles_the_wait_up_to_its_longest():
    now = [0.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(5):
        assert throttle.wait("a") == 0.0
        throttle.failed("a")
    waits = []
    for _ in range(12):
        waits.append(throttle.wait("a"))
        now[0] += waits[-1]
        throttle.failed("a")
    assert waits[:4] == [1.0, 2.0, 4.0, 8.0] and waits[-1] == LoginThrottle.LONGEST_WAIT
    assert throttle.wait("b") == 0.0
    throttle.succeeded("a")
    assert throttle.wait("a") == 0.0
