"""Index generations under the data folder, and the pointer file that says which one is live.

Layout: `<data>/LIVE` holds the live generation's folder name; each `<data>/gen-*` folder holds
`chroma/`, `texts/` (cleaned article texts) and `manifest.json`. The pointer is switched with
`os.replace`, so a reader sees the old generation or the new one, never a half-built one.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from index.store.manifest import LOAD_ERRORS, MANIFEST, Manifest

log = logging.getLogger(__name__)

POINTER = "LIVE"
RETIRED = "RETIRED"
PREFIX = "gen-"


def live_generation(data_dir: Path) -> Path | None:
    try:
        name = (data_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None  # no index yet
    path = data_dir / name
    if name.startswith(PREFIX) and path.is_dir():
        return path
    log.warning("%s names %r, which is not a generation folder: no live index", POINTER, name)
    return None


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
    try:
        tmp.write_text(generation.name + "\n", encoding="utf-8")
        os.replace(tmp, data_dir / POINTER)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    if previous is not None and previous != generation:
        try:
            (previous / RETIRED).write_text(f"{time.time()}\n", encoding="utf-8")
        except OSError as err:
            # The switch is done; without the mark the grace period counts from the folder's
            # last change (see _retired_for).
            log.warning("could not mark %s retired (%s)", previous, err)


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
        shutil.rmtree(path, onerror=_not_removed)
        removed.append(path)
    return removed


def _not_removed(_function: object, path: str, _error: object) -> None:
    # Like ignore_errors (the rest of the folder still goes), but said: the next update retries.
    log.warning("could not remove %s from a stale generation", path)


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
        log.info("%s has no readable %s mark: its age counts from its last change", path, RETIRED)
        return _age(path)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return float("inf")


def _is_complete(path: Path) -> bool:
    if not (path / MANIFEST).is_file():
        return False
    try:
        return Manifest.load(path).complete
    except LOAD_ERRORS as err:
        log.warning("%s: manifest unreadable (%s), counted as half-built", path, type(err).__name__)
        return False
