"""The Gradio chat UI: one question box, answers with numbered sources."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from index.errors import NewsQAError
from index.settings import Settings
from ui.render import answer_markdown, escape_text, sources_markdown

if TYPE_CHECKING:
    import gradio as gr

EXAMPLE = "How many French troops are in Niger?"
EMPTY_STATE = f"""### Ask the news
Ask a question about the articles in the seeds folder, for example *{EXAMPLE}*

Every answer cites the sentences it comes from. To add articles, put `.txt` or `.md` files
in the seeds folder and run `news-qa index`."""

Message = dict[str, Any]


def respond(
    question: str, history: list[Message], settings: Settings
) -> tuple[list[Message], str, str]:
    """One chat turn: (new history, sources Markdown, cleared input box)."""
    from qa import ask

    history = [*history, {"role": "user", "content": escape_text(question)}]
    try:
        answer = ask(question, settings=settings)
    except NewsQAError as err:
        history.append({"role": "assistant", "content": f"⚠️ {escape_text(str(err))}"})
        return history, "", ""
    history.append({"role": "assistant", "content": answer_markdown(answer)})
    return history, sources_markdown(answer), ""


def build_app(settings: Settings) -> gr.Blocks:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    with gr.Blocks(title="news-qa") as app:
        gr.Markdown("## news-qa — answers from your news articles, with sources")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    label="Chat", height=480, placeholder=EMPTY_STATE, buttons=["copy", "copy_all"]
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
                gr.Examples([[EXAMPLE]], inputs=[box])
            with gr.Column(scale=2):
                sources = gr.Markdown(
                    "### Sources\n\nSources of the last answer appear here.", elem_id="sources"
                )

        def turn(question: str, history: list[Message]) -> tuple[list[Message], str, str]:
            return respond(question, history or [], settings)

        send.click(turn, [box, chat], [chat, sources, box], api_name="ask")
        box.submit(turn, [box, chat], [chat, sources, box], api_visibility="private")
    return app


def serve(settings: Settings, host: str, port: int) -> None:
    from qa.engine import open_engine

    # Load the models and the index now, so the first question is answered at full speed.
    try:
        open_engine(settings)
    except NewsQAError as err:
        print(f"warning: {err}")
    app = build_app(settings)
    app.queue(default_concurrency_limit=2).launch(
        server_name=host, server_port=port, share=False, show_error=False, footer_links=["api"]
    )
