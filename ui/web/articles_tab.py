"""The Articles tab: the article list, upload, delete and the index update.

Imports gradio: ui/web/app.py imports this module only when it builds the app.
"""

from collections.abc import Callable
from typing import Any

import gradio as gr

from index.core.settings import Settings
from ui.web.events import reported
from ui.web.library import (
    COLUMNS,
    articles_table,
    delete_article,
    update_articles,
    upload_articles,
)
from ui.web.sources_panel import SourcesPanel


class ArticlesTab:
    """The Articles tab's components, laid out when it is made inside a `gr.Tab`, and its
    event handlers."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        gr.Markdown(
            f"Articles are the `.txt`/`.md` files and web pages (`.html`) in "
            f"`{settings.seeds_dir}` "
            f"(at most {settings.max_article_bytes:,} bytes each). Questions are answered "
            "from the current index while an update runs."
        )
        self.table = gr.Dataframe(
            value=lambda: self.refresh(),  # named like the other endpoints of the API (/lambda_3)
            headers=COLUMNS,
            interactive=False,
            wrap=True,
            column_widths=["15%", "29%", "9%", "8%", "5%", "7%", "11%", "16%"],
            elem_id="nq-articles",
        )
        with gr.Row():
            self.upload = gr.File(
                label="Add articles (.txt, .md, .html)",
                file_count="multiple",
                file_types=[".txt", ".md", ".html", ".htm"],
                type="filepath",
                height=200,
                elem_id="nq-upload",
            )
            with gr.Column():
                self.selected = gr.Textbox(
                    label="Selected article", interactive=False, elem_id="nq-selected"
                )
                self.delete = gr.Button("Delete selected article", variant="stop")
                self.update = gr.Button("Update index", variant="primary", elem_id="nq-update")
                self.status = gr.Textbox(
                    label="Status", lines=3, interactive=False, elem_id="nq-status"
                )
        self.web = SourcesPanel(settings)

    def wire(self, outlets: gr.Dropdown, fill_outlets: Callable[[], Any]) -> None:
        """Connect the events (`/upload`, `/delete`, `/update_index` in the API); after an
        update the chat's `outlets` choices are filled again by `fill_outlets`."""
        self.table.select(self.select_row, None, self.selected, api_visibility="private")
        self.upload.upload(self.add_files, self.upload, self.status, api_name="upload").then(
            self.refresh, None, self.table
        ).then(lambda: None, None, self.upload)
        self.delete.click(self.delete_selected, self.selected, self.status, api_name="delete").then(
            self.refresh, None, self.table
        ).then(lambda: "", None, self.selected)
        self.update.click(
            self.run_update, None, self.status, api_name="update_index", concurrency_limit=1
        ).then(self.refresh, None, self.table).then(
            fill_outlets, None, outlets, api_visibility="private"
        )
        self.web.wire(
            self.status,
            lambda event: event.then(self.refresh, None, self.table, api_visibility="private").then(
                fill_outlets, None, outlets, api_visibility="private"
            ),
        )

    # Handlers carry comments, not docstrings: Gradio shows a docstring as the API's text.

    @reported
    def refresh(self) -> list[list[object]]:
        return articles_table(self.settings)

    # Gradio finds the event data by this annotation (the class itself: no postponed
    # annotations in this module).
    @staticmethod
    @reported
    def select_row(event: gr.SelectData) -> str:
        row = event.row_value or []
        return str(row[0]) if row else ""

    @reported
    def add_files(self, paths: list[str] | None) -> str:
        return upload_articles(paths, self.settings)

    @reported
    def delete_selected(self, name: str | None) -> str:
        return delete_article(name, self.settings)

    @reported
    def run_update(self, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return update_articles(self.settings, lambda f, d: progress(f, desc=d))
