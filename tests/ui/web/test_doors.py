"""The server's doors against a real server: the Host names it answers to, the pages that may
send changes, CORS, request sizes, and the seeds folder's bin."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from index.core.settings import Settings
from index.ingest.seeds import remove_article_file
from tests.conftest import copy_seeds, make_settings
from tests.ui.browser import free_port
from ui.web.doors import HostNames
from ui.web.server import WebServer

pytestmark = pytest.mark.server
STORY = b"Harbour story\n\nThe harbour reopened on Monday.\n"


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """A server over a copy of the seeds (no index: nothing here asks a question)."""
    root = tmp_path_factory.mktemp("doors")
    copy_seeds(root)
    settings = make_settings(
        root,
        port=str(free_port()),
        allowed_hosts="news.example.org",
        max_request_bytes="100000",
    )
    with WebServer(settings) as server:
        yield server.url, settings


def upload(url: str, name: str, headers: dict[str, str]) -> httpx.Response:
    files = {"files": (name, STORY, "text/plain")}
    return httpx.post(f"{url}/gradio_api/upload", files=files, headers=headers, timeout=30)


def test_a_host_the_server_does_not_know_is_refused(door):
    url, _ = door
    port = urlsplit(url).port
    # DNS rebinding: evil.example resolves to 127.0.0.1, the browser still sends its name.
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example"):
        for path in ("/", "/config", "/gradio_api/info"):
            refused = httpx.get(f"{url}{path}", headers={"Host": host}, timeout=30)
            assert refused.status_code == 400, (host, path)
            assert "NEWSQA_ALLOWED_HOSTS" in refused.json()["detail"]
    rebound = upload(url, "rebound.txt", {"Host": "evil.example", "Origin": "http://evil.example"})
    assert rebound.status_code == 400
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "news.example.org", "[::1]"):
        assert httpx.get(f"{url}/", headers={"Host": host}, timeout=30).status_code == 200, host


def test_changes_sent_from_another_page_are_refused(door):
    url, settings = door
    port = urlsplit(url).port or 0
    foreign = ["http://evil.example", f"http://localhost:{port + 1}", "null"]
    foreign.append(f"http://127.0.0.1:{port + 1}")
    for origin in foreign:
        refused = upload(url, "forged.txt", {"Origin": origin})
        assert refused.status_code == 403, origin
        assert "only this server's own pages" in refused.json()["detail"]
        joined = httpx.post(
            f"{url}/gradio_api/call/delete",
            json={"data": ["000_a80c936fc3ad9ca2.txt"]},
            headers={"Origin": origin},
            timeout=30,
        )
        assert joined.status_code == 403, origin
    assert (settings.seeds_dir / "000_a80c936fc3ad9ca2.txt").exists()
    # The page's own origin, a name of NEWSQA_ALLOWED_HOSTS, and clients that send no Origin.
    for headers in ({"Origin": url}, {"Origin": "https://news.example.org"}, {}):
        assert upload(url, "fine.txt", headers).status_code == 200, headers


def test_no_other_origin_gets_cors_headers(door):
    url, _ = door
    port = urlsplit(url).port or 0
    for origin in ("http://evil.example", f"http://localhost:{port + 1}"):
        read = httpx.get(f"{url}/config", headers={"Origin": origin}, timeout=30)
        preflight = httpx.options(
            f"{url}/gradio_api/upload",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            timeout=30,
        )
        for response in (read, preflight):
            assert "access-control-allow-origin" not in response.headers, origin
            assert "access-control-allow-credentials" not in response.headers, origin


def test_a_body_over_the_limit_is_refused_before_it_is_read(door):
    url, _ = door
    declared = httpx.post(
        f"{url}/gradio_api/call/ask",
        content=b" " * 200_000,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert declared.status_code == 413
    assert "NEWSQA_MAX_REQUEST_BYTES" in declared.json()["detail"]

    def streamed() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b" " * 10_000

    chunked = httpx.post(
        f"{url}/gradio_api/call/ask",
        content=streamed(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert chunked.status_code == 413
    # An upload has its own cap (NEWSQA_MAX_ARTICLE_BYTES a file): 150 kB passes.
    files = {"files": ("long.txt", b"A long story\n\n" + b"word " * 30_000, "text/plain")}
    assert httpx.post(f"{url}/gradio_api/upload", files=files, timeout=30).status_code == 200


def test_a_deleted_article_is_not_served(door):
    url, settings = door
    kept = settings.seeds_dir / "002_c75df0162f650722.txt"
    moved = remove_article_file(settings, "004_bebdfeffcaaf1832.txt")
    assert moved.parent.name == ".deleted"
    gone = httpx.get(f"{url}/gradio_api/file={moved.resolve()}", timeout=30)
    assert gone.status_code == 403
    served = httpx.get(f"{url}/gradio_api/file={kept.resolve()}", timeout=30)
    assert served.status_code == 200 and served.content == kept.read_bytes()


def test_host_names_for_a_wildcard_bind_are_the_loopback_and_configured_ones():
    names = HostNames.build("0.0.0.0", ["News.Example.org", "[fd00::1]"])
    assert names.allowed == {"127.0.0.1", "localhost", "::1", "news.example.org", "fd00::1"}
    assert names.host_refusal("NEWS.example.org:8080") is None
    assert names.host_refusal("0.0.0.0:7860") is not None
    assert names.host_refusal(None) is not None
    assert names.origin_refusal("http://127.0.0.1:7860", "127.0.0.1:7860") is None
    assert names.origin_refusal("http://127.0.0.1:7861", "127.0.0.1:7860") is not None
