"""What the live index holds, read from its manifest and kept echoes (no model, no Chroma)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.core.errors import IndexDamagedError, IndexMissingError
from index.core.settings import Settings
from index.news.stories import live_stories
from index.store.generations import live_generation
from index.store.manifest import LOAD_ERRORS, Manifest


@dataclass(frozen=True)
class IndexStatus:
    data_dir: Path
    generation: str
    articles: int
    chunks: int
    created_at: str
    updated_at: str
    embed_model: str
    chromadb_version: str
    skipped: dict[str, str]
    manifest: Manifest
    # Articles carrying the same story (wire copies), from the echoes kept at index time.
    stories: list[list[str]]


def index_status(settings: Settings) -> IndexStatus:
    """Raises IndexMissingError without an index, IndexDamagedError when its manifest is
    unreadable."""
    generation = live_generation(settings.data_dir)
    if generation is None:
        raise IndexMissingError(settings.data_dir)
    try:
        manifest = Manifest.load(generation)
    except LOAD_ERRORS as err:
        reason = f"its manifest cannot be read: {type(err).__name__}"
        raise IndexDamagedError(generation, reason) from None
    return IndexStatus(
        data_dir=settings.data_dir,
        generation=generation.name,
        articles=len(manifest.articles),
        chunks=manifest.chunk_count,
        created_at=manifest.created_at,
        updated_at=manifest.updated_at,
        embed_model=str(manifest.build_key.get("embed_model")),
        chromadb_version=manifest.chromadb_version,
        skipped=manifest.skipped,
        manifest=manifest,
        stories=[
            sorted(story)
            for story in live_stories(
                generation,
                manifest.revision,
                {a: entry.outlet for a, entry in manifest.articles.items()},
            )
        ],
    )
