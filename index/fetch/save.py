"""Bring articles into seeds/: a web address fetched and saved as `.html`, or a local file
copied, each checked as an upload is (index/ingest/seeds.py), and never saved twice.

A saved page is the page as fetched, as UTF-8, after a record of where it came from
(index/ingest/saved.py): the index is rebuilt from seeds/ alone. Its name comes from its
address (`www.example.org_news_story.html`); a name already taken by another article gets a
number, so no file is ever overwritten.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from index.core.errors import ArticleRejectedError, FetchError
from index.core.settings import Settings
from index.fetch.fetch import Fetcher
from index.fetch.known import KnownArticles
from index.fetch.urls import page_file_name
from index.ingest.article import Article
from index.ingest.charset import decode_page
from index.ingest.load import ArticleFile, SkippedFile, decode_article
from index.ingest.read import article_of
from index.ingest.saved import PageRecord
from index.ingest.seeds import add_article_file, safe_article_name
from index.store.manifest import timestamp

# What became of a source: saved now, in seeds/ already, or not saved (the message says why).
AddStatus = Literal["added", "present", "failed"]


@dataclass(frozen=True)
class Added:
    """What became of one address or file given to news-qa add (or one feed entry).

    - `source`: the address or path as given.
    - `status`: "added", "present" (the same address or text is in seeds/ already) or
      "failed".
    - `article_id`: the file in seeds/ (the new one, or the one it duplicates), else None.
    - `article`: the article as read (added or failed after fetching), else None.
    - `message`: one line for the user: what was saved, or what failed and the fix.
    - `error`: the FetchError or ArticleRejectedError behind a failure, else None.
    """

    source: str
    status: AddStatus
    article_id: str | None
    message: str
    article: Article | None = None
    error: FetchError | ArticleRejectedError | None = None


class PageSaver:
    """Saves pages and files into the seeds folder of `settings`, knowing what is there
    (`known`: read from seeds/ when first needed, so a refresh with nothing new reads
    nothing)."""

    def __init__(
        self, settings: Settings, fetcher: Fetcher, known: KnownArticles | None = None
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self._known = known

    @property
    def known(self) -> KnownArticles:
        if self._known is None:
            self._known = KnownArticles.in_seeds(self.settings)
        return self._known

    def add_url(self, url: str, origin: PageRecord | None = None) -> Added:
        """Fetch the page at `url` and save it; `origin` carries a feed entry's facts (its
        `url` and `fetched` are replaced by the fetch's)."""
        present = self.known.by_address(url)
        if present:
            return _present(url, present, "the same address")
        try:
            fetched = self.fetcher.page(url)
        except FetchError as err:
            return Added(url, "failed", None, str(err), error=err)
        present = self.known.by_address(fetched.url)
        if present:
            return _present(url, present, "the same address")
        page = decode_page(fetched.body, fetched.charset)
        now = timestamp()
        record = (
            replace(origin, url=fetched.url, fetched=now)
            if origin
            else PageRecord(fetched.url, now)
        )
        data = (record.header() + page.text).encode("utf-8")
        # As the index will read it: a binary body, or one over the cap once saved, fails here.
        source = decode_article(page_file_name(fetched.url), data, self.settings.max_article_bytes)
        if isinstance(source, SkippedFile):
            return Added(url, "failed", None, f"{url}: {source.reason}")
        added = self._save(url, source, data)
        return replace(added, message=f"{added.message}; {page.note}") if page.note else added

    def add_file(self, path: Path) -> Added:
        """Copy the article file at `path` into seeds/ (.txt, .md or .html)."""
        shown = str(path)
        try:
            name = safe_article_name(path.name)
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                return Added(shown, "failed", None, f"{shown}: not a regular file")
            cap = self.settings.max_article_bytes
            if info.st_size > cap:
                raise ArticleRejectedError(
                    f"{shown}: {info.st_size:,} bytes is over the {cap:,}-byte limit (split "
                    "the file or raise NEWSQA_MAX_ARTICLE_BYTES)",
                    name=shown,
                )
            data = path.read_bytes()
        except ArticleRejectedError as err:
            return Added(shown, "failed", None, str(err), error=err)
        except OSError as err:
            return Added(shown, "failed", None, f"{shown}: cannot be read ({err.strerror})")
        decoded = decode_article(name, data, self.settings.max_article_bytes)
        if isinstance(decoded, SkippedFile):
            return Added(shown, "failed", None, f"{shown}: {decoded.reason}")
        return self._save(shown, decoded, data)

    def _save(self, shown: str, source: ArticleFile, data: bytes) -> Added:
        article = article_of(source)
        if isinstance(article, SkippedFile):
            return Added(shown, "failed", None, f"{shown}: {article.reason}")
        present = self.known.by_address(article.url) or self.known.same_text(article)
        if present:
            return _present(shown, present, "the same text")
        try:
            path = add_article_file(self.settings, source.article_id, data)
        except ArticleRejectedError as err:
            return Added(shown, "failed", None, str(err), article=article, error=err)
        except OSError as err:
            reason = f"{shown}: could not be saved in {self.settings.seeds_dir} ({err.strerror})"
            return Added(shown, "failed", None, reason, article=article)
        saved = replace(article, article_id=path.name)
        self.known.remember_article(saved)
        return Added(shown, "added", path.name, f"saved as {path.name}: {_about(saved)}", saved)


def _present(source: str, article_id: str, what: str) -> Added:
    return Added(source, "present", article_id, f"already in seeds/ as {article_id} ({what})")


def _about(article: Article) -> str:
    """`“Title” (Outlet, by Author, 2023-09-05)`."""
    facts = [article.outlet, f"by {article.author}" if article.author else None, article.date]
    shown = ", ".join(f for f in facts if f)
    return f"“{article.title}”" + (f" ({shown})" if shown else "")
