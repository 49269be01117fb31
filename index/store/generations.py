"""Index generations under the data folder, and the pointer file that says which one is live.

Layout: `<data>/LIVE` holds the live generation's folder name; each `<data>/gen-*` folder holds
`chroma/`, `texts/` (cleaned article texts) and `manifest.json`. The pointer is switched with
`os.replace`, so a reader sees the old generation or the new one, never a half-built one.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from index.store.manifest import MANIFEST, Manifest

POINTER = "LIVE"
RETIRED = "RETIRED"
PREFIX = "gen-"


def live_generation(data_dir: Path) -> Path | None:
    try:
        name = (data_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = data_dir / name
    return path if name.startswith(PREFIX) and path.is_dir() else None


def new_generation(data_dir: Path) -> Path:
    """A new, empty generation folder; names sort in creation order (newest last)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
    path = data_dir / f"{PREFIX}{stamp}.{now % 10**9:09d}-{os.getpid()}"
    path.mkdir()
    return path


def switch_to(data_dir: Path, generation: Path) -> None:
    """Make `generation` live; the one it replaces is marked retired (for the grace period)."""
    previous = live_generation(data_dir)
    tmp = data_dir / (POINTER + ".tmp")
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(tmp, data_dir / POINTER)
    if previous is not None and previous != generation:
        (previous / RETIRED).write_text(f"{time.time()}\n", encoding="utf-8")


def remove_stale(data_dir: Path, grace_seconds: float = 600.0) -> list[Path]:
    """Delete half-built generations, and retired ones after `grace_seconds` (readers that
    opened one before a switch finish with it); the newest retired one is always kept."""
    live = live_generation(data_dir)
    removed: list[Path] = []
    retired_seen = 0
    for path in sorted(data_dir.glob(PREFIX + "*"), reverse=True):
        if path == live or not path.is_dir():
            continue
        # Only the writer (holding the lock) calls this: an incomplete one is a dead writer's.
        if _is_complete(path):
            retired_seen += 1
            if retired_seen == 1 or _retired_for(path) < grace_seconds:
                continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def earlier_generations(data_dir: Path) -> list[Path]:
    """Complete generations other than the live one, newest first (fallbacks for readers)."""
    live = live_generation(data_dir)
    return [
        path
        for path in sorted(data_dir.glob(PREFIX + "*"), reverse=True)
        if path != live and path.is_dir() and _is_complete(path)
    ]


def _retired_for(path: Path) -> float:
    try:
        return time.time() - float((path / RETIRED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _age(path)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return float("inf")


def _is_complete(path: Path) -> bool:
    try:
        return (path / MANIFEST).is_file() and Manifest.load(path).complete
    except (OSError, ValueError, TypeError, KeyError):
        return False
