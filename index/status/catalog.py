"""Every article the user has or had: the seeds folder compared with the live index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from index.core.errors import IndexMissingError
from index.core.settings import Settings
from index.ingest.load import ArticleFile, list_article_paths, read_article
from index.status.summary import index_status
from index.store.manifest import ArticleEntry

# `removed`: in the index, no longer in the folder.
ArticleStatus = Literal["indexed", "new", "changed", "removed", "skipped"]


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list.

    `status` is one of `indexed`, `new`, `changed`, `removed` (in the index, no longer in the
    folder) or `skipped`; `detail` says what to do about it, or why the file was skipped.
    """

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    chunks: int
    status: ArticleStatus
    detail: str = ""
    # Other indexed articles carrying the same story (wire copies).
    same_story: tuple[str, ...] = ()


def article_rows(settings: Settings) -> list[ArticleRow]:
    """Rows for every file in the seeds folder and every indexed article, by file name.

    Without an index every file is `new`; a damaged index raises IndexDamagedError (which
    names the fix) rather than pass for an empty one.
    """
    try:
        status = index_status(settings)
        indexed, stories = status.manifest.articles, status.stories
    except IndexMissingError:
        indexed, stories = {}, []
    story_of = {a: tuple(x for x in story if x != a) for story in stories for a in story}
    rows: dict[str, ArticleRow] = {}
    for path in list_article_paths(settings.seeds_dir):
        decoded = read_article(path, settings.max_article_bytes)
        entry = indexed.get(path.name)
        if not isinstance(decoded, ArticleFile):
            rows[path.name] = _unindexed(path.name, "skipped", decoded.reason)
        elif entry is None:
            rows[path.name] = _unindexed(path.name, "new", "not indexed yet - update the index")
        elif entry.content_hash != decoded.content_hash:
            detail = "edited since indexing - update the index"
            rows[path.name] = _indexed(path.name, entry, "changed", detail, story_of)
        else:
            rows[path.name] = _indexed(path.name, entry, "indexed", "", story_of)
    for article_id, entry in indexed.items():
        if article_id not in rows:
            detail = "still answerable until the index is updated"
            rows[article_id] = _indexed(article_id, entry, "removed", detail, story_of)
    return [rows[k] for k in sorted(rows)]


def _unindexed(article_id: str, status: ArticleStatus, detail: str) -> ArticleRow:
    return ArticleRow(
        article_id=article_id,
        title="",
        outlet=None,
        date=None,
        chunks=0,
        status=status,
        detail=detail,
    )


def _indexed(
    article_id: str,
    entry: ArticleEntry,
    status: ArticleStatus,
    detail: str,
    story_of: dict[str, tuple[str, ...]],
) -> ArticleRow:
    return ArticleRow(
        article_id=article_id,
        title=entry.title,
        outlet=entry.outlet,
        date=entry.date,
        chunks=entry.chunks,
        status=status,
        detail=detail,
        same_story=story_of.get(article_id, ()),
    )
