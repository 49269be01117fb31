"""The Conversations column of the Chat tab: saved conversations listed (newest first),
reopened, deleted and exported, a new one started; thumbs up/down on each answer.

Imports gradio: ui/web/chat_tab.py makes it while it lays out the tab. No postponed
annotations: Gradio finds `gr.Request` and `gr.LikeData` by the annotation's class.
"""

from typing import TYPE_CHECKING, Any

import gradio as gr

from index.core.settings import Settings
from qa.types import Answer
from ui.web.chat import Message, cited_texts
from ui.web.events import reported
from ui.web.render import sources_html
from ui.web.saved import ChatSession, SavedChats
from ui.web.timeline import timeline_html

if TYPE_CHECKING:
    from ui.web.chat_tab import ChatTab


def owner(request: gr.Request | None) -> str:
    """Whose conversations: the logged-in user's, or "" without logins."""
    return (request.username if request is not None else None) or ""


class HistoryPanel:
    """The column's components, laid out when it is made inside a `gr.Column`, and its
    handlers. `session` holds the tab's ChatSession."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.saved = SavedChats(settings)
        self.session = gr.State(ChatSession())
        gr.Markdown("### Conversations", elem_classes=["nq-heading"])
        self.new = gr.Button("New conversation", size="sm", elem_id="nq-new-chat")
        self.list = gr.Radio(choices=[], label="Saved, newest first", elem_id="nq-conversations")
        with gr.Row():
            self.delete = gr.Button("Delete", size="sm", variant="stop", elem_id="nq-delete-chat")
            self.export = gr.Button("Markdown", size="sm", elem_id="nq-export-chat")
        self.ratings = gr.Button("Ratings (JSONL)", size="sm", elem_id="nq-export-ratings")
        self.download = gr.File(
            label="Download", visible=False, interactive=False, elem_id="nq-download"
        )
        self.status = gr.Markdown("", elem_id="nq-history-status")

    def wire(self, app: gr.Blocks, tab: "ChatTab", asked: list[Any]) -> None:
        """Connect the events; `asked` are the chat's ask events, each followed by a save."""
        # Short calls to the store: they never wait behind answers for the queue's slots.
        private: dict[str, Any] = {"api_visibility": "private", "concurrency_limit": None}
        self.article_hint = tab.article.value
        self.chat_view = [tab.chat, tab.turns, self.session, tab.sources, tab.timeline]
        for event in asked:
            event.then(
                self.save,
                [self.session, tab.chat, tab.turns],
                [self.session, self.list, self.status],
                **private,
            )
        tab.chat.like(self.rate, [self.session], [self.status], **private)
        app.load(self.fill, None, [self.list], **private)
        self.new.click(self.start, None, [*self.chat_view, tab.article, self.list], **private)
        # The Chatbot's own Clear (its bin) starts a new conversation too: the cleared chat
        # no longer shows the answers the tab would go on saving after.
        tab.chat.clear(self.start, None, [*self.chat_view, tab.article, self.list], **private)
        self.list.input(
            self.reopen, [self.list], [*self.chat_view, tab.article, self.status], **private
        )
        self.delete.click(
            self.remove,
            [self.list, self.session],
            [*self.chat_view, tab.article, self.list, self.status],
            **private,
        )
        self.export.click(self.export_markdown, [self.list], [self.download], **private)
        self.ratings.click(self.export_ratings, None, [self.download], **private)

    # Handlers carry comments, not docstrings: Gradio shows a docstring as the API's text.

    # After each answer: save what is new, and show this conversation first in the list.
    @reported
    def save(
        self,
        session: ChatSession,
        history: list[Message],
        answers: list[Answer],
        request: gr.Request,
    ) -> tuple[Any, ...]:
        user = owner(request)
        session, note = self.saved.save(session, history or [], answers or [], user)
        choices = self.saved.choices(user)
        return session, gr.update(choices=choices, value=session.conversation_id), note

    @reported
    def rate(self, session: ChatSession, data: gr.LikeData, request: gr.Request) -> str:
        index = data.index if isinstance(data.index, int) else data.index[0]  # (row, col)
        return self.saved.rate(session, index, data.liked, owner(request))

    @reported
    def fill(self, request: gr.Request) -> Any:
        return gr.update(choices=self.saved.choices(owner(request)), value=None)

    # An empty chat; the conversation is saved with its first answer.
    @reported
    def start(self, request: gr.Request) -> tuple[Any, ...]:
        empty = gr.update(value=[], feedback_value=[])
        choices = gr.update(choices=self.saved.choices(owner(request)), value=None)
        return (
            empty,
            [],
            ChatSession(),
            sources_html(None, 0, {}),
            timeline_html(None),
            self.article_hint,
            choices,
        )

    @reported
    def reopen(self, conversation_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not conversation_id:
            return (*(gr.skip() for _ in range(6)), "")
        shown = self.saved.reopen(conversation_id, owner(request))
        last = len(shown.answers) - 1
        answer = shown.answers[last] if shown.answers else None
        texts = cited_texts(answer, self.settings) if answer else {}
        return (
            gr.update(value=shown.history, feedback_value=shown.feedback),
            shown.answers,
            shown.session,
            sources_html(answer, last, texts),
            timeline_html(answer, last if answer else None),
            self.article_hint,
            "",
        )

    @reported
    def remove(
        self, conversation_id: str | None, session: ChatSession, request: gr.Request
    ) -> tuple[Any, ...]:
        if not conversation_id:
            return (*(gr.skip() for _ in range(7)), "Choose a conversation in the list first.")
        user = owner(request)
        self.saved.store.delete(conversation_id, owner=user)
        choices = gr.update(choices=self.saved.choices(user), value=None)
        said = "Conversation deleted (its ratings stay in the ratings export)."
        if conversation_id != session.conversation_id:
            return (*(gr.skip() for _ in range(6)), choices, said)
        return (*self.start(request)[:6], choices, said)

    @reported
    def export_markdown(self, conversation_id: str | None, request: gr.Request) -> Any:
        if not conversation_id:
            raise gr.Error("Choose a conversation in the list first.", print_exception=False)
        path = self.saved.markdown_file(conversation_id, owner(request))
        return gr.update(value=str(path), visible=True)

    @reported
    def export_ratings(self, request: gr.Request) -> Any:
        return gr.update(value=str(self.saved.feedback_file(owner(request))), visible=True)
