"""Disk space for an update: checked before anything is written, and a write that fails all
the same (the estimate was short, something else filled the disk) said as one IndexWriteError.

The estimate, fitted to generations written on this machine (docs/reliability.md): 18.2-18.9
bytes per byte of cleaned article text, of which Chroma's store takes 14.4 (its SQLite keeps
every vector in its log and every document in a trigram full-text index) and BM25, echoes and
the text itself 4.5; 3.4 kB more per article (its text file's block, its manifest entry); an
empty generation 0.45 MB. While written, a generation peaked at most 9% above its final size
(SQLite's journal; BM25 and echoes saved beside the copied ones). Text that tokenises denser
than English news (more chunks per byte) costs more per byte: the margin covers some of it,
and a write that fails all the same leaves nothing behind.
"""

from __future__ import annotations

import errno
import logging
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.core.errors import IndexWriteError, NewsQAError
from index.core.settings import Settings
from index.ingest.article import Article
from index.store.disk import disk_full, free_bytes, megabytes, used_bytes

log = logging.getLogger(__name__)

CHROMA_BYTES_PER_TEXT_BYTE = 14.5
FILE_BYTES_PER_TEXT_BYTE = 4.5
BYTES_PER_ARTICLE = 4_096
BASE_BYTES = 1 << 20
MARGIN = 1.25
# Free space under which a store's failed write is taken for a full disk (Chroma's own
# message, "Error in compaction: Failed to apply logs", does not say why).
NEARLY_FULL = 8 << 20


def needed_bytes(settings: Settings, articles: Iterable[Article], copied: Path | None) -> int:
    """What an update needs on disk: a copy of the live generation `copied` (None for a new
    one) and what `articles` will take, with the margin."""
    per_byte = FILE_BYTES_PER_TEXT_BYTE + (
        0 if settings.chroma_host else CHROMA_BYTES_PER_TEXT_BYTE
    )
    new = BASE_BYTES + sum(
        per_byte * len(article.text.encode("utf-8")) + BYTES_PER_ARTICLE for article in articles
    )
    return int(MARGIN * (new + (used_bytes(copied) if copied is not None else 0)))


def ensure_space(settings: Settings, articles: Iterable[Article], copied: Path | None) -> None:
    """Refuse an update the disk of the data folder has no room for, before writing to it."""
    needed = needed_bytes(settings, articles, copied)
    free = free_bytes(settings.data_dir)
    log.info("update needs ~%d MB, %d MB free", megabytes(needed, up=True), megabytes(free))
    if needed > free:
        raise IndexWriteError(
            settings.data_dir,
            f"Not enough disk space in {settings.data_dir} (needs ~{megabytes(needed, up=True)} "
            f"MB, has {megabytes(free)} MB); the index was not changed",
            needed_mb=megabytes(needed, up=True),
            free_mb=megabytes(free),
        )


@contextmanager
def write_errors(data_dir: Path) -> Iterator[None]:
    """Turn a failed write into one IndexWriteError: a full disk or quota (OSError, SQLite's
    "database or disk is full", Chroma's failed compaction), a folder that cannot be written,
    or any other error of the Chroma store. Other errors are bugs and pass unchanged."""
    from chromadb.errors import ChromaError

    try:
        yield
    except NewsQAError:
        raise
    except (OSError, ChromaError) as err:
        raise _write_error(data_dir, err) from err
    except Exception as err:
        if not disk_full(err):
            raise
        raise _write_error(data_dir, err) from err


def _write_error(data_dir: Path, err: BaseException) -> IndexWriteError:
    # Before the half-built generation is removed, so the free space is the failure's.
    free = free_bytes(data_dir)
    what = f"{type(err).__name__}: {_first_line(err)}"
    log.info("writing the index in %s failed", data_dir, exc_info=err)
    unchanged = "; the live index is unchanged"
    if disk_full(err) or free < NEARLY_FULL:
        return IndexWriteError(
            data_dir,
            f"Could not write the index in {data_dir}: the disk is full ({megabytes(free)} MB "
            f"free; {what}){unchanged}",
            free_mb=megabytes(free),
        )
    if isinstance(err, OSError) and err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexWriteError(
            data_dir,
            f"Could not write the index in {data_dir} ({what}){unchanged}",
            fix="make it writable or set NEWSQA_DATA_DIR to a folder you can write, "
            "then update the index again",
        )
    return IndexWriteError(
        data_dir,
        f"Could not write the index in {data_dir} ({what}){unchanged}",
        fix="update the index again; if it fails again, run: news-qa index --rebuild",
    )


def _first_line(err: BaseException) -> str:
    text = str(err)
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list):
        # copytree's error lists every file it could not copy: the first says why.
        text = str(err.args[0][0][-1]) if err.args[0] else text
    lines = text.strip().splitlines()
    return lines[0][:300] if lines else "no message"
