"""Index updates: `update_index` (from the seeds folder) and `sync_articles` (any articles)."""

from index.update.build import IndexReport, Progress, sync_articles, update_index

__all__ = ["IndexReport", "Progress", "sync_articles", "update_index"]
