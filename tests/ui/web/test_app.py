import socket
from pathlib import Path

from index.core.settings import Settings
from tests.conftest import FRENCH_TROOPS, make_settings
from ui.web.app import launch_options
from ui.web.server import WebServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_launch_options_are_safe_by_default(tmp_path: Path):
    options = launch_options(make_settings(tmp_path))
    assert options["server_name"] == "127.0.0.1" and options["share"] is False
    assert str((tmp_path / "seeds" / ".deleted").resolve()) in options["blocked_paths"]
    assert options["auth"] is None and options["max_file_size"] == 2_000_000
    assert options["allowed_paths"] == [str((tmp_path / "seeds").resolve())]
    assert str((tmp_path / "data").resolve()) in options["blocked_paths"]
    guarded = launch_options(make_settings(tmp_path, ui_auth="ann:secret-1,bob:secret-2"))
    assert guarded["auth"] == [("ann", "secret-1"), ("bob", "secret-2")]


def test_ui_answers_through_gradio_client(seeded: Settings):
    from gradio_client import Client

    with WebServer(seeded, port=free_port()) as server:
        client = Client(f"{server.url}/", verbose=False)
        history, sources, timeline, _ = client.predict(FRENCH_TROOPS, [], api_name="/ask")
        answer = history[-1]["content"]
        text = answer if isinstance(answer, str) else " ".join(p["text"] for p in answer)
        assert "1500" in text or "1,500" in text
        assert "#cite-0-1" in sources and "<mark>" in sources
        assert "001_abad9e9fd5f90efe.txt" in sources and "2023-09-05" in timeline
        # The filters are optional keyword arguments; no page load is needed to use them.
        _, only_wion, _, _ = client.predict(FRENCH_TROOPS, outlets=["WION"], api_name="/ask")
        assert "003_81e9dda9929231ae.txt" in only_wion
        assert "001_abad9e9fd5f90efe.txt" not in only_wion


def test_serve_warms_the_local_model_up_before_it_launches(seeded: Settings, monkeypatch):
    import time
    from dataclasses import replace

    from tests.qa.llm_server import ScriptedLLM, scripted_server
    from ui.web import app as web_app

    launched: list[dict] = []

    class Server:
        def __init__(self, settings: Settings, **where: object) -> None:
            launched.append(where)

        def run(self) -> None:
            pass

    monkeypatch.setattr("ui.web.server.WebServer", Server)
    script = ScriptedLLM("ready")
    with scripted_server(script) as url:
        monkeypatch.setattr("qa.llm.local.gguf_path", lambda name, data_dir: Path("m.gguf"))
        monkeypatch.setattr("qa.llm.local.local_server_url", lambda path: f"{url}/v1")
        web_app.serve(replace(seeded, llm="local", llm_timeout=20), host="127.0.0.1", port=1)
        deadline = time.monotonic() + 20
        while not script.requests and time.monotonic() < deadline:
            time.sleep(0.05)
    assert launched and launched[0]["port"] == 1
    assert len(script.requests) == 1 and script.requests[0]["body"]["cache_prompt"] is True
