"""Add and remove article files in the seeds folder (the UI's upload and delete).

Names are reduced to a safe file name directly inside the seeds folder; contents must decode
as an article (a web page must hold article text); removed files move to `<seeds>/.deleted/`
(ignored by indexing), so nothing is lost by a slip of the mouse.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from index.core.errors import ArticleNotFoundError, ArticleRejectedError, ArticleTooLargeError
from index.core.settings import Settings
from index.ingest.load import (
    ARTICLE_SUFFIXES,
    ArticleFile,
    SkippedFile,
    decode_article,
)
from index.ingest.read import article_of

DELETED = ".deleted"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_article_name(name: str) -> str:
    """A plain file name for an uploaded article: no folders, no hidden or control characters."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in ARTICLE_SUFFIXES:
        raise ArticleRejectedError(
            f"{name!r} is not a .txt, .md or .html file - save the article as plain text "
            "(.txt or .md) or as a web page (.html)",
            name=name,
        )
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[: MAX_NAME_CHARS - len(suffix) - 1]
    return f"{stem or 'article'}.{suffix.lower()}"


def add_article_file(settings: Settings, name: str, data: bytes) -> Path:
    """Write an uploaded article into the seeds folder and return its path.

    Raises ArticleRejectedError for a bad name or content (binary, not UTF-8, empty, a web
    page without article text), and ArticleTooLargeError (a subclass) for a file over
    NEWSQA_MAX_ARTICLE_BYTES. The same name with different content gets a numbered name; it
    never overwrites a file.
    """
    target_name = safe_article_name(name)
    decoded = decode_article(target_name, data, settings.max_article_bytes)
    read = article_of(decoded) if isinstance(decoded, ArticleFile) else decoded
    if isinstance(read, SkippedFile):
        if len(data) > settings.max_article_bytes:
            raise ArticleTooLargeError(
                f"{name}: {read.reason}",
                name=name,
                size=len(data),
                limit=settings.max_article_bytes,
            )
        raise ArticleRejectedError(f"{name}: {read.reason}", name=name)
    seeds = settings.seeds_dir
    seeds.mkdir(parents=True, exist_ok=True)
    handle, part = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=seeds)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(part, 0o644)  # mkstemp's 0600 would keep other readers (a backup) out
        return _claim_name(Path(part), seeds / target_name, data)
    finally:
        Path(part).unlink(missing_ok=True)


def _claim_name(part: Path, target: Path, data: bytes) -> Path:
    """Give the written `part` the first free name of `target`, `target-2`, ... and return it.

    A hard link fails when the name exists, so two uploads of one name at the same moment
    both keep their file (a check-then-rename would let one replace the other), and the
    name never shows a half-written file."""
    stem, suffix = target.stem, target.suffix
    n = 1
    while True:
        try:
            os.link(part, target)
            return target
        except FileExistsError:
            if target.read_bytes() == data:
                return target
        n += 1
        target = target.with_name(f"{stem}-{n}{suffix}")


def remove_article_file(settings: Settings, article_id: str) -> Path:
    """Move an article out of the seeds folder (into `.deleted/`); returns where it went."""
    source = settings.seeds_dir / article_id
    if article_id != Path(article_id).name or article_id.startswith(".") or not source.is_file():
        raise ArticleNotFoundError(
            f"No article file named {article_id!r} in {settings.seeds_dir} - refresh the list",
            name=article_id,
            where="seeds folder",
        )
    bin_dir = settings.seeds_dir / DELETED
    bin_dir.mkdir(exist_ok=True)
    target = bin_dir / article_id
    n = 1
    # A hard link claims the name (two deletes at once never replace each other's file in
    # .deleted/); the article leaves seeds/ only once its copy is there.
    while True:
        try:
            os.link(source, target, follow_symlinks=False)
            break
        except FileExistsError:
            n += 1
            target = bin_dir / f"{source.stem}-{n}{source.suffix}"
        except FileNotFoundError:
            raise _removed_meanwhile(article_id) from None
    try:
        source.unlink()
    except FileNotFoundError:
        # Another delete of this article won the race: its copy is kept, not ours as well.
        target.unlink()
        raise _removed_meanwhile(article_id) from None
    return target


def _removed_meanwhile(article_id: str) -> ArticleRejectedError:
    return ArticleRejectedError(
        f"{article_id!r} was just removed by someone else - refresh the list", name=article_id
    )
