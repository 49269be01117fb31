"""Every article in the seeds folder, each file read by its kind: text files cleaned
(index/ingest/clean.py), web pages extracted (index/ingest/html.py)."""

from __future__ import annotations

from pathlib import Path

from index.ingest.article import Article
from index.ingest.clean import clean_article
from index.ingest.load import ArticleFile, SkippedFile, is_html_name, read_article_files


def article_of(source: ArticleFile) -> Article | SkippedFile:
    """The article in one decoded file, or why it has none (a page without article text)."""
    if is_html_name(source.article_id):
        from index.ingest.html import html_article

        return html_article(source)
    return clean_article(source)


def read_articles(seeds_dir: Path, max_bytes: int) -> tuple[list[Article], list[SkippedFile]]:
    """Every article in `seeds_dir`, plus the files that were skipped and why."""
    files, skipped = read_article_files(seeds_dir, max_bytes)
    articles: list[Article] = []
    for source in files:
        result = article_of(source)
        if isinstance(result, Article):
            articles.append(result)
        else:
            skipped.append(result)
    return articles, sorted(skipped, key=lambda s: s.article_id)
