"""Build or update the index: embed only new and changed articles, drop removed ones.

The work is done in index/update/generation.py (a new generation, or an update applied to a
copy of the live one) and index/update/embedding.py (chunk -> embed -> store).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from index.core.settings import Settings
from index.ingest.article import Article
from index.ingest.clean import CLEANER_VERSION
from index.ingest.load import SkippedFile
from index.ingest.read import read_articles
from index.store.chroma import open_store
from index.store.generations import live_generation, remove_stale
from index.store.lock import writer_lock
from index.store.manifest import LOAD_ERRORS, Manifest, build_key
from index.update.generation import SyncRequest, build_generation, update_generation
from index.update.report import IndexReport, Progress
from index.update.space import write_errors

__all__ = ["IndexReport", "Progress", "sync_articles", "update_index"]

log = logging.getLogger(__name__)


def update_index(
    settings: Settings, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexReport:
    """Bring the live index in line with the seeds folder; a full build when asked or needed."""
    articles, skipped = read_articles(settings.seeds_dir, settings.max_article_bytes)
    return sync_articles(settings, articles, skipped, rebuild=rebuild, progress=progress)


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
    with write_errors(settings.data_dir), writer_lock(settings.data_dir):
        # First, so that what a killed writer left (or the grace period freed) is room for
        # this update's space check.
        _remove_stale(settings)
        request = SyncRequest(
            settings=settings,
            articles={a.article_id: a for a in articles_in},
            skipped=skipped,
            progress=progress,
        )
        key = build_key(
            settings.embed_model, settings.chunk_size, settings.chunk_overlap, CLEANER_VERSION
        )
        live = live_generation(settings.data_dir)
        manifest, why_rebuild = _usable_manifest(live, key)
        if rebuild or live is None or manifest is None:
            report = build_generation(request, key)
            if why_rebuild and not rebuild:
                report = replace(report, notes=[*report.notes, why_rebuild])
        else:
            report = update_generation(request, live, manifest)
        _remove_stale(settings)
    return replace(report, seconds=time.perf_counter() - started)


def _remove_stale(settings: Settings) -> None:
    """Remove half-built generations and retired ones past their grace period."""
    for gone in remove_stale(settings.data_dir, grace_seconds=settings.generation_grace):
        if settings.chroma_host:
            with open_store(settings, gone) as store:
                store.drop()


def _usable_manifest(
    live: Path | None, key: dict[str, object]
) -> tuple[Manifest | None, str | None]:
    """The live generation's manifest when an update can start from it, else None and why a
    full build is needed (None when there is no index yet)."""
    if live is None:
        return None, None
    try:
        manifest = Manifest.load(live)
    except LOAD_ERRORS as err:
        why = f"The live index's manifest could not be read ({type(err).__name__}): rebuilt it"
    else:
        if manifest.complete and manifest.build_key == key:
            return manifest, None
        why = (
            "The live index was built with other settings (model, chunking or cleaner): rebuilt it"
            if manifest.complete
            else "The live index was never finished: rebuilt it"
        )
    log.warning("%s: %s", live, why)
    return None, why
