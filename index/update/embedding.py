"""Chunk, embed and store articles into a generation being written.

Three stages overlap: a thread chunks the next group while this one is embedded, and a writer
thread stores the previous one. The encoder alone keeps 2 cores only ~115% busy; chunking (6%)
and Chroma's upserts (7%) ran between its calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from index.core.settings import Settings
from index.embed.embedder import Embedder
from index.ingest.article import Article, text_hash
from index.ingest.chunk import Chunk, chunk_article
from index.store.chroma import ChunkStore
from index.store.lexical import LexicalCorpus
from index.store.manifest import ArticleEntry, Manifest, timestamp
from index.store.texts import save_text
from index.update.report import Progress

# Chunks embedded per encoder call: the encoder sorts them by length before batching, so a
# large group of several articles pads far less than one article at a time.
EMBED_GROUP = 256

Group = list[tuple[Article, list[Chunk]]]


class GenerationWriter:
    """Writes articles into one generation: Chroma chunks, text files and manifest entries.

    The manifest learns of an article only after it is stored. Of the latest `write`:
    `embedded` counts the chunks and `done` the articles stored so far, of `total`.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        store: ChunkStore,
        manifest: Manifest,
        generation: Path,
        embedder: Embedder,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.manifest = manifest
        self.generation = generation
        self.embedder = embedder
        self.progress = progress
        self.embedded = 0
        self.done = 0
        self.total = 0
        self._lexical: list[LexicalCorpus] = []
        self._replacing: set[str] = set()

    def write(self, articles: list[Article]) -> LexicalCorpus:
        """Chunk, embed and store `articles` in groups; returns their BM25 tokens."""
        self.embedded, self.done, self.total = 0, 0, len(articles)
        self._lexical = []
        self._replacing = set(self.manifest.articles)  # stored before: changed in an update
        stored: Future[None] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-qa-store") as writer:
            for group in one_ahead(chunk_groups(articles, self.settings)):
                texts = [c.text for _, chunks in group for c in chunks]
                vectors = self.embedder.embed_passages(texts)
                if stored is not None:
                    stored.result()  # one group in flight: bounded memory, errors surface here
                stored = writer.submit(self._store_group, group, vectors)
            if stored is not None:
                stored.result()
        return LexicalCorpus.joined(self._lexical)

    def _store_group(self, group: Group, vectors: np.ndarray) -> None:
        # A changed article may now have fewer chunks than before: its old ones go first.
        self.store.delete_articles(
            [a.article_id for a, _ in group if a.article_id in self._replacing]
        )
        self.store.add_articles(group, vectors)
        for article, chunks in group:
            save_text(self.generation, article.content_hash, article.text)
            self.manifest.articles[article.article_id] = ArticleEntry(
                content_hash=article.content_hash,
                title=article.title,
                outlet=article.outlet,
                date=article.date,
                chunks=len(chunks),
                indexed_at=timestamp(),
                url=article.url,
                author=article.author,
                text_hash=text_hash(article.text),
            )
            self._lexical.append(LexicalCorpus.of_article(article, chunks))
            self.embedded += len(chunks)
            self.done += 1
            if self.progress:
                self.progress(self.done, self.total, article.article_id)


def chunk_groups(articles: list[Article], settings: Settings) -> Iterator[Group]:
    """The articles with their chunks, in groups of at least EMBED_GROUP chunks."""
    group: Group = []
    for article in articles:
        group.append((article, chunk_article(article, settings.chunk_size, settings.chunk_overlap)))
        if sum(len(chunks) for _, chunks in group) >= EMBED_GROUP:
            yield group
            group = []
    if group:
        yield group


def one_ahead(items: Iterator[Group]) -> Iterator[Group]:
    """`items`, each next one produced in a thread while the caller works on the current."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-qa-chunk") as chunker:
        upcoming = chunker.submit(next, items, None)
        while (item := upcoming.result()) is not None:
            upcoming = chunker.submit(next, items, None)
            yield item
