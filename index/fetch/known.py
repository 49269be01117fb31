"""The articles already in seeds/, by address and by text: one article is saved once.

The same address (index/fetch/urls.py `normal_url`: no tracking parameters, no fragment) is
one article, and so is the same cleaned text from the same site (an AMP copy, a feed's
second link to a story). The same text from another outlet is a wire copy and is kept: the
index groups it with the others as one story ("also reported by").

What the live index recorded (its manifest keeps each article's address and text hash) is
used for the files it holds; only files it does not hold yet are read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from index.core.settings import Settings
from index.fetch.urls import normal_url
from index.ingest.article import Article, text_hash
from index.ingest.load import ArticleFile, list_article_paths, read_article
from index.ingest.read import article_of
from index.store.generations import live_generation
from index.store.manifest import LOAD_ERRORS, ArticleEntry, Manifest

log = logging.getLogger(__name__)


def site_of(url: str | None, outlet: str | None) -> str:
    """Whose text it is: the host without `www.`, else the outlet, lower case; "" if neither."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or (outlet or "").lower()


@dataclass
class KnownArticles:
    """Article ids in seeds/ by normalised address and by (site, text hash)."""

    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def in_seeds(cls, settings: Settings) -> KnownArticles:
        """Every article file in the seeds folder (none when it does not exist yet)."""
        known = cls()
        if not settings.seeds_dir.is_dir():
            return known
        indexed = _indexed(settings)
        for path in list_article_paths(settings.seeds_dir):
            entry = indexed.get(path.name)
            if entry is not None and entry.text_hash is not None:
                known.remember(path.name, entry.url, entry.outlet, entry.text_hash)
                continue
            source = read_article(path, settings.max_article_bytes)
            if isinstance(source, ArticleFile) and isinstance(art := article_of(source), Article):
                known.remember_article(art)
        return known

    def remember(self, article_id: str, url: str | None, outlet: str | None, hashed: str) -> None:
        if url:
            self.urls.setdefault(normal_url(url), article_id)
        self.texts.setdefault((site_of(url, outlet), hashed), article_id)

    def remember_article(self, article: Article) -> None:
        self.remember(article.article_id, article.url, article.outlet, text_hash(article.text))

    def by_address(self, *urls: str | None) -> str | None:
        """The article saved from any of `urls`, else None."""
        for url in urls:
            if url and (found := self.urls.get(normal_url(url))):
                return found
        return None

    def same_text(self, article: Article) -> str | None:
        """The article with the same text from the same site, else None."""
        return self.texts.get((site_of(article.url, article.outlet), text_hash(article.text)))


def _indexed(settings: Settings) -> dict[str, ArticleEntry]:
    live = live_generation(settings.data_dir)
    if live is None:
        return {}
    try:
        return Manifest.load(live).articles
    except LOAD_ERRORS as err:
        log.warning("the live manifest could not be read (%s): reading every article", err)
        return {}
