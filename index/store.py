"""The Chroma collection of one index generation: chunks, their vectors and flat metadata."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.article import Article
from index.chunk import Chunk
from index.errors import StoreUnavailableError
from index.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api.models.Collection import Collection

COLLECTION = "chunks"


@dataclass(frozen=True)
class ChromaServer:
    """Where a Chroma server listens (NEWSQA_CHROMA_HOST/_PORT/_TOKEN)."""

    host: str
    port: int
    token: str = ""


def server_collection(path: Path) -> str:
    """One collection per data folder and generation: `nqa-<folder hash>-<generation>`."""
    generation = path.parent
    folder = hashlib.sha1(str(generation.parent.resolve()).encode()).hexdigest()[:10]
    return f"nqa-{folder}-{generation.name}"


def open_store(settings: Settings, generation: Path) -> ChunkStore:
    """The store of `generation` as the settings choose: embedded (default) or server."""
    server = (
        ChromaServer(settings.chroma_host, settings.chroma_port, settings.chroma_token)
        if settings.chroma_host
        else None
    )
    return ChunkStore(generation / "chroma", server)


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
    """Chunks of one generation: an embedded Chroma `PersistentClient` in `path` (one process
    per folder), or, with `server` set, a collection named after the generation on a Chroma
    server."""

    def __init__(self, path: Path, server: ChromaServer | None = None) -> None:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path = path
        self.server = server
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if server is None:
            client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            name = COLLECTION
        else:
            headers = {"Authorization": f"Bearer {server.token}"} if server.token else None
            try:
                client = chromadb.HttpClient(
                    host=server.host, port=server.port, headers=headers, settings=chroma_settings
                )
                client.heartbeat()
            except Exception as err:
                raise StoreUnavailableError(
                    f"Cannot reach the Chroma server at {server.host}:{server.port} ({err}) - "
                    "start it (chroma run --host 127.0.0.1 --port PORT --path DIR) or unset "
                    "NEWSQA_CHROMA_HOST to use the embedded store"
                ) from None
            name = server_collection(path)
        self._client = client
        self._name = name
        # embedding_function=None: Chroma's default would download a model; we always pass vectors.
        self._collection: Collection = client.get_or_create_collection(
            name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_search": 200}},
        )

    def copy_from(self, other: ChunkStore, batch: int = 500) -> None:
        """Copy every record of `other` (a server collection has no folder to copy)."""
        got = other._collection.get(include=["documents", "metadatas", "embeddings"])
        for i in range(0, len(got["ids"]), batch):
            self._collection.upsert(
                ids=got["ids"][i : i + batch],
                embeddings=got["embeddings"][i : i + batch],  # type: ignore[index]
                documents=got["documents"][i : i + batch],  # type: ignore[index]
                metadatas=got["metadatas"][i : i + batch],  # type: ignore[index]
            )

    def drop(self) -> None:
        """Delete the collection (server mode: a removed generation's records)."""
        self._client.delete_collection(self._name)

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
