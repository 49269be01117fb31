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

from index.manifest import MANIFEST, Manifest

POINTER = "LIVE"
PREFIX = "gen-"


def live_generation(data_dir: Path) -> Path | None:
    try:
        name = (data_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = data_dir / name
    return path if name.startswith(PREFIX) and path.is_dir() else None


def new_generation(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = (
        data_dir
        / f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**6:06d}"
    )
    path.mkdir()
    return path


def switch_to(data_dir: Path, generation: Path) -> None:
    tmp = data_dir / (POINTER + ".tmp")
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(tmp, data_dir / POINTER)


def remove_stale(data_dir: Path, keep: int = 1) -> list[Path]:
    """Delete half-built generations and all but `keep` complete ones (readers may hold one)."""
    live = live_generation(data_dir)
    older: list[Path] = []
    removed: list[Path] = []
    for path in sorted(data_dir.glob(PREFIX + "*"), reverse=True):
        if path == live or not path.is_dir():
            continue
        if _is_complete(path):
            older.append(path)
            if len(older) <= keep:
                continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _is_complete(path: Path) -> bool:
    try:
        return (path / MANIFEST).is_file() and Manifest.load(path).complete
    except (OSError, ValueError, TypeError, KeyError):
        return False
