"""Every REST endpoint through httpx against a served app (its own copy of the seeds and
index), and the bad inputs: climbing names, oversize, binary, unknown ids, no key, wrong key."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS
from tests.ui.api.conftest import KEY, OTHER_KEY, copy_index
from tests.ui.browser import free_port, wait_for
from ui.web.server import WebServer

pytestmark = pytest.mark.server
ARTICLE_LIMIT = 20_000
HARBOUR = b"Harbour reopens in Tema\n\nThe port of Tema reopened on Monday after the storm.\n"


@pytest.fixture(scope="module")
def api(
    seeded: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, Settings]]:
    root = tmp_path_factory.mktemp("rest")
    values = {"api_keys": f"{KEY},{OTHER_KEY}", "api_rate": "0", "port": str(free_port())}
    limits = {"max_request_bytes": "100000", "max_history_chars": "10000"}
    # The test web server is on loopback; the metadata addresses stay refused all the same.
    limits |= {"fetch_allow_private": "true", "fetch_timeout": "5"}
    settings = copy_index(seeded, root, max_article_bytes=str(ARTICLE_LIMIT), **limits, **values)
    with WebServer(settings) as server:
        headers = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(base_url=f"{server.url}/api", headers=headers, timeout=60) as client:
            yield client, settings


def error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The error object of a refused request, after checking its status and shape."""
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert set(body) >= {"message", "type", "param", "code"}
    return dict(body)


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/articles", files={"file": (name, data, "text/plain")})


def test_ask_returns_the_answer_with_spans_that_open_in_the_article(api):
    client, _ = api
    answer = client.post("/ask", json={"question": FRENCH_TROOPS}).json()
    assert answer["grounded"] and "1500" in answer["text"] and answer["short"] == "1500"
    assert answer["passages"] and answer["kind"] == "value"
    for citation in answer["citations"]:
        article = client.get(f"/articles/{citation['article_id']}").json()
        assert article["text"][citation["start"] : citation["end"]] == citation["quote"]
    only_wion = client.post("/ask", json={"question": FRENCH_TROOPS, "outlets": ["WION"]})
    assert {c["outlet"] for c in only_wion.json()["citations"]} == {"WION"}


def test_bad_questions_are_refused_naming_the_input(api):
    client, _ = api
    assert error(client.post("/ask", json={"question": "  "}), 400)["param"] == "question"
    typo = error(client.post("/ask", json={"questoin": FRENCH_TROOPS}), 400)
    assert typo["param"] in ("question", "questoin")
    outlet = error(client.post("/ask", json={"question": FRENCH_TROOPS, "outlets": ["BBC"]}), 400)
    assert outlet["param"] == "outlets" and "WION" in outlet["message"]
    swapped = {"question": FRENCH_TROOPS, "since": "2023-10-01", "until": "2023-09-01"}
    assert "swap" in error(client.post("/ask", json=swapped), 400)["message"]
    long = {"question": FRENCH_TROOPS, "history": ["word " * 3_000]}
    assert error(client.post("/ask", json=long), 400)["code"] == "context_length_exceeded"
    assert error(client.post("/ask", content=b"{not json"), 400)["code"] == "invalid_request"


def test_search_returns_passages_that_are_spans_of_their_articles(api):
    client, _ = api
    found = client.get("/search", params={"q": "French troops in Niger", "k": 3}).json()
    assert len(found["passages"]) == 3
    for passage in found["passages"]:
        text = client.get(f"/articles/{passage['article_id']}").json()["text"]
        assert text[passage["start"] : passage["end"]] == passage["text"]
    assert error(client.get("/search"), 400)["param"] == "q"
    assert error(client.get("/search", params={"q": "x", "k": 0}), 400)["param"] == "k"


def test_articles_are_listed_and_read_with_their_status(api):
    client, settings = api
    listed = {row["article_id"]: row for row in client.get("/articles").json()}
    seeds = {p.name for p in settings.seeds_dir.glob("00*.txt")}
    assert seeds <= set(listed) and listed["003_81e9dda9929231ae.txt"]["outlet"] == "WION"
    read = client.get("/articles/003_81e9dda9929231ae.txt", params={"start": 0, "end": 10})
    article = read.json()
    assert article["span"]["text"] == article["text"][:10] and article["title"]
    past = client.get("/articles/003_81e9dda9929231ae.txt", params={"start": 5, "end": 10**6})
    assert error(past, 400)["code"] == "invalid_span"
    assert error(client.get("/articles/nothing.txt"), 404)["code"] == "article_not_found"
    for climbing in ("..%2F..%2Fetc%2Fpasswd", "%2E%2E", "..%5C..%5Cwin.ini"):
        refused = client.get(f"/articles/{climbing}")
        assert refused.status_code == 404 and "root:" not in refused.text


def test_an_upload_is_checked_like_the_articles_tabs(api):
    client, settings = api
    saved = upload(client, "tema.txt", HARBOUR)
    assert saved.status_code == 201 and saved.json()["article_id"] == "tema.txt"
    assert (settings.seeds_dir / "tema.txt").read_bytes() == HARBOUR
    listed = {row["article_id"]: row["status"] for row in client.get("/articles").json()}
    assert listed["tema.txt"] in ("new", "indexed")
    climbing = upload(client, "../../tema-escape.txt", HARBOUR + b"Later.\n")
    assert climbing.status_code == 201 and climbing.json()["article_id"] == "tema-escape.txt"
    assert (settings.seeds_dir / "tema-escape.txt").is_file()
    assert not (settings.seeds_dir.parent.parent / "tema-escape.txt").exists()
    big = error(upload(client, "big.txt", b"Big story\n\n" + b"word " * 5_000), 413)
    assert "NEWSQA_MAX_ARTICLE_BYTES" in big["message"] and big["code"] == "article_too_large"
    huge = error(upload(client, "huge.txt", b"word " * 20_000), 413)
    assert huge["code"] == "request_too_large"
    binary = error(upload(client, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), 400)
    assert "binary" in binary["message"] and binary["param"] == "file"
    assert (
        "UTF-8" in error(upload(client, "latin.txt", b"Caf\xe9 story\n\nText.\n"), 400)["message"]
    )
    assert ".txt or .md" in error(upload(client, "run.exe", b"MZ story"), 400)["message"]
    assert error(client.post("/articles"), 400)["param"] == "file"
    for name in ("photo.txt", "latin.txt", "run.exe", "big.txt", "huge.txt"):
        assert not (settings.seeds_dir / name).exists()


def test_delete_moves_the_file_to_the_bin(api):
    client, settings = api
    upload(client, "to-delete.txt", b"Short-lived story\n\nIt will be deleted.\n")
    deleted = client.delete("/articles/to-delete.txt")
    assert deleted.status_code == 200 and deleted.json()["moved_to"] == ".deleted/to-delete.txt"
    assert (settings.seeds_dir / ".deleted" / "to-delete.txt").is_file()
    assert not (settings.seeds_dir / "to-delete.txt").exists()
    assert error(client.delete("/articles/to-delete.txt"), 404)["param"] == "article_id"
    for name in (".deleted", "%2E%2E%2Fserve.log", "..%2F..%2Fetc%2Fpasswd"):
        assert client.delete(f"/articles/{name}").status_code == 404, name
    assert (settings.seeds_dir.parent / "seeds" / ".deleted").is_dir()


def test_an_index_job_reports_progress_and_one_runs_at_a_time(api, monkeypatch):
    from ui.api import jobs

    client, _ = api
    release = threading.Event()
    real_update = jobs.run_update

    def held_update(settings: Settings, progress: Any) -> Any:
        progress(0.0, "Held by the test")
        release.wait(60)
        return real_update(settings, progress)

    monkeypatch.setattr(jobs, "run_update", held_update)
    upload(client, "glacier.txt", b"Glacier survey\n\nThe Rhone Glacier lost 4.2 metres of ice.\n")
    started = client.post("/index")
    assert started.status_code == 202
    job = started.json()
    assert job["state"] == "running" and job["job_id"]
    second = error(client.post("/index"), 409)
    assert second["job_id"] == job["job_id"] and second["code"] == "update_running"
    running = client.get(f"/jobs/{job['job_id']}").json()
    assert running["state"] == "running" and running["stage"] == "Held by the test"
    assert client.get("/status").json()["update"]["job_id"] == job["job_id"]
    release.set()
    done = wait_for(
        lambda: (j := client.get(f"/jobs/{job['job_id']}").json())["state"] != "running" and j,
        what="the index job",
    )
    assert done["state"] == "done" and done["progress"] == 1.0, done
    assert "glacier.txt" in done["report"]["added"] + done["report"]["unchanged"]
    rows = {row["article_id"]: row["status"] for row in client.get("/articles").json()}
    assert rows["glacier.txt"] == "indexed"
    assert error(client.get("/jobs/no-such-job"), 404)["code"] == "job_not_found"


def test_a_job_that_cannot_run_says_why(api):
    from index.store.lock import writer_lock

    client, settings = api

    def finished(job_id: str) -> dict[str, Any] | None:
        now = client.get(f"/jobs/{job_id}").json()
        return None if now["state"] == "running" else dict(now)

    with writer_lock(settings.data_dir):  # as another process's `news-qa index` would
        job = client.post("/index").json()
        failed = wait_for(lambda: finished(job["job_id"]), what="the refused job")
    assert failed["state"] == "failed" and failed["error_code"] == "index_busy", failed
    assert "being updated by" in failed["error"] and failed["report"] is None


def test_status_says_what_the_index_holds(api):
    client, _ = api
    status = client.get("/status").json()
    assert status["ready"] and status["articles"] >= 5 and status["chunks"] > 0
    assert status["generation"].startswith("gen-")


def test_a_request_without_a_good_key_is_refused(api):
    client, _ = api
    base = str(client.base_url).rstrip("/")
    bare = httpx.get(f"{base}/status", timeout=30)
    assert error(bare, 401)["code"] == "missing_api_key"
    assert "Authorization: Bearer" in bare.json()["error"]["message"]
    for header in (f"Bearer {KEY}x", f"Basic {KEY}", "Bearer", KEY):
        refused = httpx.post(f"{base}/ask", json={}, headers={"Authorization": header})
        assert refused.status_code == 401, header
    other = httpx.get(f"{base}/status", headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert other.status_code == 200
    # The docs describe the API and hold no data: open, and served without a CDN.
    docs = httpx.get(f"{base}/docs", timeout=30)
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert httpx.get(f"{base}/docs/assets/swagger-ui-bundle.js", timeout=30).status_code == 200
    paths = httpx.get(f"{base}/openapi.json", timeout=30).json()["paths"]
    assert {"/api/ask", "/api/articles/{article_id}", "/v1/chat/completions"} <= set(paths)
    assert error(client.get("/no-such-endpoint"), 404)["code"] == "not_found"


def test_v1_bodies_over_the_cap_and_unreadable_parts_are_refused(api):
    client, _ = api
    url = str(client.base_url).replace("/api", "/v1").rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    big = b'{"model": "news-qa", "messages": [{"role": "user", "content": "' + b"a" * 200_000
    declared = httpx.post(url, content=big + b'"}]}', headers=headers, timeout=60)
    assert "NEWSQA_MAX_REQUEST_BYTES" in error(declared, 413)["message"]

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield big
        yield b'"}]}'

    streamed = httpx.post(url, content=chunked(), headers=headers, timeout=60)
    assert "too large" in error(streamed, 413)["message"]
    picture = {"type": "image_url", "image_url": {"url": "http://127.0.0.1/x.png"}}
    body = {"model": "news-qa", "messages": [{"role": "user", "content": [picture]}]}
    refused = error(httpx.post(url, json=body, headers=headers, timeout=60), 400)
    assert "text only" in refused["message"] and refused["param"] == "messages"
    parts = [
        {"type": "text", "text": "How many French troops"},
        {"type": "text", "text": " are in Niger?"},
    ]
    body = {"model": "news-qa", "messages": [{"role": "user", "content": parts}]}
    answered = httpx.post(url, json=body, headers=headers, timeout=60).json()
    assert "1500" in answered["choices"][0]["message"]["content"]


def test_pages_are_fetched_into_the_seeds_folder_each_with_its_own_line(api, web):
    from tests.web_pages import brief_page
    from tests.web_server import Reply

    client, settings = api
    site = f"/rest-{threading.get_ident()}"
    story = web.route(f"{site}/junta-story", Reply(brief_page()))
    gone = web.route(f"{site}/gone", Reply(b"gone", status=404, content_type="text/plain"))
    metadata = "http://169.254.169.254/latest/meta-data/"
    reply = client.post("/articles/fetch", json={"urls": [story, gone, metadata]})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert [r["status"] for r in body["results"]] == ["added", "failed", "failed"]
    assert [r["source"] for r in body["results"]] == [story, gone, metadata]
    assert body["added"] == 1 and body["message"].startswith("1 of 3 added")
    article_id = body["results"][0]["article_id"]
    try:
        saved = (settings.seeds_dir / article_id).read_text(encoding="utf-8")
        assert article_id.endswith(".html") and story in saved
        assert "404" in body["results"][1]["message"]
        assert "169.254.169.254" in body["results"][2]["message"]
        assert not web.hits_of(f"{site}/gone")[1:]  # asked once, not retried
        # The same address again: one article once.
        again = client.post("/articles/fetch", json={"urls": [story + "?utm_source=x"]}).json()
        assert [(r["status"], r["article_id"]) for r in again["results"]] == [
            ("present", article_id)
        ]
    finally:
        assert client.delete(f"/articles/{article_id}").status_code == 200


@pytest.mark.parametrize(
    "urls",
    [["file:///etc/passwd"], ["/etc/passwd"], ["https://example.org/a", "seeds/x.txt"]],
)
def test_fetch_takes_web_addresses_only(api, urls):
    client, settings = api
    before = sorted(p.name for p in settings.seeds_dir.iterdir())
    refused = error(client.post("/articles/fetch", json={"urls": urls}), 400)
    assert refused["param"] == "urls" and "not an http(s) web address" in refused["message"]
    assert sorted(p.name for p in settings.seeds_dir.iterdir()) == before


def test_fetch_takes_at_most_twenty_addresses(api):
    client, _ = api
    urls = [f"https://example.org/{n}" for n in range(21)]
    refused = error(client.post("/articles/fetch", json={"urls": urls}), 400)
    assert "urls" in refused["message"] or refused["param"] == "urls"
    assert error(client.post("/articles/fetch", json={"urls": []}), 400)
