"""The Chroma collection of one index generation: chunks, their vectors and flat metadata."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.article import Article
from index.chunk import Chunk

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api.models.Collection import Collection

COLLECTION = "chunks"


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the store, with its article's metadata."""

    chunk_id: str
    article_id: str
    text: str
    title: str
    outlet: str | None
    date: str | None
    start: int
    end: int


class ChunkStore:
    """Chunks of one generation in an embedded Chroma `PersistentClient` (one process each)."""

    def __init__(self, path: Path) -> None:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path = path
        client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
        )
        # embedding_function=None: Chroma's default would download a model; we always pass vectors.
        self._collection: Collection = client.get_or_create_collection(
            COLLECTION,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_search": 200}},
        )

    def count(self) -> int:
        return self._collection.count()

    def add_article(self, article: Article, chunks: list[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        self._collection.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[_metadata(article, c) for c in chunks],
        )

    def delete_article(self, article_id: str) -> None:
        self._collection.delete(where={"article_id": article_id})

    def query(self, vector: np.ndarray, k: int) -> list[tuple[StoredChunk, float]]:
        """The `k` nearest chunks with their cosine similarity, best first."""
        k = min(k, self.count())
        if k == 0:
            return []
        found = self._collection.query(
            query_embeddings=[vector], n_results=k, include=["documents", "metadatas", "distances"]
        )
        ids, docs = found["ids"][0], (found["documents"] or [[]])[0]
        metas, dists = (found["metadatas"] or [[]])[0], (found["distances"] or [[]])[0]
        return [
            (_stored(i, d, m), 1.0 - float(dist))
            for i, d, m, dist in zip(ids, docs, metas, dists, strict=True)
        ]

    def all_chunks(self) -> list[StoredChunk]:
        got = self._collection.get(include=["documents", "metadatas"])
        docs, metas = got["documents"] or [], got["metadatas"] or []
        return [_stored(i, d, m) for i, d, m in zip(got["ids"], docs, metas, strict=True)]


def _metadata(article: Article, chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": article.article_id,
        "title": article.title,
        "n": chunk.n,
        "start": chunk.start,
        "end": chunk.end,
        "content_hash": article.content_hash,
    }
    # Chroma metadata is flat and has no nulls: absent values are absent keys.
    if article.outlet:
        meta["outlet"] = article.outlet
    if article.date:
        meta["date"] = article.date
        meta["date_int"] = article.date_int
    return meta


def _stored(chunk_id: str, text: str, meta: Any) -> StoredChunk:
    return StoredChunk(
        chunk_id=chunk_id,
        article_id=str(meta["article_id"]),
        text=text,
        title=str(meta["title"]),
        outlet=meta.get("outlet"),
        date=meta.get("date"),
        start=int(meta["start"]),
        end=int(meta["end"]),
    )
