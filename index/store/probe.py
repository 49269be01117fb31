"""Check a generation's Chroma store in a child process before this process opens it.

A truncated or corrupt segment file can crash the process that opens it (chroma #7238); the
chat UI must not die with it. A generation that passed is stamped with its files' sizes, so
later processes skip the child while nothing changed; the writer stamps the generation it has
just written and closed (its files are whole), so no reader pays for the child after an update.

    python -m index.store.probe GENERATION CHUNKS DIM   # exit 0: it opens, holds CHUNKS, searches
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys
from pathlib import Path

STAMP = "VERIFIED"
TIMEOUT = 120

log = logging.getLogger(__name__)


def fingerprint(generation: Path) -> dict[str, int]:
    """Sizes of the store's files (sqlite's -journal/-wal/-shm come and go with readers)."""
    root = generation / "chroma"
    return {
        str(p.relative_to(root)): p.stat().st_size
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(("-journal", "-wal", "-shm", ".lock"))
    }


def stamp_verified(generation: Path) -> None:
    """Record that the store's files as they are now open and read correctly. Only saves a
    later check: a stamp that cannot be written (a full disk) is logged, not raised."""
    stamp = generation / STAMP
    try:
        stamp.write_text(json.dumps(fingerprint(generation)), encoding="utf-8")
    except OSError as err:
        log.warning("%s could not be written (%s): the store is checked next time", stamp, err)
        with contextlib.suppress(OSError):
            stamp.unlink(missing_ok=True)


def store_problem(generation: Path, chunks: int, dimension: int) -> str | None:
    """None when the store opens, holds `chunks` chunks and answers a vector search, else
    what is wrong with it."""
    stamp = generation / STAMP
    try:
        if json.loads(stamp.read_text(encoding="utf-8")) == fingerprint(generation):
            return None
    except FileNotFoundError:
        pass  # never checked (or changed since): the child checks it
    except (OSError, ValueError) as err:
        log.warning("%s is unreadable (%s): checking the store again", stamp, err)
    try:
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "index.store.probe",
                str(generation),
                str(chunks),
                str(dimension),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"opening its Chroma store took over {TIMEOUT} s"
    if child.returncode < 0:
        return f"opening its Chroma store crashed the process (signal {-child.returncode})"
    if child.returncode != 0:
        lines = (child.stderr or child.stdout).strip().splitlines()
        return lines[-1][:300] if lines else f"the store check failed ({child.returncode})"
    stamp_verified(generation)
    return None


def main(argv: list[str]) -> int:
    import numpy as np

    from index.store.chroma import ChunkStore

    generation, expected, dimension = Path(argv[0]), int(argv[1]), int(argv[2])
    try:
        store = ChunkStore(generation / "chroma", reading=True)
        count, stored = store.count(), len(store.all_chunks())
        # The vectors load only for a search: search, so a damaged vector segment shows.
        found = store.query(np.full(dimension, dimension**-0.5, dtype=np.float32), 3)
        if expected and not found:
            raise ValueError("a vector search found nothing")
    except Exception as err:  # any failure to read is the finding
        print(f"its Chroma store cannot be read: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    if count != expected or stored != expected:
        print(f"its Chroma store holds {stored} chunks, the manifest {expected}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
