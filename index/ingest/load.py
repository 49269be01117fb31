"""Read article files from the seeds folder; report, never crash on, the unreadable ones."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from index.core.errors import NewsQAError

ARTICLE_SUFFIXES = (".txt", ".md")


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
    """Article files directly in `seeds_dir` (no hidden files, no sub-folders), by name."""
    if not seeds_dir.is_dir():
        raise NewsQAError(
            f"Seeds folder {seeds_dir} does not exist - create it and add .txt or .md articles, "
            "or set NEWSQA_SEEDS_DIR"
        )
    return sorted(
        p
        for p in seeds_dir.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def decode_article(article_id: str, data: bytes, max_bytes: int) -> ArticleFile | SkippedFile:
    """Decode one file's bytes as UTF-8 text, or say why it cannot be an article."""
    if len(data) > max_bytes:
        return SkippedFile(
            article_id,
            f"{len(data):,} bytes is over the {max_bytes:,}-byte limit "
            "(split the file or raise NEWSQA_MAX_ARTICLE_BYTES)",
        )
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


def read_article_files(
    seeds_dir: Path, max_bytes: int
) -> tuple[list[ArticleFile], list[SkippedFile]]:
    """Every readable article in `seeds_dir`, plus the files that were skipped and why."""
    readable: list[ArticleFile] = []
    skipped: list[SkippedFile] = []
    for path in list_article_paths(seeds_dir):
        try:
            data = path.read_bytes()
        except OSError as err:
            skipped.append(SkippedFile(path.name, f"cannot be read: {err.strerror}"))
            continue
        result = decode_article(path.name, data, max_bytes)
        (readable if isinstance(result, ArticleFile) else skipped).append(result)  # type: ignore[arg-type]
    return readable, skipped
