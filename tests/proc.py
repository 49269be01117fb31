"""What this process holds, read from /proc (Linux): open files, deleted files still held,
resident memory."""

from __future__ import annotations

import os
import time
from pathlib import Path


def open_files(data_dir: Path) -> tuple[int, int]:
    """This process's open file descriptors, and the deleted files under `data_dir` it still
    holds open or mapped (pytest's own capture files are deleted-open too)."""
    count, targets = 0, set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # the listing's own descriptor, closed by now
        count += 1
        targets.add(target)
    maps = Path("/proc/self/maps").read_text().splitlines()
    targets |= {line.split(maxsplit=5)[-1] for line in maps}
    folder = str(data_dir.resolve())
    return count, len({t for t in targets if t.startswith(folder) and t.endswith(" (deleted)")})


def released(data_dir: Path, seconds: float = 5.0) -> bool:
    """Whether every deleted file under `data_dir` is let go within `seconds`: a closed Chroma
    client's SQLite connections close in their own threads, a moment after close()."""
    deadline = time.monotonic() + seconds
    while open_files(data_dir)[1]:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")
