"""The Gradio app: a chat tab with sources and the cited article, and an articles tab.

The tabs are ui/web/chat_tab.py and ui/web/articles_tab.py; they import gradio, so this module
imports them only when it builds the app.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.core.settings import Settings
from index.ingest.seeds import DELETED
from ui.web.page import CSS, PAGE_JS

if TYPE_CHECKING:
    import gradio as gr


def build_app(settings: Settings) -> gr.Blocks:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from ui.web.articles_tab import ArticlesTab
    from ui.web.chat_tab import ChatTab
    from ui.web.events import CallerBlocks

    with CallerBlocks(title="news-qa") as app:
        gr.Markdown("## news-qa — answers from your news articles, with sources")
        turns = gr.State([])
        with gr.Tab("Chat"):
            chat = ChatTab(settings, turns)
        with gr.Tab("Articles"):
            articles = ArticlesTab(settings)
        chat.wire(app)
        articles.wire(chat.outlets, chat.fill_outlets)
    return app


LOGIN_NOTE = (
    "After 5 failed logins from one address, each further attempt waits longer (1 s, then "
    "2 s, 4 s, ...); one sent sooner than that is refused as incorrect."
)


def launch_options(settings: Settings) -> dict[str, Any]:
    """Safe defaults: local address, no share link, size limit, only the seeds folder servable
    (never its `.deleted/` bin). ui/web/server.py mounts the app with them; `launch()` takes
    them too, but serves without the checks of the server."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,
        "show_error": False,
        "auth": list(settings.ui_auth) or None,
        # Gradio's page says only "Incorrect credentials", also when a login is held back.
        "auth_message": LOGIN_NOTE if settings.ui_auth else None,
        "max_file_size": settings.max_article_bytes,
        "allowed_paths": [str(settings.seeds_dir.resolve())],
        "blocked_paths": [
            str(settings.data_dir.resolve()),
            str(Path(".env").resolve()),
            str((settings.seeds_dir / DELETED).resolve()),
        ],
        "footer_links": ["api"],
        "js": PAGE_JS,
        "css": CSS,
    }


# Two questions are answered at a time; beyond QUEUE_MAX waiting events a request is told the
# server is busy at once instead of hanging.
CONCURRENT_ANSWERS = 2
QUEUE_MAX = 64


def queued(app: gr.Blocks, max_size: int = QUEUE_MAX) -> gr.Blocks:
    return app.queue(default_concurrency_limit=CONCURRENT_ANSWERS, max_size=max_size)


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the UI on `host`:`port` until Ctrl-C, behind the checks of ui/web/server.py."""
    from ui.api.keys import check_bind
    from ui.web.refresher import FeedSchedule
    from ui.web.server import WebServer

    check_bind(settings, host)  # before the models load: a refusal should come at once
    warm_start(settings)
    feeds = FeedSchedule(settings).start()  # NEWSQA_FEED_REFRESH (off by default)
    try:
        WebServer(settings, host=host, port=port).run()
    finally:
        feeds.stop()


def warm_start(settings: Settings) -> threading.Thread | None:
    """Load the models and the index, and run one question through them (the first ONNX run
    costs ~1 s more than later ones), so the first user gets full speed. With
    NEWSQA_LLM=local the model loads and answers once in a background thread (its thread is
    returned); failures are said, never fatal."""
    from index.core.errors import NewsQAError
    from qa import ask
    from qa.answer.prompt import warmup_messages
    from qa.engine.engine import open_engine
    from qa.llm.backends import start_warmup
    from ui.web.chat_tab import EXAMPLE

    llm = start_warmup(settings, warmup_messages())
    try:
        open_engine(settings)
        # Extractive, so a slow or absent LLM cannot hold up the start.
        ask(EXAMPLE, settings=replace(settings, llm="none"))
    except NewsQAError as err:
        print(f"warning: {err}")
    return llm
