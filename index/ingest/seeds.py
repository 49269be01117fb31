"""Add and remove article files in the seeds folder (the UI's upload and delete).

Names are reduced to a safe file name directly inside the seeds folder; contents must decode
as an article; removed files move to `<seeds>/.deleted/` (ignored by indexing), so nothing
is lost by a slip of the mouse.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from index.core.errors import ArticleRejectedError
from index.core.settings import Settings
from index.ingest.load import ARTICLE_SUFFIXES, ArticleFile, decode_article

DELETED = ".deleted"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_article_name(name: str) -> str:
    """A plain file name for an uploaded article: no folders, no hidden or control characters."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in ARTICLE_SUFFIXES:
        raise ArticleRejectedError(
            f"{name!r} is not a .txt or .md file - save the article as plain text (.txt or .md)",
            name=name,
        )
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[: MAX_NAME_CHARS - len(suffix) - 1]
    return f"{stem or 'article'}.{suffix.lower()}"


def add_article_file(settings: Settings, name: str, data: bytes) -> Path:
    """Write an uploaded article into the seeds folder and return its path.

    Raises ArticleRejectedError for a bad name or content (binary, not UTF-8, empty, too big).
    The same name with different content gets a numbered name; it never overwrites a file.
    """
    target_name = safe_article_name(name)
    decoded = decode_article(target_name, data, settings.max_article_bytes)
    if not isinstance(decoded, ArticleFile):
        raise ArticleRejectedError(f"{name}: {decoded.reason}", name=name)
    seeds = settings.seeds_dir
    seeds.mkdir(parents=True, exist_ok=True)
    target = seeds / target_name
    stem, suffix = target.stem, target.suffix
    n = 1
    while target.exists():
        if target.read_bytes() == data:
            return target
        n += 1
        target = seeds / f"{stem}-{n}{suffix}"
    tmp = seeds / f".{target.name}.upload"
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def remove_article_file(settings: Settings, article_id: str) -> Path:
    """Move an article out of the seeds folder (into `.deleted/`); returns where it went."""
    source = settings.seeds_dir / article_id
    if article_id != Path(article_id).name or article_id.startswith(".") or not source.is_file():
        raise ArticleRejectedError(
            f"No article file named {article_id!r} in {settings.seeds_dir} - refresh the list",
            name=article_id,
        )
    bin_dir = settings.seeds_dir / DELETED
    bin_dir.mkdir(exist_ok=True)
    target = bin_dir / article_id
    n = 1
    while target.exists():
        n += 1
        target = bin_dir / f"{source.stem}-{n}{source.suffix}"
    os.replace(source, target)
    return target
