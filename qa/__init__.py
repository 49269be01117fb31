"""Answers from the indexed news articles: `ask()`, `retrieve()` and their result types.

Importing this package is cheap; models and the index load on the first call.
"""

from qa.api import article_text, ask, ask_stream, indexed_article, retrieve
from qa.types import Answer, Citation, IndexedArticle, Passage

__all__ = [
    "Answer",
    "Citation",
    "IndexedArticle",
    "Passage",
    "article_text",
    "ask",
    "ask_stream",
    "indexed_article",
    "retrieve",
]
