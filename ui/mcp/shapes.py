"""What the MCP tools return: Pydantic models (their JSON Schema is each tool's outputSchema,
so an assistant knows the shape before it calls) built from qa's results, and the text
rendering sent beside them for clients that read only text."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from index.status.catalog import ArticleRow
from qa.types import Answer, Citation, Passage

ARTICLE_URI = "news-qa://article/{article_id}"


def article_uri(article_id: str) -> str:
    """The resource URI of an indexed article (its id percent-encoded)."""
    return ARTICLE_URI.format(article_id=quote(article_id, safe=""))


class Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class CitedSource(Shape):
    """The source behind one [n] marker: `quote` is exactly the article's cleaned text
    [start:end] (read it whole at `uri`)."""

    n: int = Field(description="the [n] marker in the answer text")
    article_id: str
    title: str
    outlet: str | None
    date: str | None = Field(description="YYYY-MM-DD, or null when undated")
    quote: str
    start: int = Field(description="character offset of the quote in the cleaned article")
    end: int
    score: float = Field(description="how well the quote supports the answer, 0-1")
    also_reported_by: list[str] = Field(description="ids of articles carrying the same quote")
    uri: str = Field(description="the article as an MCP resource")
    url: str | None = Field(None, description="where it was published (web pages), or null")
    author: str | None = Field(None, description="its byline (web pages), or null")

    @classmethod
    def of(cls, c: Citation) -> CitedSource:
        return cls(
            n=c.n,
            article_id=c.article_id,
            title=c.title,
            outlet=c.outlet,
            date=c.date,
            quote=c.quote,
            start=c.start,
            end=c.end,
            score=round(c.score, 4),
            also_reported_by=[r.article_id for r in c.also_reported_by],
            uri=article_uri(c.article_id),
            url=c.url,
            author=c.author,
        )


class AskResult(Shape):
    """An answer from the indexed news articles, every claim cited."""

    question: str
    text: str = Field(description="the answer, with [n] markers pointing at `citations`")
    grounded: bool = Field(description="false: the articles do not support an answer")
    short: str = Field(description='the short answer ("Yes", a name, a number), or ""')
    kind: str = Field(description="what the question asked for (fact, value, verdict, ...)")
    mode: str = Field(description="extractive (sentences of the articles) or generated")
    notes: list[str] = Field(description="what was changed or left out, e.g. filters")
    citations: list[CitedSource]

    @classmethod
    def of(cls, answer: Answer) -> AskResult:
        return cls(
            question=answer.question,
            text=answer.text,
            grounded=answer.grounded,
            short=answer.short,
            kind=answer.kind,
            mode=answer.mode,
            notes=list(answer.notes),
            citations=[CitedSource.of(c) for c in answer.citations],
        )

    def rendered(self) -> str:
        """The answer, its notes, then one block per source."""
        lines = [self.text, *(f"Note: {n}" for n in self.notes)]
        if self.citations:
            lines += ["", "Sources:"]
        for c in self.citations:
            where = ", ".join(x for x in (c.outlet, c.date) if x)
            lines.append(f"[{c.n}] {c.title}" + (f" ({where})" if where else ""))
            lines += [f"    {c.url}"] if c.url else []
            lines.append(f'    {c.article_id}, characters {c.start}-{c.end}: "{c.quote}"')
        return "\n".join(lines)


class FoundPassage(Shape):
    """A retrieved passage: exactly the article's cleaned text [start:end]."""

    passage_id: str
    article_id: str
    title: str
    outlet: str | None
    date: str | None
    start: int
    end: int
    text: str
    score: float = Field(description="fused retrieval score, higher is better")
    uri: str

    @classmethod
    def of(cls, p: Passage) -> FoundPassage:
        return cls(
            passage_id=p.passage_id,
            article_id=p.article_id,
            title=p.title,
            outlet=p.outlet,
            date=p.date,
            start=p.start,
            end=p.end,
            text=p.text,
            score=round(p.score, 4),
            uri=article_uri(p.article_id),
        )


class SearchResult(Shape):
    """The passages that best match a query, best first."""

    query: str
    passages: list[FoundPassage]

    def rendered(self) -> str:
        if not self.passages:
            return f"No passage matches {self.query!r}."
        blocks = []
        for rank, p in enumerate(self.passages, 1):
            where = ", ".join(x for x in (p.outlet, p.date) if x)
            head = f"{rank}. {p.title}" + (f" ({where})" if where else "")
            place = f"{p.passage_id}, characters {p.start}-{p.end}, score {p.score:.3f}"
            blocks.append(f"{head}\n   {place}\n   {' '.join(p.text.split())}")
        return "\n".join(blocks)


class ListedArticle(Shape):
    """An article of the seeds folder or the index, and whether questions reach it."""

    article_id: str
    title: str
    outlet: str | None
    date: str | None
    status: str = Field(description="indexed, new, changed, removed or skipped")
    detail: str = Field(description="what to do about the status, or why it was skipped")
    uri: str | None = Field(description="the article as an MCP resource, when indexed")

    @classmethod
    def of(cls, row: ArticleRow) -> ListedArticle:
        in_index = row.status in ("indexed", "changed", "removed")
        return cls(
            article_id=row.article_id,
            title=row.title,
            outlet=row.outlet,
            date=row.date,
            status=row.status,
            detail=row.detail,
            uri=article_uri(row.article_id) if in_index else None,
        )


class ArticleList(Shape):
    """Every article, by id."""

    articles: list[ListedArticle]

    def rendered(self) -> str:
        if not self.articles:
            return "No articles: put .txt or .md files in the seeds folder and run news-qa index."
        lines = []
        for a in self.articles:
            where = ", ".join(x for x in (a.outlet, a.date) if x)
            line = f"{a.article_id} [{a.status}] {a.title}" + (f" ({where})" if where else "")
            lines.append(line + (f" - {a.detail}" if a.detail else ""))
        return "\n".join(lines)
