"""One writer per data folder: a second index update is refused instead of corrupting Chroma."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.core.errors import IndexBusyError

LOCK = "writer.lock"

log = logging.getLogger(__name__)


@contextmanager
def writer_lock(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusyError(
                f"The index in {data_dir} is being updated by {holder} - "
                "wait for it to finish, then run the command again",
                data_dir=data_dir,
                holder=holder,
            ) from None
        handle.seek(0)
        handle.truncate()
        try:
            # Unbuffered: a write the disk refused must not stay in a buffer to fail again.
            os.write(handle.fileno(), f"pid {os.getpid()}".encode())
        except OSError as err:
            # Only says who holds the lock (a full disk cannot take even this): the lock holds.
            log.warning("could not write the lock holder into %s (%s)", data_dir / LOCK, err)
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
