"""What the REST API (`/api`) reads and returns besides answers (ui/api/models.py): requests,
articles, index jobs and status. Models of an index dataclass mirror it field for field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from index.status.catalog import ArticleStatus
from ui.api.models import IndexedArticleModel, Mirror, PassageModel


class AskRequest(BaseModel):
    """A question, with what `qa.ask` takes besides it."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(examples=["How many French troops are in Niger?"])
    history: list[str] = Field([], description="the conversation's earlier questions")
    outlets: list[str] | None = Field(None, description="only these outlets (indexed names)")
    since: str | None = Field(None, description="only articles dated on or after YYYY-MM-DD")
    until: str | None = Field(None, description="only articles dated on or before YYYY-MM-DD")
    top_k: int | None = Field(None, ge=1, le=50, description="passages to answer from")


class SearchResults(BaseModel):
    query: str
    passages: list[PassageModel]


class ArticleModel(Mirror):
    """One article in the seeds folder or the index (index/status/catalog.py's ArticleRow):
    `status` is indexed, new, changed, removed (still answerable until the next update) or
    skipped; `detail` says what to do about it."""

    model_config = ConfigDict(title="Article")
    article_id: str
    title: str
    outlet: str | None
    date: str | None
    chunks: int
    status: ArticleStatus
    detail: str = ""
    same_story: tuple[str, ...] = Field((), description="other articles carrying the story")


class Span(BaseModel):
    """`text` is the article's cleaned text `[start:end]`."""

    start: int
    end: int
    text: str


class ArticleDetail(IndexedArticleModel):
    model_config = ConfigDict(title="ArticleDetail")
    span: Span | None = Field(None, description="the characters asked for with ?start=&end=")


class ArticleSaved(BaseModel):
    article_id: str = Field(description="the name it was saved as in the seeds folder")
    message: str


# As many as the Articles tab's "Add from URL" takes at once.
MAX_FETCH_URLS = 20


class FetchRequest(BaseModel):
    urls: list[str] = Field(
        min_length=1,
        max_length=MAX_FETCH_URLS,
        description="http(s) addresses of articles' pages",
        examples=[["https://www.example.org/news/2023/niger-troops"]],
    )


class Fetched(BaseModel):
    """What became of one address."""

    source: str = Field(description="the address as given")
    status: Literal["added", "present", "failed"] = Field(
        description="present: the same address or text is in the seeds folder already"
    )
    article_id: str | None = Field(description="the file in the seeds folder, new or present")
    message: str = Field(description="one line: what was saved, or what failed and the fix")


class FetchResults(BaseModel):
    results: list[Fetched]
    added: int
    message: str


class ArticleDeleted(BaseModel):
    article_id: str
    moved_to: str = Field(description="where the file went (the seeds folder's .deleted/)")
    message: str


class SkippedModel(Mirror):
    model_config = ConfigDict(title="SkippedFile")
    article_id: str
    reason: str


class IndexReportModel(Mirror):
    """What an update did (index/update/report.py's IndexReport): article ids per outcome."""

    model_config = ConfigDict(title="IndexReport")
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: list[str]
    skipped: list[SkippedModel]
    chunks_embedded: int
    total_chunks: int
    seconds: float
    rebuilt: bool
    generation: str
    notes: list[str]


class JobModel(Mirror):
    """An index update started by POST /api/index (ui/api/jobs.py's JobView)."""

    model_config = ConfigDict(title="Job")
    job_id: str
    state: str = Field(description="running, done or failed")
    progress: float = Field(description="0-1")
    stage: str
    started_at: float = Field(description="Unix time")
    finished_at: float | None
    report: IndexReportModel | None
    error: str | None
    error_code: str | None


class StatusModel(BaseModel):
    """What the live index holds; `ready` is false (with `message` saying the fix) before
    there is one."""

    model_config = ConfigDict(title="Status")
    ready: bool
    message: str = ""
    generation: str | None = None
    articles: int = 0
    chunks: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    embed_model: str | None = None
    skipped: dict[str, str] = {}
    stories: list[list[str]] = []
    update: JobModel | None = Field(None, description="the index job running now, if any")
