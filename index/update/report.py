"""What an index update tells its caller: progress while it runs, a report when it is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from index.ingest.load import SkippedFile

# progress(done, total, article_id) after each article is embedded.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexReport:
    """What an update did. Lists hold article ids; `notes` say why it did something the caller
    did not ask for (a full rebuild of a damaged index)."""

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
    notes: list[str] = field(default_factory=list)
