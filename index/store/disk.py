"""Disk space: what a folder takes, what its disk has free, and whether an error says the disk
is full (an OSError's errno, or the words SQLite and Chroma use for it)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

MB = 1 << 20
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# Chroma passes SQLite's SQLITE_FULL on as "(code: 13) database or disk is full"; shutil's
# copytree gathers its OSErrors into one shutil.Error whose text holds their strerror.
DISK_FULL_WORDS = (
    "database or disk is full",
    "no space left on device",
    "disk quota exceeded",
    "file too large",
)


def disk_full(err: BaseException) -> bool:
    """Whether `err`, or an error it was raised from, says the disk (or a quota) is full."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in DISK_FULL_ERRNOS:
            return True
        if any(words in str(current).lower() for words in DISK_FULL_WORDS):
            return True
        current = current.__cause__ or current.__context__
    return False


def free_bytes(path: Path) -> int:
    """Bytes this user may still write on the disk holding `path` (or its nearest existing
    parent, for a folder not made yet)."""
    for folder in (path, *path.parents):
        if folder.exists():
            return shutil.disk_usage(folder).free
    return shutil.disk_usage(Path.cwd()).free


def used_bytes(path: Path) -> int:
    """The disk space the files under `path` take (allocated blocks, as a copy of them takes;
    a file removed meanwhile is skipped)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                continue
    return total


def megabytes(size: int, *, up: bool = False) -> int:
    """`size` bytes in whole MB (MiB, as df shows them): rounded up for what is needed."""
    return -(-size // MB) if up else size // MB
