"""Every article the user has or had: the seeds folder compared with the live index."""

from __future__ import annotations

from dataclasses import dataclass

from index.core.errors import NewsQAError
from index.core.settings import Settings
from index.ingest.load import ArticleFile, decode_article, list_article_paths
from index.status.summary import index_status


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
    status: str
    detail: str = ""
    # Other indexed articles carrying the same story (wire copies).
    same_story: tuple[str, ...] = ()


def article_rows(settings: Settings) -> list[ArticleRow]:
    """Rows for every file in the seeds folder and every indexed article, by file name."""
    try:
        status = index_status(settings)
        indexed, stories = status.manifest.articles, status.stories
    except NewsQAError:
        indexed, stories = {}, []
    story_of = {a: tuple(x for x in story if x != a) for story in stories for a in story}
    rows: dict[str, ArticleRow] = {}
    for path in list_article_paths(settings.seeds_dir):
        entry = indexed.get(path.name)
        try:
            decoded = decode_article(path.name, path.read_bytes(), settings.max_article_bytes)
        except OSError as err:
            rows[path.name] = ArticleRow(path.name, "", None, None, 0, "skipped", str(err))
            continue
        if not isinstance(decoded, ArticleFile):
            rows[path.name] = ArticleRow(path.name, "", None, None, 0, "skipped", decoded.reason)
        elif entry is None:
            rows[path.name] = ArticleRow(
                path.name, "", None, None, 0, "new", "not indexed yet - update the index"
            )
        else:
            changed = entry.content_hash != decoded.content_hash
            rows[path.name] = ArticleRow(
                path.name,
                entry.title,
                entry.outlet,
                entry.date,
                entry.chunks,
                "changed" if changed else "indexed",
                "edited since indexing - update the index" if changed else "",
                story_of.get(path.name, ()),
            )
    for article_id, entry in indexed.items():
        if article_id not in rows:
            rows[article_id] = ArticleRow(
                article_id,
                entry.title,
                entry.outlet,
                entry.date,
                entry.chunks,
                "removed",
                "still answerable until the index is updated",
                story_of.get(article_id, ()),
            )
    return [rows[k] for k in sorted(rows)]
