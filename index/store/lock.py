"""One writer per data folder: a second index update is refused instead of corrupting Chroma.
`held_lock` is the lock file itself, also guarding the feed list (index/fetch/feedlist.py)."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from index.core.errors import IndexBusyError, NewsQAError

LOCK = "writer.lock"

log = logging.getLogger(__name__)


@contextmanager
def held_lock(path: Path, busy: Callable[[str], NewsQAError]) -> Iterator[None]:
    """An exclusive lock on the file `path` for the duration, holding this process's pid so
    that a refused caller can be told who has it: `busy(holder)` is raised at once, never
    waited for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise busy(handle.read().strip() or "another process") from None
        handle.seek(0)
        handle.truncate()
        try:
            # Unbuffered: a write the disk refused must not stay in a buffer to fail again.
            os.write(handle.fileno(), f"pid {os.getpid()}".encode())
        except OSError as err:
            # Only says who holds the lock (a full disk cannot take even this): the lock holds.
            log.warning("could not write the lock holder into %s (%s)", path, err)
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer_lock(data_dir: Path) -> AbstractContextManager[None]:
    """The data folder's one index writer; IndexBusyError for a second one."""

    def busy(holder: str) -> IndexBusyError:
        return IndexBusyError(
            f"The index in {data_dir} is being updated by {holder} - "
            "wait for it to finish, then run the command again",
            data_dir=data_dir,
            holder=holder,
        )

    return held_lock(data_dir / LOCK, busy)
