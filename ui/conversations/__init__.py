"""Saved conversations and ratings of answers (SQLite in the data folder), for the chat UI
and the service APIs: `from ui.conversations.store import ConversationStore`."""
