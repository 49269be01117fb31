"""The Chat tab: the conversation with its filters, and the panels that follow the answer.

Imports gradio: ui/web/app.py imports this module only when it builds the app.
"""

from collections.abc import Iterator
from typing import Any

import gradio as gr

from index.core.settings import Settings
from qa.types import Answer
from ui.web.chat import Message, chat_turn, linked_article, open_source
from ui.web.events import reported
from ui.web.history import HistoryPanel
from ui.web.library import outlet_choices
from ui.web.page import SCROLL_JS
from ui.web.render import sources_html
from ui.web.timeline import timeline_html

EXAMPLE = "How many French troops are in Niger?"
EMPTY_STATE = f"""### Ask the news
Ask a question about your articles, for example *{EXAMPLE}*

Every answer cites the sentences it comes from: click a **[1]** to read it in its article.
Add articles in the **Articles** tab (or put `.txt`/`.md` files in the seeds folder)."""
ARTICLE_HINT = "<p class='nq-empty'>Click a [n] in an answer to read the whole article here.</p>"


class ChatTab:
    """The Chat tab's components, laid out when it is made inside a `gr.Tab`, and its event
    handlers. `turns` holds every Answer of the conversation (a session state)."""

    def __init__(self, settings: Settings, turns: gr.State) -> None:
        self.settings = settings
        self.turns = turns
        with gr.Row():
            with gr.Column(scale=1, min_width=220, elem_id="nq-history"):
                self.history = HistoryPanel(settings)
            with gr.Column(scale=3, min_width=340):
                self._conversation()
            with gr.Column(scale=2, min_width=320):
                self._panels()
        self.cite_request = gr.Textbox(visible="hidden", elem_id="nq-cite-request")
        self.cite_open = gr.Button("open", visible="hidden", elem_id="nq-cite-open")

    def _conversation(self) -> None:
        self.chat = gr.Chatbot(
            label="Chat",
            height=520,
            placeholder=EMPTY_STATE,
            buttons=["copy", "copy_all"],
            # Article text is shown as written: "$$" is not LaTeX.
            latex_delimiters=[],
            elem_id="nq-chat",
        )
        with gr.Row():
            self.box = gr.Textbox(
                placeholder=EXAMPLE, show_label=False, scale=5, max_lines=4, elem_id="question"
            )
            self.send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
        with gr.Row():
            # Custom values pass through so API callers need no page load to fill the
            # choices; the engine names the indexed outlets if one is wrong.
            self.outlets = gr.Dropdown(
                choices=[],
                value=[],
                multiselect=True,
                allow_custom_value=True,
                label="Outlets (empty: all)",
                scale=2,
                min_width=200,
                elem_id="nq-outlets",
            )
            self.since = date_box("From (YYYY-MM-DD)", "nq-since")
            self.until = date_box("To (YYYY-MM-DD)", "nq-until")
        gr.Examples([[EXAMPLE]], inputs=[self.box])

    def _panels(self) -> None:
        gr.Markdown("### Sources", elem_classes=["nq-heading"])
        self.sources = gr.HTML(sources_html(None, 0, {}), label="Sources", elem_id="nq-sources")
        gr.Markdown("### Timeline", elem_classes=["nq-heading"])
        self.timeline = gr.HTML(timeline_html(None), label="Timeline", elem_id="nq-timeline")
        gr.Markdown("### Article", elem_classes=["nq-heading"])
        self.article = gr.HTML(ARTICLE_HINT, label="Article", elem_id="nq-article")

    def wire(self, app: gr.Blocks) -> None:
        """Connect the events: ask (also the `/ask` API; the page saves each answer), fill the
        outlets, open a source, and the saved conversations' (ui/web/history.py)."""
        inputs = [self.box, self.chat, self.turns]
        # By name: keyword-only in `turn`; the API still lists them, optional, after the history.
        filters: dict[str, gr.blocks.Block] = {
            "outlets": self.outlets,
            "since": self.since,
            "until": self.until,
        }
        outputs = [self.chat, self.sources, self.timeline, self.box, self.turns]
        asked = [
            self.send.click(self.turn, inputs, outputs, inputs_kwargs=filters, api_name="ask"),
            self.box.submit(
                self.turn, inputs, outputs, inputs_kwargs=filters, api_visibility="private"
            ),
        ]
        self.history.wire(app, self, asked)
        app.load(self.fill_outlets, None, self.outlets, api_visibility="private")
        # A citation's link from the API (/?article=...&start=...&end=) opens its span.
        app.load(self.open_linked, None, self.article, api_visibility="private").then(
            None, js=SCROLL_JS
        )
        # A lambda, as before: Gradio names the API endpoints of later lambdas by count.
        self.cite_open.click(
            lambda request, answers: self.open_cited(request, answers),
            [self.cite_request, self.turns],
            [self.sources, self.article],
            api_visibility="private",
        ).then(None, js=SCROLL_JS)

    # Handlers carry comments, not docstrings: Gradio shows a docstring as the API's text.

    # One chat turn, streamed: the chat, both panels (skipped until the answer), the cleared
    # box and the answers.
    @reported
    def turn(
        self,
        question: str,
        history: list[Message],
        answers: list[Answer],
        *,
        outlets: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[Any]:
        for history_now, panels, cleared, answers_now in chat_turn(
            question or "",
            history or [],
            answers or [],
            self.settings,
            outlets=outlets,
            since=since,
            until=until,
        ):
            shown = (gr.skip(), gr.skip()) if panels is None else panels
            yield history_now, *shown, cleared, answers_now

    @reported
    def fill_outlets(self) -> Any:
        return gr.update(choices=outlet_choices(self.settings))

    @reported
    def open_linked(self, request: gr.Request) -> Any:
        linked = linked_article(dict(request.query_params), self.settings)
        return gr.skip() if linked is None else linked

    @reported
    def open_cited(self, request: str, answers: list[Answer]) -> tuple[str, str]:
        return open_source(request, answers or [], self.settings)


def date_box(label: str, elem_id: str) -> gr.Textbox:
    """One end of the chat's date filter; empty means no bound."""
    return gr.Textbox(
        label=label, placeholder="any date", max_lines=1, scale=1, min_width=140, elem_id=elem_id
    )
