"""Build or update the index: embed only new and changed articles, drop removed ones."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.core.settings import Settings
from index.embed.embedder import Embedder, load_embedder
from index.ingest.article import Article
from index.ingest.chunk import Chunk, chunk_article
from index.ingest.clean import CLEANER_VERSION, clean_article
from index.ingest.load import SkippedFile, read_article_files
from index.news.echoes import load_echoes, refresh_echoes
from index.store.chroma import ChunkStore, open_store
from index.store.generations import live_generation, new_generation, remove_stale, switch_to
from index.store.lexical import LexicalCorpus, save_bm25
from index.store.lock import writer_lock
from index.store.manifest import MANIFEST, ArticleEntry, Manifest, build_key

# progress(done, total, article_id) after each article is embedded.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexReport:
    """What an update did. Lists hold article ids."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks_embedded: int = 0
    total_chunks: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    generation: str = ""


def update_index(
    settings: Settings, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Bring the live index in line with the seeds folder; a full build when asked or needed."""
    files, skipped = read_article_files(settings.seeds_dir, settings.max_article_bytes)
    return sync_articles(
        settings, list(map(clean_article, files)), skipped, rebuild=rebuild, progress=progress
    )


def sync_articles(
    settings: Settings,
    articles_in: list[Article],
    skipped: list[SkippedFile],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IndexReport:
    """Make the index hold exactly `articles_in` (by id), embedding only what is new or changed."""
    started = time.perf_counter()
    with writer_lock(settings.data_dir):
        articles = {a.article_id: a for a in articles_in}
        key = build_key(
            settings.embed_model, settings.chunk_size, settings.chunk_overlap, CLEANER_VERSION
        )
        live = live_generation(settings.data_dir)
        manifest = _usable_manifest(live, key)
        if rebuild or live is None or manifest is None:
            report = _build_generation(settings, articles, skipped, key, progress)
        else:
            report = _update_generation(settings, live, manifest, articles, skipped, progress)
        for gone in remove_stale(settings.data_dir, grace_seconds=settings.generation_grace):
            if settings.chroma_host:
                open_store(settings, gone).drop()
    return IndexReport(**{**report.__dict__, "seconds": time.perf_counter() - started})


def _usable_manifest(live: Path | None, key: dict[str, object]) -> Manifest | None:
    if live is None:
        return None
    try:
        manifest = Manifest.load(live)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return manifest if manifest.complete and manifest.build_key == key else None


def _build_generation(
    settings: Settings,
    articles: dict[str, Article],
    skipped: list[SkippedFile],
    key: dict[str, object],
    progress: Progress | None,
) -> IndexReport:
    import chromadb

    generation = new_generation(settings.data_dir)
    embedder = load_embedder(settings.embed_model)
    now = _now()
    manifest = Manifest(key, chromadb.__version__, embedder.dimension, now, now)
    store = open_store(settings, generation)
    embedded, lexical = _embed_articles(
        settings, store, generation, manifest, embedder, list(articles.values()), progress
    )
    manifest.skipped = {s.article_id: s.reason for s in skipped}
    manifest.complete = True
    save_bm25(generation, lexical, manifest.revision)
    refresh_echoes(generation, manifest.revision, lambda a: articles[a].text, set(articles))
    manifest.save(generation)
    switch_to(settings.data_dir, generation)
    return IndexReport(
        added=sorted(articles),
        skipped=skipped,
        chunks_embedded=embedded,
        total_chunks=manifest.chunk_count,
        rebuilt=True,
        generation=generation.name,
    )


def _update_generation(
    settings: Settings,
    live: Path,
    manifest: Manifest,
    articles: dict[str, Article],
    skipped: list[SkippedFile],
    progress: Progress | None,
) -> IndexReport:
    """Apply the changes to a copy of the live generation, then switch to the copy: readers
    (in this process or another) never see a half-applied update, and a killed update leaves
    the live index as it was."""
    known = manifest.articles
    added = sorted(a for a in articles if a not in known)
    changed = sorted(
        a for a in articles if a in known and known[a].content_hash != articles[a].content_hash
    )
    removed = sorted(a for a in known if a not in articles)
    unchanged = sorted(a for a in articles if a in known and a not in changed)
    report = IndexReport(added, changed, removed, unchanged, skipped, 0, manifest.chunk_count)
    manifest.skipped = {s.article_id: s.reason for s in skipped}
    if not (added or changed or removed) and (live / "bm25").is_dir():
        # Nothing to re-embed: the manifest (skipped files) is rewritten atomically in place,
        # and Chroma (~0.5 s to open) is never opened.
        if load_echoes(live, manifest.revision) is None:
            # Written before echoes were kept: find them once, not in every reader.
            refresh_echoes(
                live,
                manifest.revision,
                lambda a: article_text_path(live, known[a]).read_text(encoding="utf-8"),
                set(known),
            )
        manifest.save(live)
        return IndexReport(**{**report.__dict__, "generation": live.name})
    generation = new_generation(settings.data_dir)
    manifest.complete = False
    shutil.copytree(
        live, generation, dirs_exist_ok=True, ignore=shutil.ignore_patterns(MANIFEST, "VERIFIED")
    )
    store = open_store(settings, generation)
    if settings.chroma_host:
        store.copy_from(open_store(settings, live))
    store.delete_articles(removed)
    for article_id in removed:
        gone = known.pop(article_id).content_hash
        # Identical files (wire copies) share one text file: keep it while one remains.
        if all(entry.content_hash != gone for entry in known.values()):
            _text_path(generation, gone).unlink(missing_ok=True)
    todo = [articles[a] for a in added + changed]
    embedded, lexical = 0, LexicalCorpus.empty()
    if todo:
        embedder = load_embedder(settings.embed_model)
        embedded, lexical = _embed_articles(
            settings, store, generation, manifest, embedder, todo, progress
        )
    manifest.updated_at = _now()
    manifest.revision += 1
    kept = LexicalCorpus.saved(generation)
    if kept is None:  # written before tokens were kept, or damaged: from the store
        lexical = LexicalCorpus.of_chunks(store.all_chunks())
    else:
        lexical = LexicalCorpus.joined([kept.without({*removed, *changed}), lexical])
    save_bm25(generation, lexical, manifest.revision)
    refresh_echoes(
        generation,
        manifest.revision,
        lambda a: article_text_path(generation, known[a]).read_text(encoding="utf-8"),
        set(known),
        (manifest.revision - 1, {*added, *changed, *removed}),
    )
    manifest.complete = True
    manifest.save(generation)
    switch_to(settings.data_dir, generation)
    return IndexReport(
        **{
            **report.__dict__,
            "chunks_embedded": embedded,
            "total_chunks": manifest.chunk_count,
            "generation": generation.name,
        }
    )


# Chunks embedded per encoder call: the encoder sorts them by length before batching, so a
# large group of several articles pads far less than one article at a time.
EMBED_GROUP = 256


def _embed_articles(
    settings: Settings,
    store: ChunkStore,
    generation: Path,
    manifest: Manifest,
    embedder: Embedder,
    articles: list[Article],
    progress: Progress | None,
) -> tuple[int, LexicalCorpus]:
    """Chunk, embed and store articles in groups; the manifest learns of an article only
    after it is stored. Returns the chunks embedded and their BM25 tokens.

    Three stages overlap: a thread chunks the next group while this one is embedded, and a
    writer thread stores the previous one. The encoder alone keeps 2 cores only ~115% busy;
    chunking (6%) and Chroma's upserts (7%) ran between its calls.
    """
    embedded = done = 0
    lexical: list[LexicalCorpus] = []
    replacing = set(manifest.articles)  # stored before: changed articles in an update

    def store_group(group: list[tuple[Article, list[Chunk]]], vectors: np.ndarray) -> None:
        nonlocal embedded, done
        # A changed article may now have fewer chunks than before: its old ones go first.
        store.delete_articles([a.article_id for a, _ in group if a.article_id in replacing])
        store.add_articles(group, vectors)
        for article, chunks in group:
            text_path = _text_path(generation, article.content_hash)
            text_path.parent.mkdir(exist_ok=True)
            text_path.write_text(article.text, encoding="utf-8")
            manifest.articles[article.article_id] = ArticleEntry(
                article.content_hash,
                article.title,
                article.outlet,
                article.date,
                len(chunks),
                _now(),
            )
            lexical.append(LexicalCorpus.of_article(article, chunks))
            embedded += len(chunks)
            done += 1
            if progress:
                progress(done, len(articles), article.article_id)

    stored: Future[None] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-qa-store") as writer:
        for group in _one_ahead(_chunk_groups(articles, settings)):
            vectors = embedder.embed_passages([c.text for _, chunks in group for c in chunks])
            if stored is not None:
                stored.result()  # one group in flight: bounded memory, errors surface here
            stored = writer.submit(store_group, group, vectors)
        if stored is not None:
            stored.result()
    return embedded, LexicalCorpus.joined(lexical)


Group = list[tuple[Article, list[Chunk]]]


def _chunk_groups(articles: list[Article], settings: Settings) -> Iterator[Group]:
    """The articles with their chunks, in groups of at least EMBED_GROUP chunks."""
    group: Group = []
    for article in articles:
        group.append((article, chunk_article(article, settings.chunk_size, settings.chunk_overlap)))
        if sum(len(chunks) for _, chunks in group) >= EMBED_GROUP:
            yield group
            group = []
    if group:
        yield group


def _one_ahead(items: Iterator[Group]) -> Iterator[Group]:
    """`items`, each next one produced in a thread while the caller works on the current."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="news-qa-chunk") as chunker:
        upcoming = chunker.submit(next, items, None)
        while (item := upcoming.result()) is not None:
            upcoming = chunker.submit(next, items, None)
            yield item


def _text_path(generation: Path, content_hash: str) -> Path:
    return generation / "texts" / f"{content_hash}.txt"


def article_text_path(generation: Path, entry: ArticleEntry) -> Path:
    """Where the cleaned text that every offset points into is kept."""
    return _text_path(generation, entry.content_hash)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
