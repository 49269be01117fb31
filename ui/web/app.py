"""The Gradio app: a chat tab with sources and the cited article, and an articles tab."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.core.settings import Settings
from qa.types import Answer
from ui.web.chat import Message, chat_turn, open_source
from ui.web.library import (
    COLUMNS,
    articles_table,
    delete_article,
    outlet_choices,
    update_articles,
    upload_articles,
)
from ui.web.render import sources_html, timeline_html

if TYPE_CHECKING:
    import gradio as gr

EXAMPLE = "How many French troops are in Niger?"
EMPTY_STATE = f"""### Ask the news
Ask a question about your articles, for example *{EXAMPLE}*

Every answer cites the sentences it comes from: click a **[1]** to read it in its article.
Add articles in the **Articles** tab (or put `.txt`/`.md` files in the seeds folder)."""
ARTICLE_HINT = "<p class='nq-empty'>Click a [n] in an answer to read the whole article here.</p>"

# Clicking any `[n]` (in the chat or the sources panel) asks the server for that source:
# the link names `cite-<answer>-<n>`, copied into a hidden box whose button opens it.
PAGE_JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector('#nq-cite-request textarea, #nq-cite-request input');
    box.value = link.getAttribute('href').slice(1);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => document.querySelector('#nq-cite-open').click(), 50);
  }, true);
}
"""
# Centre the cited span inside the article panel, and bring the panel itself into view.
SCROLL_JS = """
() => {
  const panel = document.querySelector('#nq-article');
  const mark = document.querySelector('#nq-article #nq-cited');
  if (!panel || !mark) return;
  panel.scrollIntoView({block: 'nearest'});
  let box = mark.parentElement;
  while (box && box !== document.body && box.scrollHeight <= box.clientHeight) {
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 3;
  }
}
"""
CSS = """
.nq-heading h3 { margin: 4px 0 0 0; }
.nq-empty { color: var(--body-text-color-subdued); }
#nq-sources mark, #nq-article mark { background: #ffe066; color: #111; padding: 0 2px; }
.nq-source { border-bottom: 1px solid var(--border-color-primary); padding: 6px 0; }
.nq-source h4 { margin: 0 0 2px 0; font-size: 1rem; }
.nq-meta { margin: 0; font-size: .85rem; color: var(--body-text-color-subdued); }
.nq-id { font-family: var(--font-mono); font-size: .8rem; }
.nq-context { margin: 6px 0 0 0; font-size: .92rem; }
.nq-article .nq-body { white-space: pre-wrap; line-height: 1.5; }
#nq-sources .nq-scroll { max-height: 380px; overflow-y: auto; }
.nq-also { margin: 4px 0 0 0; font-size: .85rem; color: var(--body-text-color-subdued); }
#nq-timeline .nq-scroll { max-height: 220px; overflow-y: auto; padding-bottom: 2px; }
.nq-timeline { margin: 0; padding-left: 1.2em; font-size: .9rem; }
.nq-timeline li { margin: 0 0 4px 0; }
.nq-timeline li:last-child { margin-bottom: 0; }
.nq-timeline time { font-family: var(--font-mono); font-weight: 600; }
.nq-undated { margin: 6px 0 2px 0; font-size: .85rem; }
#nq-article .nq-scroll { max-height: 440px; overflow-y: auto; }
"""


def build_app(settings: Settings) -> gr.Blocks:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    with gr.Blocks(title="news-qa") as app:
        gr.Markdown("## news-qa — answers from your news articles, with sources")
        turns = gr.State([])
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3, min_width=340):
                    chat = gr.Chatbot(
                        label="Chat",
                        height=520,
                        placeholder=EMPTY_STATE,
                        buttons=["copy", "copy_all"],
                        elem_id="nq-chat",
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            placeholder=EXAMPLE,
                            show_label=False,
                            scale=5,
                            max_lines=4,
                            elem_id="question",
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                    with gr.Row():
                        # Custom values pass through so API callers need no page load to
                        # fill the choices; the engine names the indexed outlets if one is wrong.
                        outlets = gr.Dropdown(
                            choices=[],
                            value=[],
                            multiselect=True,
                            allow_custom_value=True,
                            label="Outlets (empty: all)",
                            scale=2,
                            min_width=200,
                            elem_id="nq-outlets",
                        )
                        since = date_box("From (YYYY-MM-DD)", "nq-since")
                        until = date_box("To (YYYY-MM-DD)", "nq-until")
                    gr.Examples([[EXAMPLE]], inputs=[box])
                with gr.Column(scale=2, min_width=320):
                    gr.Markdown("### Sources", elem_classes=["nq-heading"])
                    sources = gr.HTML(
                        sources_html(None, 0, {}), label="Sources", elem_id="nq-sources"
                    )
                    gr.Markdown("### Timeline", elem_classes=["nq-heading"])
                    timeline = gr.HTML(timeline_html(None), label="Timeline", elem_id="nq-timeline")
                    gr.Markdown("### Article", elem_classes=["nq-heading"])
                    article = gr.HTML(ARTICLE_HINT, label="Article", elem_id="nq-article")
            cite_request = gr.Textbox(visible="hidden", elem_id="nq-cite-request")
            cite_open = gr.Button("open", visible="hidden", elem_id="nq-cite-open")
        with gr.Tab("Articles"):
            gr.Markdown(
                f"Articles are the `.txt`/`.md` files in `{settings.seeds_dir}` "
                f"(at most {settings.max_article_bytes:,} bytes each). Questions are answered "
                "from the current index while an update runs."
            )
            table = gr.Dataframe(
                value=lambda: articles_table(settings),
                headers=COLUMNS,
                interactive=False,
                wrap=True,
                column_widths=["15%", "29%", "9%", "8%", "5%", "7%", "11%", "16%"],
                elem_id="nq-articles",
            )
            with gr.Row():
                upload = gr.File(
                    label="Add articles (.txt, .md)",
                    file_count="multiple",
                    file_types=[".txt", ".md"],
                    type="filepath",
                    height=200,
                    elem_id="nq-upload",
                )
                with gr.Column():
                    selected = gr.Textbox(
                        label="Selected article", interactive=False, elem_id="nq-selected"
                    )
                    delete = gr.Button("Delete selected article", variant="stop")
                    update = gr.Button("Update index", variant="primary", elem_id="nq-update")
                    status = gr.Textbox(
                        label="Status", lines=3, interactive=False, elem_id="nq-status"
                    )

        def turn(
            question: str,
            history: list[Message],
            answers: list[Answer],
            # Defaults keep the filters optional for API callers.
            outlets: list[str] | None = None,
            since: str | None = None,
            until: str | None = None,
        ) -> Any:
            for history_now, panels, cleared, answers_now in chat_turn(
                question,
                history or [],
                answers or [],
                settings,
                outlets=outlets,
                since=since,
                until=until,
            ):
                shown = (gr.skip(), gr.skip()) if panels is None else panels
                yield history_now, *shown, cleared, answers_now

        def fill_outlets() -> Any:
            return gr.update(choices=outlet_choices(settings))

        chat_io = (
            [box, chat, turns, outlets, since, until],
            [chat, sources, timeline, box, turns],
        )
        send.click(turn, *chat_io, api_name="ask")
        box.submit(turn, *chat_io, api_visibility="private")
        app.load(fill_outlets, None, outlets, api_visibility="private")
        cite_open.click(
            lambda request, answers: open_source(request, answers or [], settings),
            [cite_request, turns],
            [sources, article],
            api_visibility="private",
        ).then(None, js=SCROLL_JS)

        def select_row(event: gr.SelectData) -> str:
            row = event.row_value or []
            return str(row[0]) if row else ""

        # Gradio finds the event-data parameter by its annotation, which must be the class
        # itself, not the postponed string.
        select_row.__annotations__["event"] = gr.SelectData

        def refresh() -> list[list[object]]:
            return articles_table(settings)

        def run_update(progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
            return update_articles(settings, lambda f, d: progress(f, desc=d))

        table.select(select_row, None, selected, api_visibility="private")
        upload.upload(
            lambda paths: upload_articles(paths, settings), upload, status, api_name="upload"
        ).then(refresh, None, table).then(lambda: None, None, upload)
        delete.click(
            lambda name: delete_article(name, settings), selected, status, api_name="delete"
        ).then(refresh, None, table).then(lambda: "", None, selected)
        update.click(run_update, None, status, api_name="update_index", concurrency_limit=1).then(
            refresh, None, table
        ).then(fill_outlets, None, outlets, api_visibility="private")
    return app


def date_box(label: str, elem_id: str) -> gr.Textbox:
    """One end of the chat's date filter; empty means no bound."""
    import gradio as gr

    return gr.Textbox(
        label=label, placeholder="any date", max_lines=1, scale=1, min_width=140, elem_id=elem_id
    )


def launch_options(settings: Settings) -> dict[str, Any]:
    """Safe defaults: local address, no share link, size limit, only the seeds folder servable."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,
        "show_error": False,
        "auth": list(settings.ui_auth) or None,
        "max_file_size": settings.max_article_bytes,
        "allowed_paths": [str(settings.seeds_dir.resolve())],
        "blocked_paths": [str(settings.data_dir.resolve()), str(Path(".env").resolve())],
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
    from index.core.errors import NewsQAError
    from qa import ask
    from qa.engine.engine import open_engine

    # Load the models and the index, and run one question through them (the first ONNX run
    # costs ~1 s more than later ones), so the first user gets full speed.
    try:
        open_engine(settings)
        # Extractive, so a slow or absent LLM cannot hold up the start.
        ask(EXAMPLE, settings=replace(settings, llm="none"))
    except NewsQAError as err:
        print(f"warning: {err}")
    options = {**launch_options(settings), "server_name": host, "server_port": port}
    queued(build_app(settings)).launch(**options)
