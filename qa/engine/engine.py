"""The live index opened for reading: Chroma store, BM25 index and embedder, reopened on change."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from index.core.errors import (
    ArticleNotFoundError,
    IndexDamagedError,
    IndexMissingError,
)
from index.core.settings import Settings
from index.core.text.outlets import outlet_aliases
from index.core.text.sentences import sentence_spans
from index.core.text.terms import content_terms
from index.embed.embedder import Embedder, load_embedder
from index.news.echoes import ShingleTable, load_near_copies, near_copies
from index.store.chroma import ChunkStore, StoredChunk, open_store
from index.store.generations import earlier_generations, live_generation
from index.store.lexical import LexicalIndex, Spans, load_lexical
from index.store.manifest import MANIFEST, Manifest
from index.store.probe import store_problem
from index.store.texts import article_text_path
from qa.engine.copies import WireCopies
from qa.engine.cross_encoder import RERANK_PAIR_TOKENS, CrossEncoder, load_cross_encoder
from qa.engine.term_stats import TermStats
from qa.retrieval.config import RetrievalConfig
from qa.types import Passage

if TYPE_CHECKING:
    from qa.answer.extractive import ExtractiveAnswerer
    from qa.answer.generated import GeneratedAnswerer

log = logging.getLogger(__name__)


@dataclass
class Engine:
    """Everything needed to answer from one generation of the index.

    It holds its generation's Chroma client until the engine itself is freed: replaced
    engines are dropped from the cache, and the last request using one lets it go.
    """

    settings: Settings
    generation: Path
    manifest: Manifest
    store: ChunkStore
    chunks: dict[str, StoredChunk]
    lexical: LexicalIndex
    embedder: Embedder
    reranker: CrossEncoder
    outlet_aliases: dict[str, frozenset[str]]
    # Said with every answer from this engine (e.g. it is a fallback for a damaged index).
    notes: list[str] = field(default_factory=list)
    # The answerer per Settings (qa.api.answerer): kept here, it goes with its engine.
    answerers: dict[Settings, ExtractiveAnswerer | GeneratedAnswerer] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Replaced by a newer generation's engine: requests still using it finish with it.
    retired: bool = field(default=False, compare=False)

    def keep_answerer(
        self, settings: Settings, built: ExtractiveAnswerer | GeneratedAnswerer
    ) -> ExtractiveAnswerer | GeneratedAnswerer:
        """The answerer kept for `settings`: `built` unless one was kept first. A retired
        engine keeps none (the answerer points back at it: a cycle only gc would undo)."""
        with _lock:
            return built if self.retired else self.answerers.setdefault(settings, built)

    @cached_property
    def passage_reranker(self) -> CrossEncoder:
        """The cross-encoder for the optional rerank stage, loaded only when it is used."""
        return load_cross_encoder(self.settings.reranker, RERANK_PAIR_TOKENS)

    def bm25_hits(self, query: str, k: int) -> dict[str, float]:
        """The `k` best chunks by BM25 with their positive scores, best first."""
        return self.lexical.search(query, min(k, len(self.chunks)))

    @cached_property
    def term_stats(self) -> TermStats:
        """Content-term frequencies over all chunks (for IDF weights), saved at index time."""
        return TermStats(self.lexical.documents, self.lexical.df)

    def sentence_spans(self, chunk_id: str, text: str) -> Spans:
        """A chunk's sentences as offsets in its text: saved at index time, else found now."""
        saved = self.lexical.spans.get(chunk_id)
        return saved if saved is not None else sentence_spans(text)

    def passage_spans(self, passage: Passage) -> Spans:
        """A retrieved passage's sentences as offsets in its text (`sentence_spans`)."""
        return self.sentence_spans(passage.passage_id, passage.text)

    @cached_property
    def _sentence_terms(self) -> dict[str, list[frozenset[str]]]:
        return {}

    def sentence_terms(self, chunk_id: str) -> list[frozenset[str]]:
        """The content terms of each sentence of a chunk, computed once per chunk."""
        cached = self._sentence_terms.get(chunk_id)
        if cached is None:
            text = self.chunks[chunk_id].text
            spans = self.sentence_spans(chunk_id, text)
            cached = [frozenset(content_terms(text[a:b])) for a, b in spans]
            self._sentence_terms[chunk_id] = cached
        return cached

    @cached_property
    def outlet_names(self) -> list[str]:
        """The outlets of the indexed articles, sorted."""
        return sorted({c.outlet for c in self.chunks.values() if c.outlet})

    @cached_property
    def newest_date(self) -> date | None:
        """The newest article date: "last week" in a question is relative to it."""
        days = [e.date for e in self.manifest.articles.values() if e.date]
        return date.fromisoformat(max(days)) if days else None

    @cached_property
    def copies(self) -> WireCopies:
        """Which passages and articles repeat each other (wire copy), from the saved echoes;
        an index written before echoes were kept has them found now (1.8 s for 609 articles)."""
        found = load_near_copies(self.generation, self.manifest.revision)
        if found is None:
            log.warning(
                "Generation %s has no saved echoes for its revision (written before they were "
                "kept, or damaged): finding them now; news-qa index --rebuild saves them",
                self.generation.name,
            )
            texts = {a: self.article_text(a) for a in self.manifest.articles}
            found = near_copies(ShingleTable.of_texts(texts))
        outlets = {a: entry.outlet for a, entry in self.manifest.articles.items()}
        return WireCopies(found, self.chunks, outlets)

    def article_text(self, article_id: str) -> str:
        """The cleaned text of an indexed article: every citation's offsets point into it."""
        entry = self.manifest.articles.get(article_id)
        if entry is None:
            raise ArticleNotFoundError(
                f"Article {article_id!r} is not in the index - run: news-qa index",
                name=article_id,
                where="index",
            )
        return article_text_path(self.generation, entry).read_text(encoding="utf-8")


_lock = threading.Lock()
_engines: dict[tuple[object, ...], Engine] = {}


def open_engine(settings: Settings) -> Engine:
    """The engine for the live generation; cheap when nothing changed since the last call.

    A live generation that is damaged (manifest, Chroma files) or from another chromadb
    release is never opened in this process: the newest earlier good generation answers
    instead, with a note naming the fix, or IndexDamagedError says it.
    """
    data_dir = settings.data_dir.resolve()
    generation = live_generation(data_dir)
    if generation is None:
        raise IndexMissingError(data_dir)
    try:
        stamp = (generation / MANIFEST).stat().st_mtime_ns
    except OSError:
        stamp = -1
    key = (data_dir, generation.name, stamp, engine_settings(settings))
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _open_good(settings, data_dir, generation)
            for stale in [k for k in _engines if k[:3] != key[:3]]:
                _retire(_engines.pop(stale))
            _engines[key] = engine
        return engine


def _retire(engine: Engine) -> None:
    """Let a replaced engine go. Nothing else holds it and nothing it holds points back at it
    (its answerers did), so its store is closed (its Chroma client, its files, even deleted
    ones) as soon as no request uses it: at once, or when the last one using it ends.
    tests/qa/engine/test_release.py checks it with the garbage collector off."""
    engine.retired = True
    engine.answerers.clear()


def engine_settings(settings: Settings) -> tuple[object, ...]:
    """The settings that shape an engine (its models, its store's server, its retrieval):
    two settings that differ in one of them get two engines."""
    return (
        settings.embed_model,
        settings.reranker,
        settings.chroma_host,
        settings.chroma_port,
        settings.chroma_token,
        RetrievalConfig.of(settings),
    )


def _open_good(settings: Settings, data_dir: Path, generation: Path) -> Engine:
    manifest, problem = _checked_manifest(settings, generation)
    if manifest is not None and problem is None:
        return _open(settings, generation, manifest)
    for earlier in earlier_generations(data_dir):
        fallback, trouble = _checked_manifest(settings, earlier)
        if fallback is not None and trouble is None:
            note = (
                f"The live index is damaged ({problem}) - run: news-qa index --rebuild. "
                f"Answering from the previous index (updated {fallback.updated_at})."
            )
            return _open(settings, earlier, fallback, [note])
    raise IndexDamagedError(generation, problem or "unknown")


def _checked_manifest(settings: Settings, generation: Path) -> tuple[Manifest | None, str | None]:
    """The generation's manifest, and what makes it unusable (None when nothing does)."""
    import chromadb

    try:
        manifest = Manifest.load(generation)
    except (OSError, ValueError, TypeError, KeyError):
        return None, "its manifest is missing or damaged"
    if not manifest.complete:
        return manifest, "it was never finished"
    built_with = manifest.build_key.get("embed_model")
    if built_with != settings.embed_model:
        raise IndexMissingError(
            generation,
            f"The index was built with embedding model {built_with!r}, "
            f"not NEWSQA_EMBED_MODEL={settings.embed_model!r}",
        )
    if _release(manifest.chromadb_version) != _release(chromadb.__version__):
        return manifest, (
            f"it was written by chromadb {manifest.chromadb_version}, this is "
            f"{chromadb.__version__}"
        )
    if settings.chroma_host:
        return manifest, None  # no local files that could crash this process
    return manifest, store_problem(generation, manifest.chunk_count, manifest.embed_dim)


def _release(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _open(
    settings: Settings, generation: Path, manifest: Manifest, notes: list[str] | None = None
) -> Engine:
    store = open_store(settings, generation, reading=True)
    try:
        chunks = {c.chunk_id: c for c in store.all_chunks()}
        return Engine(
            settings,
            generation,
            manifest,
            store,
            chunks,
            load_lexical(generation, manifest.revision, list(chunks.values())),
            load_embedder(settings.embed_model),
            load_cross_encoder(settings.reranker),
            outlet_aliases({c.outlet for c in chunks.values() if c.outlet}),
            [*(notes or []), *store.notes],
        )
    except BaseException:
        store.close()
        raise
