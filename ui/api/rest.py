"""The REST API under `/api`: ask, search, the articles (list, read, upload, fetch, delete), index
update jobs and status. Answers come from `qa.api`; uploads and deletes go through the same
functions as the Articles tab (index/ingest/seeds.py), updates through its update
(ui/api/jobs.py). Plain `def` routes: FastAPI runs them in its thread pool."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import JSONResponse

from index.core.errors import IndexMissingError
from index.status.catalog import article_rows
from ui.api.errors import ApiError
from ui.api.models import AnswerModel, PassageModel
from ui.api.rest_models import (
    ArticleDeleted,
    ArticleDetail,
    ArticleModel,
    ArticleSaved,
    AskRequest,
    Fetched,
    FetchRequest,
    FetchResults,
    JobModel,
    SearchResults,
    Span,
    StatusModel,
)
from ui.api.service import ApiService, api_service

router = APIRouter(prefix="/api", tags=["REST"])
Service = Annotated[ApiService, Depends(api_service)]
# A question in a query string; longer ones are cut by NEWSQA_MAX_QUESTION_CHARS anyway.
MAX_QUERY_CHARS = 8_000


@router.post("/ask", response_model=AnswerModel)
def ask(body: AskRequest, service: Service) -> AnswerModel:
    """Answer a question from the indexed articles, citing the sentences it rests on."""
    from qa import ask

    answer = ask(
        body.question,
        top_k=body.top_k,
        settings=service.settings,
        history=body.history,
        outlets=body.outlets,
        since=body.since,
        until=body.until,
    )
    return AnswerModel.model_validate(answer, from_attributes=True)


@router.get("/search", response_model=SearchResults)
def search(
    *,
    service: Service,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
    k: Annotated[int, Query(ge=1, le=100)] = 10,
    outlets: Annotated[list[str] | None, Query()] = None,
    since: str | None = None,
    until: str | None = None,
) -> SearchResults:
    """The `k` passages that best match `q`, best first (`outlets` may repeat)."""
    from qa import retrieve

    found = retrieve(q, k, settings=service.settings, outlets=outlets, since=since, until=until)
    passages = [PassageModel.model_validate(p, from_attributes=True) for p in found]
    return SearchResults(query=q, passages=passages)


@router.get("/articles", response_model=list[ArticleModel])
def list_articles(service: Service) -> list[ArticleModel]:
    """Every file in the seeds folder and every indexed article, with its status."""
    return [ArticleModel.model_validate(row) for row in article_rows(service.settings)]


@router.get("/articles/{article_id}", response_model=ArticleDetail)
def read_article(
    article_id: str,
    service: Service,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> ArticleDetail:
    """An indexed article's cleaned text and metadata; `?start=&end=` (a citation's offsets)
    also returns those characters as `span`."""
    from qa import indexed_article

    article = indexed_article(article_id, settings=service.settings)
    span = None
    if start is not None or end is not None:
        if start is None or end is None or not start < end <= len(article.text):
            raise ApiError(
                400,
                f"start and end must both be given, with 0 <= start < end <= "
                f"{len(article.text)} (the article's length)",
                code="invalid_span",
                param="start" if start is None or end is None or start >= end else "end",
            )
        span = Span(start=start, end=end, text=article.text[start:end])
    return ArticleDetail.model_validate({**dataclasses.asdict(article), "span": span})


@router.post("/articles", status_code=201, response_model=ArticleSaved)
def upload_article(
    file: Annotated[UploadFile, File(description="a .txt, .md (UTF-8) or .html article")],
    service: Service,
) -> ArticleSaved:
    """Add one article file to the seeds folder (checked as the Articles tab checks uploads);
    `POST /api/index` then makes it answerable."""
    from index.ingest.seeds import add_article_file

    name = file.filename or ""
    # Whole: the body cap (ui/web/doors.py) holds an upload to one article and its form.
    data = file.file.read()
    saved = add_article_file(service.settings, name, data)
    return ArticleSaved(
        article_id=saved.name,
        message=f"{name} saved as {saved.name} - POST /api/index makes it answerable",
    )


@router.post("/articles/fetch", response_model=FetchResults)
def fetch_articles(body: FetchRequest, service: Service) -> FetchResults:
    """Fetch web pages into the seeds folder (as `news-qa add URL` and the Articles tab's Add
    from URL do: the address guard, robots.txt, the size cap); one failing never stops the
    others. `POST /api/index` then makes them answerable."""
    from index.fetch.sources import add_sources
    from index.fetch.urls import is_web_address

    for n, url in enumerate(body.urls):
        # Only addresses: a path here would copy a file of the server's disk.
        if not is_web_address(url):
            raise ApiError(
                400,
                f"urls.{n}: {url[:200]!r} is not an http(s) web address - give the page's "
                "address (https://...)",
                code="invalid_value",
                param="urls",
            )
    results = [
        Fetched(source=r.source, status=r.status, article_id=r.article_id, message=r.message)
        for r in add_sources(service.settings, [url.strip() for url in body.urls])
    ]
    added = sum(r.status == "added" for r in results)
    then = " - POST /api/index makes them answerable" if added else ""
    return FetchResults(
        results=results, added=added, message=f"{added} of {len(results)} added{then}"
    )


@router.delete("/articles/{article_id}", response_model=ArticleDeleted)
def delete_article(article_id: str, service: Service) -> ArticleDeleted:
    """Move an article file into the seeds folder's `.deleted/` (as the Articles tab does)."""
    from index.ingest.seeds import remove_article_file

    moved = remove_article_file(service.settings, article_id)
    relative = moved.relative_to(service.settings.seeds_dir)
    return ArticleDeleted(
        article_id=article_id,
        moved_to=str(relative),
        message=f"{article_id} moved to {relative} - POST /api/index drops it from answers",
    )


@router.post("/index", status_code=202, response_model=JobModel)
def start_update(service: Service) -> JobModel:
    """Start an index update; follow it at `GET /api/jobs/{job_id}`. 409 while one runs."""
    return JobModel.model_validate(service.jobs.start())


@router.get("/jobs/{job_id}", response_model=JobModel)
def read_job(job_id: str, service: Service) -> JobModel:
    """An index update's state, progress, report or error."""
    return JobModel.model_validate(service.jobs.view(job_id))


@router.get("/status", response_model=StatusModel)
def status(service: Service) -> StatusModel:
    """What the live index holds, and the update running now, if any."""
    from index.status.summary import index_status

    running = service.jobs.running()
    update = JobModel.model_validate(running) if running else None
    try:
        held = index_status(service.settings)
    except IndexMissingError as err:
        return StatusModel(ready=False, message=str(err), update=update)
    return StatusModel(
        ready=True,
        generation=held.generation,
        articles=held.articles,
        chunks=held.chunks,
        created_at=held.created_at,
        updated_at=held.updated_at,
        embed_model=held.embed_model,
        skipped=held.skipped,
        stories=held.stories,
        update=update,
    )


@router.api_route(
    "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def unknown(path: str) -> JSONResponse:
    raise ApiError(404, f"No API endpoint /api/{path} - see /api/docs", code="not_found")
