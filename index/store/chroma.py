"""The Chroma collection of one index generation: chunks, their vectors and flat metadata."""

from __future__ import annotations

import hashlib
import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from index.core.errors import StoreUnavailableError
from index.core.settings import Settings
from index.ingest.article import Article
from index.ingest.chunk import Chunk
from index.store.local import local_client, release

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Where

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


def open_store(settings: Settings, generation: Path, *, reading: bool = False) -> ChunkStore:
    """The store of `generation` as the settings choose: embedded (default) or server.
    `reading`: only read from it, so a full disk may be worked around (see ChunkStore)."""
    server = (
        ChromaServer(settings.chroma_host, settings.chroma_port, settings.chroma_token)
        if settings.chroma_host
        else None
    )
    return ChunkStore(generation / "chroma", server, reading=reading)


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
    url: str | None = None
    author: str | None = None


class ChunkStore:
    """Chunks of one generation: an embedded Chroma `PersistentClient` in `path` (one process
    per folder), or, with `server` set, a collection named after the generation on a Chroma
    server.

    `close()` (or `with`, or the store being garbage-collected) releases the client: its
    files, threads and memory. A store opened `reading` on a disk too full for Chroma to open
    it in place reads a temporary copy instead, and says so in `notes`.
    """

    def __init__(
        self, path: Path, server: ChromaServer | None = None, *, reading: bool = False
    ) -> None:
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path = path
        self.server = server
        self.notes: list[str] = []
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        copy: Path | None = None
        client: ClientAPI
        if server is None:
            client, copy = local_client(path, chroma_settings, reading=reading)
            name = COLLECTION
            if copy is not None:
                self.notes.append(
                    f"The disk holding the index ({path.parent.parent}) is full: answered from "
                    "a temporary copy of it - free space there"
                )
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
                    "NEWSQA_CHROMA_HOST to use the embedded store",
                    host=server.host,
                    port=server.port,
                ) from None
            name = server_collection(path)
        self._client = client
        self._name = name
        self._release = weakref.finalize(self, release, client, copy)
        try:
            # embedding_function=None: Chroma's default would download a model; we always
            # pass vectors.
            self._collection: Collection = client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine", "ef_search": 200}},
            )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Release the client (idempotent): Chroma keeps each folder's files open until its
        last client closes, so an unclosed store keeps even a deleted generation's files."""
        self._release()

    def __enter__(self) -> ChunkStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

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

    def add_articles(self, group: list[tuple[Article, list[Chunk]]], vectors: np.ndarray) -> None:
        """Store the chunks of several articles (vectors in the same order) in one upsert:
        Chroma's cost per call dominates small ones (4.2 ms/chunk at 12 per call, 0.95 at
        1,200)."""
        chunks = [(article, chunk) for article, cs in group for chunk in cs]
        if not chunks:
            return
        self._collection.upsert(
            ids=[c.chunk_id for _, c in chunks],
            embeddings=vectors,
            documents=[c.text for _, c in chunks],
            metadatas=[_metadata(article, c) for article, c in chunks],
        )

    def delete_articles(self, article_ids: list[str]) -> None:
        if article_ids:
            values: list[str | int | float | bool] = [*article_ids]
            within: dict[Literal["$in", "$nin"], list[str | int | float | bool]] = {"$in": values}
            where: Where = {"article_id": within}
            self._collection.delete(where=where)

    def query(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ids of the `k` nearest chunks with their cosine similarity, best first.

        Ids only: readers hold the chunks, and fetching 300 documents with their metadata
        took 29.7 ms of a query that otherwise takes 1.7 ms (7,530 chunks)."""
        k = min(k, self.count())
        if k == 0:
            return []
        found = self._collection.query(
            query_embeddings=[vector], n_results=k, include=["distances"], where=where
        )
        dists = (found["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(found["ids"][0], dists, strict=True)]

    def all_chunks(self, page: int = 1000) -> list[StoredChunk]:
        """Every chunk, read a page at a time: one large read held ~3x the memory for good
        (the allocator keeps chromadb's freed buffers) and was slower."""
        chunks: list[StoredChunk] = []
        while True:
            got = self._collection.get(
                include=["documents", "metadatas"], limit=page, offset=len(chunks)
            )
            docs, metas = got["documents"] or [], got["metadatas"] or []
            chunks += [_stored(i, d, m) for i, d, m in zip(got["ids"], docs, metas, strict=True)]
            if len(got["ids"]) < page:
                return chunks


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
    for name in ("outlet", "url", "author"):
        if getattr(article, name):
            meta[name] = getattr(article, name)
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
        url=meta.get("url"),
        author=meta.get("author"),
    )
