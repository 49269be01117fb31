"""Read article files from the seeds folder; report, never crash on, the unreadable ones.

Only regular files directly in the folder are read. A symbolic link is never followed, to a
file or a folder, inside the folder or out: it would let anything the indexing user can read
(`~/.ssh/...`, another project's data) be indexed and quoted in answers, by anyone who can
drop a link into seeds/. It is skipped with the reason, like any file that cannot be an article.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from index.core.errors import NewsQAError
from index.ingest.charset import decode_page

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
# Web pages: read by index/ingest/html.py.
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
SYMLINK_REASON = (
    "a symbolic link, not followed (it could point anywhere) - "
    "copy the article itself into the seeds folder"
)


@dataclass(frozen=True)
class ArticleFile:
    """The decoded text of one article file, before cleaning."""

    article_id: str
    raw_text: str
    content_hash: str


@dataclass(frozen=True)
class SkippedFile:
    """A file that was not indexed, and why (a message that names the fix)."""

    article_id: str
    reason: str


def list_article_paths(seeds_dir: Path) -> list[Path]:
    """Article files directly in `seeds_dir` (no hidden files, no sub-folders), by name. Links
    and other non-files (a FIFO) with an article's name are listed too, so that reading them
    says why they are skipped."""
    if not seeds_dir.is_dir():
        raise NewsQAError(
            f"Seeds folder {seeds_dir} does not exist - create it and add .txt, .md or .html "
            "articles, or set NEWSQA_SEEDS_DIR"
        )
    return sorted(
        p
        for p in seeds_dir.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and not p.name.startswith(".")
        and (p.is_symlink() or not p.is_dir())
    )


def read_article(path: Path, max_bytes: int) -> ArticleFile | SkippedFile:
    """The article in the file at `path`, or why it is skipped (a link, unreadable, not text)."""
    try:
        # O_NOFOLLOW: a link swapped in after the listing is refused, not read through.
        # O_NONBLOCK: opening a FIFO named like an article must not hang the update.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return SkippedFile(path.name, SYMLINK_REASON)
        return SkippedFile(path.name, f"cannot be read: {err.strerror}")
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return SkippedFile(path.name, "not a regular file (save the article as a text file)")
        if info.st_size > max_bytes:
            return SkippedFile(path.name, _too_big(info.st_size, max_bytes))
        try:
            data = file.read()
        except OSError as err:
            return SkippedFile(path.name, f"cannot be read: {err.strerror}")
    return decode_article(path.name, data, max_bytes)


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"{size:,} bytes is over the {max_bytes:,}-byte limit "
        "(split the file or raise NEWSQA_MAX_ARTICLE_BYTES)"
    )


def is_html_name(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def decode_article(article_id: str, data: bytes, max_bytes: int) -> ArticleFile | SkippedFile:
    """Decode one file's bytes as UTF-8 text (a web page: in its own charset, see
    index/ingest/charset.py), or say why it cannot be an article."""
    if len(data) > max_bytes:
        return SkippedFile(article_id, _too_big(len(data), max_bytes))
    if is_html_name(article_id):
        return _decode_page(article_id, data)
    if b"\x00" in data:
        return SkippedFile(article_id, "binary file, not text (save the article as UTF-8 text)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return SkippedFile(
            article_id, f"not valid UTF-8 at byte {err.start} (re-save the file as UTF-8)"
        )
    if not text.strip():
        return SkippedFile(article_id, "empty file")
    return ArticleFile(article_id, text, hashlib.sha256(data).hexdigest())


def _decode_page(article_id: str, data: bytes) -> ArticleFile | SkippedFile:
    page = decode_page(data)
    if "\x00" in page.text:
        return SkippedFile(article_id, "binary file, not a web page (save the page as HTML)")
    if not page.text.strip():
        return SkippedFile(article_id, "empty file")
    if page.note:
        log.info("%s: %s", article_id, page.note)
    return ArticleFile(article_id, page.text, hashlib.sha256(data).hexdigest())


def read_article_files(
    seeds_dir: Path, max_bytes: int
) -> tuple[list[ArticleFile], list[SkippedFile]]:
    """Every readable article in `seeds_dir`, plus the files that were skipped and why."""
    readable: list[ArticleFile] = []
    skipped: list[SkippedFile] = []
    for path in list_article_paths(seeds_dir):
        result = read_article(path, max_bytes)
        (readable if isinstance(result, ArticleFile) else skipped).append(result)  # type: ignore[arg-type]
    return readable, skipped
