"""The manifest of an index generation: what it was built with and which articles it holds."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = 1
# What Manifest.load raises for a missing, unreadable or damaged file.
LOAD_ERRORS = (OSError, ValueError, TypeError, KeyError)


@dataclass
class ArticleEntry:
    """What the index knows of one article without opening Chroma."""

    content_hash: str
    title: str
    outlet: str | None
    date: str | None
    chunks: int
    indexed_at: str
    # Web pages: where the article was published and its byline (None for text files).
    url: str | None = None
    author: str | None = None
    # sha256 of the cleaned text: the same text saved twice from one site is one article.
    text_hash: str | None = None


@dataclass
class Manifest:
    """Written last, atomically: a generation without a complete manifest is not an index."""

    build_key: dict[str, Any]
    chromadb_version: str
    embed_dim: int
    created_at: str
    updated_at: str
    complete: bool = False
    # Bumped on every change; files derived from the chunks (BM25) are tagged with it.
    revision: int = 0
    articles: dict[str, ArticleEntry] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def chunk_count(self) -> int:
        return sum(a.chunks for a in self.articles.values())

    def save(self, generation: Path) -> None:
        text = json.dumps(asdict(self), indent=1, ensure_ascii=False)
        # An update that changes nothing writes nothing: it must not fail on a full disk.
        if _read_or_none(generation / MANIFEST) == text:
            return
        tmp = generation / (MANIFEST + ".tmp")
        try:
            tmp.write_text(text, "utf-8")
            os.replace(tmp, generation / MANIFEST)
        except OSError:
            tmp.unlink(missing_ok=True)  # a full disk must not keep a part-written copy
            raise

    @classmethod
    def load(cls, generation: Path) -> Manifest:
        """Raises one of LOAD_ERRORS when the file is missing or damaged."""
        data = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        articles = {k: ArticleEntry(**v) for k, v in data.pop("articles").items()}
        return cls(articles=articles, **data)


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def build_key(
    embed_model: str, chunk_size: int, chunk_overlap: int, cleaner: int
) -> dict[str, Any]:
    """Everything that, when changed, makes every stored chunk or vector stale."""
    return {
        "format": FORMAT,
        "embed_model": embed_model,
        "chunk_size": chunk_size,
        "chunk_overlap": chunk_overlap,
        "cleaner_version": cleaner,
    }


def timestamp() -> str:
    """Now, as the manifest records times (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
