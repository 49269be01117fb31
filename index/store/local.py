"""Embedded Chroma clients: opened for a folder, released when done with, and opened from a
temporary copy when the disk is too full to open them in place.

Chroma writes to its SQLite file whenever a client opens it (a row in `acquire_write`, in a
journalled transaction), even one that will only read: on a full disk the open fails with
"database or disk is full". A reader then opens a private copy in the temporary folder
(another disk, usually), logged and said with each answer, rather than refusing to answer
from an index that is intact.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from index.core.errors import IndexWriteError
from index.store.disk import disk_full

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.config import Settings as ChromaSettings

log = logging.getLogger(__name__)

# Temporary copies are named news-qa-store-<pid>-<random>.
COPY_PREFIX = "news-qa-store-"


def local_client(
    path: Path, settings: ChromaSettings, *, reading: bool
) -> tuple[ClientAPI, Path | None]:
    """A client of the store in `path`, and the temporary copy it reads when the disk was
    too full to open it in place (None when it opened in place)."""
    try:
        return _open(path, settings), None
    except Exception as err:
        if not (reading and disk_full(err)):
            raise
        # The text, not the error: a kept log record (pytest keeps them) would keep the
        # error's traceback, and with it this store, open.
        log.warning("%s: the disk is full (%s); reading a temporary copy of it", path, str(err))
    _remove_orphan_copies()
    copy: Path | None = None
    try:
        copy = Path(tempfile.mkdtemp(prefix=f"{COPY_PREFIX}{os.getpid()}-"))
        shutil.copytree(path, copy, dirs_exist_ok=True)
        return _open(copy, settings), copy
    except Exception as err:
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
        raise IndexWriteError(
            path.parent.parent,
            f"The disk holding {path} is full, and Chroma must write a few kB to open even an "
            f"index it only reads; a copy in {tempfile.gettempdir()} failed too "
            f"({type(err).__name__}: {err})",
            fix="free space on either disk",
        ) from None


def _remove_orphan_copies() -> None:
    # A process killed by a signal runs no finalizer: its copy is removed by the next one.
    for copy in Path(tempfile.gettempdir()).glob(COPY_PREFIX + "*"):
        pid = copy.name[len(COPY_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            log.info("removing %s, left by process %s", copy, pid)
            shutil.rmtree(copy, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def _open(path: Path, settings: ChromaSettings) -> ClientAPI:
    import chromadb

    try:
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except BaseException:
        _forget(path)
        raise


def _forget(path: Path) -> None:
    # Chroma caches a folder's System before starting it and keeps it when the start fails:
    # every later client of that folder would get the dead one (no bindings), even once the
    # disk has room again. Dropped only when no client holds it.
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier = str(path)
    if SharedSystemClient._identifier_to_refcount.get(identifier, 0) <= 0:
        system = SharedSystemClient._identifier_to_system.pop(identifier, None)
        if system is not None:
            try:
                system.stop()
            except Exception as err:  # a System that never started may not stop cleanly
                log.info("stopping the failed Chroma system of %s: %s", path, str(err))


def release(client: ClientAPI, copy: Path | None) -> None:
    """Close `client` (its System stops with the last client of its folder) and remove the
    temporary copy it read, if any. Run once, by ChunkStore.close or its finalizer."""
    try:
        # ClientAPI does not declare close(); the Client both constructors return has it.
        client.close()  # type: ignore[attr-defined]
    finally:
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
