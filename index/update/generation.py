"""A new generation of the index: built from scratch, or an update applied to a copy of the
live one. Either is switched to only once complete, so readers (in this process or another)
never see a half-applied change, and a killed writer leaves the live index as it was."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from index.core.settings import Settings
from index.embed.embedder import load_embedder
from index.ingest.article import Article
from index.ingest.load import SkippedFile
from index.news.echoes import load_echoes, refresh_echoes
from index.store.chroma import ChunkStore, open_store
from index.store.generations import RETIRED, live_generation, new_generation, switch_to
from index.store.lexical import LexicalCorpus, save_bm25
from index.store.manifest import MANIFEST, ArticleEntry, Manifest, timestamp
from index.store.probe import STAMP, stamp_verified
from index.store.texts import drop_unshared_text, read_article_text
from index.update.embedding import GenerationWriter
from index.update.report import IndexReport, Progress
from index.update.space import ensure_space, write_errors

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncRequest:
    """What the index must hold: `articles` by id, and the files that could not be read."""

    settings: Settings
    articles: dict[str, Article]
    skipped: list[SkippedFile]
    progress: Progress | None = None


@dataclass(frozen=True)
class Changes:
    """Article ids of an update, each list sorted."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: list[str]

    @classmethod
    def between(cls, known: dict[str, ArticleEntry], articles: dict[str, Article]) -> Changes:
        changed = sorted(
            a for a in articles if a in known and known[a].content_hash != articles[a].content_hash
        )
        return cls(
            added=sorted(a for a in articles if a not in known),
            changed=changed,
            removed=sorted(a for a in known if a not in articles),
            unchanged=sorted(a for a in articles if a in known and a not in changed),
        )

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def build_generation(request: SyncRequest, key: dict[str, object]) -> IndexReport:
    """Embed every article into a new generation built with `key`, then switch to it."""
    import chromadb

    settings = request.settings
    articles = request.articles
    ensure_space(settings, articles.values(), copied=None)
    embedder = load_embedder(settings.embed_model)
    now = timestamp()
    manifest = Manifest(
        build_key=key,
        chromadb_version=chromadb.__version__,
        embed_dim=embedder.dimension,
        created_at=now,
        updated_at=now,
    )
    generation = new_generation(settings.data_dir)
    with half_built(settings, generation):
        with open_store(settings, generation) as store:
            writer = GenerationWriter(
                settings=settings,
                store=store,
                manifest=manifest,
                generation=generation,
                embedder=embedder,
                progress=request.progress,
            )
            lexical = writer.write(list(articles.values()))
        manifest.skipped = {s.article_id: s.reason for s in request.skipped}
        save_bm25(generation, lexical, manifest.revision)
        refresh_echoes(generation, manifest.revision, lambda a: articles[a].text, set(articles))
        _publish(settings, generation, manifest)
    return IndexReport(
        added=sorted(articles),
        skipped=request.skipped,
        chunks_embedded=writer.embedded,
        total_chunks=manifest.chunk_count,
        rebuilt=True,
        generation=generation.name,
    )


def update_generation(request: SyncRequest, live: Path, manifest: Manifest) -> IndexReport:
    """Apply the changes from the live generation's `manifest` to a copy of it, then switch to
    the copy; with nothing to re-embed, only the manifest is rewritten in place."""
    changes = Changes.between(manifest.articles, request.articles)
    report = IndexReport(
        added=changes.added,
        changed=changes.changed,
        removed=changes.removed,
        unchanged=changes.unchanged,
        skipped=request.skipped,
        total_chunks=manifest.chunk_count,
    )
    manifest.skipped = {s.article_id: s.reason for s in request.skipped}
    if not changes.any and (live / "bm25").is_dir():
        _refresh_in_place(live, manifest)
        return replace(report, generation=live.name)
    settings = request.settings
    todo = [request.articles[a] for a in changes.added + changes.changed]
    ensure_space(settings, todo, copied=live)
    generation = new_generation(settings.data_dir)
    with half_built(settings, generation):
        embedded = _apply(request, (live, generation), manifest, changes, todo)
        _publish(settings, generation, manifest)
    return replace(
        report,
        chunks_embedded=embedded,
        total_chunks=manifest.chunk_count,
        generation=generation.name,
    )


def _apply(
    request: SyncRequest,
    folders: tuple[Path, Path],
    manifest: Manifest,
    changes: Changes,
    todo: list[Article],
) -> int:
    """Copy the live generation into the new one, apply `changes` to the copy and write its
    BM25 index and echoes; returns the chunks embedded."""
    settings = request.settings
    live, generation = folders
    with _copy_of_live(settings, live, generation, manifest) as store:
        _drop_removed(generation, store, manifest, changes.removed)
        embedded, lexical = 0, LexicalCorpus.empty()
        if todo:
            writer = GenerationWriter(
                settings=settings,
                store=store,
                manifest=manifest,
                generation=generation,
                embedder=load_embedder(settings.embed_model),
                progress=request.progress,
            )
            lexical = writer.write(todo)
            embedded = writer.embedded
        manifest.updated_at = timestamp()
        manifest.revision += 1
        lexical = _updated_lexical(
            generation, store, lexical, stale={*changes.removed, *changes.changed}
        )
    save_bm25(generation, lexical, manifest.revision)
    refresh_echoes(
        generation,
        manifest.revision,
        _stored_texts(generation, manifest),
        set(manifest.articles),
        (manifest.revision - 1, {*changes.added, *changes.changed, *changes.removed}),
    )
    return embedded


def _refresh_in_place(live: Path, manifest: Manifest) -> None:
    # Nothing to re-embed: the manifest (skipped files) is rewritten atomically in place, and
    # Chroma (~0.5 s to open) is never opened.
    if load_echoes(live, manifest.revision) is None:
        # Written before echoes were kept: find them once, not in every reader.
        log.info("%s keeps no echoes for revision %d: finding them", live, manifest.revision)
        refresh_echoes(
            live, manifest.revision, _stored_texts(live, manifest), set(manifest.articles)
        )
    manifest.save(live)


def _copy_of_live(
    settings: Settings, live: Path, generation: Path, manifest: Manifest
) -> ChunkStore:
    """The store of `generation` holding the live one's files (its manifest comes last)."""
    manifest.complete = False
    shutil.copytree(
        live,
        generation,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(MANIFEST, STAMP, RETIRED),
    )
    store = open_store(settings, generation)
    if settings.chroma_host:
        try:
            with open_store(settings, live) as source:
                store.copy_from(source)
        except BaseException:
            store.close()
            raise
    return store


def _drop_removed(
    generation: Path, store: ChunkStore, manifest: Manifest, removed: list[str]
) -> None:
    store.delete_articles(removed)
    for article_id in removed:
        gone = manifest.articles.pop(article_id).content_hash
        drop_unshared_text(generation, gone, manifest.articles)


def _updated_lexical(
    generation: Path, store: ChunkStore, fresh: LexicalCorpus, *, stale: set[str]
) -> LexicalCorpus:
    """The copied BM25 tokens without the `stale` articles, joined with the `fresh` ones."""
    kept = LexicalCorpus.saved(generation)
    if kept is None:
        log.warning(
            "%s keeps no readable BM25 tokens (written before they were kept, or damaged): "
            "rebuilding them from the stored chunks",
            generation,
        )
        return LexicalCorpus.of_chunks(store.all_chunks())
    return LexicalCorpus.joined([kept.without(stale), fresh])


def _stored_texts(generation: Path, manifest: Manifest) -> Callable[[str], str]:
    return lambda article_id: read_article_text(generation, manifest.articles[article_id])


def _publish(settings: Settings, generation: Path, manifest: Manifest) -> None:
    """Mark the generation complete (its manifest is written last), then make it live. Its
    store, written and closed, is stamped as checked: readers need not check it again."""
    if not settings.chroma_host:
        stamp_verified(generation)
    manifest.complete = True
    manifest.save(generation)
    switch_to(settings.data_dir, generation)


@contextmanager
def half_built(settings: Settings, generation: Path) -> Iterator[None]:
    """Write `generation` within this: a failed write becomes an IndexWriteError (said while
    the disk is as the failure left it), and any failure, even Ctrl-C, removes the
    generation unless it went live."""
    try:
        with write_errors(settings.data_dir):
            yield
    except BaseException:
        if live_generation(settings.data_dir) != generation:
            discard_generation(settings, generation)
        raise


def discard_generation(settings: Settings, generation: Path) -> None:
    """Remove a generation that is not live: its folder, and its server collection if any."""
    if settings.chroma_host:
        try:
            with open_store(settings, generation) as store:
                store.drop()
        except Exception as err:  # the server may be what failed; the next writer retries
            log.warning("could not drop the server collection of %s: %s", generation.name, err)
    shutil.rmtree(generation, onerror=_not_removed)
    log.info("removed the unfinished generation %s", generation.name)


def _not_removed(_function: object, path: str, error: object) -> None:
    log.warning("could not remove %s (%s): the next update removes it", path, error)
