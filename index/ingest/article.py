"""Article: one cleaned news article, the unit that is indexed, updated and removed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from index.core.text.outlets import clean_outlet


@dataclass(frozen=True)
class Article:
    """One news article after cleaning.

    - `article_id`: the file name in the seeds folder, e.g. `003_81e9dda9929231ae.txt`.
    - `title`: the headline, or the first sentence shortened when there is none.
    - `date`: ISO `YYYY-MM-DD` from a `date` marker or a dateline, else None.
    - `outlet`: the publishing site when the text names it (e.g. `WION`), else None; always
      normalised (index/core/text/outlets.py `clean_outlet`), whoever builds the Article.
    - `text`: the cleaned body; every offset in news-qa points into this string.
    - `content_hash`: sha256 of the file's bytes, used to tell changed articles apart.
    - `url`: where the article was published (a web page's source or canonical address,
      http or https only), else None; `author`: its byline as the page gives it, else None.
    """

    article_id: str
    title: str
    date: str | None
    outlet: str | None
    text: str
    content_hash: str
    url: str | None = None
    author: str | None = None

    def __post_init__(self) -> None:
        # Every reader (cleaner, benchmark corpora, callers of sync_articles) gets one spelling.
        object.__setattr__(self, "outlet", clean_outlet(self.outlet))

    @property
    def date_int(self) -> int | None:
        """The date as YYYYMMDD, for range filters in the store."""
        return int(self.date.replace("-", "")) if self.date else None


def text_hash(text: str) -> str:
    """sha256 of a cleaned text: two files holding the same article text have the same one."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
