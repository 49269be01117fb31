"""The cleaned article texts of a generation: every citation's offsets point into them.

One file per content hash under `<generation>/texts/`, so identical files (wire copies) share
one text file.
"""

from __future__ import annotations

from pathlib import Path

from index.store.manifest import ArticleEntry

FOLDER = "texts"


def text_path(generation: Path, content_hash: str) -> Path:
    return generation / FOLDER / f"{content_hash}.txt"


def article_text_path(generation: Path, entry: ArticleEntry) -> Path:
    """Where the cleaned text that every offset points into is kept."""
    return text_path(generation, entry.content_hash)


def read_article_text(generation: Path, entry: ArticleEntry) -> str:
    return article_text_path(generation, entry).read_text(encoding="utf-8")


def save_text(generation: Path, content_hash: str, text: str) -> None:
    path = text_path(generation, content_hash)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


def drop_unshared_text(generation: Path, content_hash: str, kept: dict[str, ArticleEntry]) -> None:
    """Delete the text of a removed article unless a `kept` article has the same content."""
    if all(entry.content_hash != content_hash for entry in kept.values()):
        text_path(generation, content_hash).unlink(missing_ok=True)
