import socket

from index.settings import Settings
from tests.conftest import FRENCH_TROOPS
from ui.app import build_app, respond
from ui.render import escape_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_respond_adds_answer_and_sources(seeded: Settings):
    history, sources, box = respond(FRENCH_TROOPS, [], seeded)
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "1500" in history[1]["content"] or "1,500" in history[1]["content"]
    assert sources.startswith("### Sources") and "[1]" in sources
    assert box == ""


def test_respond_turns_errors_into_messages(seeded: Settings):
    history, _, _ = respond("   ", [], seeded)
    assert history[-1]["role"] == "assistant" and "empty" in history[-1]["content"]


def test_article_text_is_escaped():
    shown = escape_text('<script>alert(1)</script> <img src=x onerror="x()"> *bold*')
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "\\*bold\\*" in shown


def test_ui_answers_through_gradio_client(seeded: Settings):
    from gradio_client import Client

    port = free_port()
    app = build_app(seeded)
    app.queue().launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        history, sources, _ = client.predict(FRENCH_TROOPS, [], api_name="/ask")
        answer = history[-1]["content"]
        text = answer if isinstance(answer, str) else " ".join(p["text"] for p in answer)
        assert "1500" in text or "1,500" in text
        assert "[1]" in sources
    finally:
        app.close()


def test_answer_markers_render_as_bold_numbers_and_text_stays_escaped():
    from qa.types import Answer
    from ui.render import answer_markdown

    shown = answer_markdown(Answer("q", "About 1,500 <b>troops</b>. [1][2]", True, [], []))
    assert shown == "About 1,500 &lt;b&gt;troops&lt;/b&gt;. **[1]** **[2]**"
