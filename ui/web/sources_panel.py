"""The Articles tab's "Add from URL" box and Feeds panel (handlers: ui/web/sources.py).

Imports gradio: ui/web/articles_tab.py makes it inside the tab, when the app is built.
"""

from collections.abc import Callable
from typing import Any

import gradio as gr

from index.core.settings import Settings
from ui.web import sources
from ui.web.events import reported


class SourcesPanel:
    """Components laid out where it is made, and their handlers (`/add_url`, `/follow_feed`,
    `/unfollow_feed`, `/refresh_feeds`, `/feeds` in the API)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        with gr.Row(equal_height=True):
            self.urls = gr.Textbox(
                label="Add from URL",
                placeholder="https://... (one or more article pages)",
                lines=1,
                max_lines=6,
                scale=5,
                elem_id="nq-add-url",
            )
            self.add = gr.Button("Add from URL", scale=1, elem_id="nq-add-url-button")
        with gr.Accordion("Feeds", open=False, elem_id="nq-feeds"):
            gr.Markdown(
                "Followed RSS, Atom and RDF feeds: their new entries are added on Refresh"
                + (
                    f", and every {settings.feed_refresh} minutes while the server runs."
                    if settings.feed_refresh
                    else " (set NEWSQA_FEED_REFRESH to refresh them on a schedule)."
                )
            )
            self.table = gr.Dataframe(
                value=lambda: self.rows(),  # the API's /lambda_4, beside the articles' /lambda_3
                headers=sources.FEED_COLUMNS,
                interactive=False,
                wrap=True,
                column_widths=["30%", "20%", "17%", "6%", "27%"],
                elem_id="nq-feed-list",
            )
            with gr.Row(equal_height=True):
                self.feed = gr.Textbox(
                    label="Feed address",
                    placeholder="https://.../rss.xml",
                    scale=4,
                    elem_id="nq-feed-url",
                )
                self.follow = gr.Button("Follow", scale=1, elem_id="nq-follow")
                self.unfollow = gr.Button("Stop following", scale=1, elem_id="nq-unfollow")
                self.refresh = gr.Button("Refresh feeds", scale=1, elem_id="nq-refresh-feeds")

    def wire(self, status: gr.Textbox, after: Callable[[Any], Any]) -> None:
        """Connect the events; each says what happened in `status`, and `after` chains what
        follows a change (the article list, the chat's outlets) onto its event."""
        after(
            self.add.click(
                self.add_urls, self.urls, status, api_name="add_url", concurrency_limit=1
            ).then(self.cleared, None, self.urls, api_visibility="private")
        )
        for button, handler, name in (
            (self.follow, self.follow_feed, "follow_feed"),
            (self.refresh, self.refresh_feeds, "refresh_feeds"),
        ):
            inputs = [self.feed] if button is self.follow else None
            after(
                button.click(handler, inputs, status, api_name=name, concurrency_limit=1).then(
                    self.rows, None, self.table, api_visibility="private"
                )
            )
        self.unfollow.click(self.unfollow_feed, self.feed, status, api_name="unfollow_feed").then(
            self.rows, None, self.table, api_visibility="private"
        )
        self.table.select(self.select_row, None, self.feed, api_visibility="private")

    # Handlers carry comments, not docstrings: Gradio shows a docstring as the API's text.

    @reported
    def rows(self) -> list[list[object]]:
        return sources.feed_rows(self.settings)

    @staticmethod
    def cleared() -> str:
        # Not a lambda: it would take the next /lambda_N name, which the article list has.
        return ""

    @staticmethod
    @reported
    def select_row(event: gr.SelectData) -> str:
        row = event.row_value or []
        return str(row[0]) if row else ""

    @reported
    def add_urls(self, text: str | None, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return sources.add_from_urls(text, self.settings, lambda f, d: progress(f, desc=d))

    @reported
    def follow_feed(self, url: str | None, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return sources.follow(url, self.settings, lambda f, d: progress(f, desc=d))

    @reported
    def unfollow_feed(self, url: str | None) -> str:
        return sources.unfollow(url, self.settings)

    @reported
    def refresh_feeds(self, progress: gr.Progress = gr.Progress()) -> str:  # noqa: B008
        return sources.refresh(self.settings, lambda f, d: progress(f, desc=d))
