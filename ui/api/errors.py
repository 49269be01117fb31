"""Errors as API callers see them: one body for `/api` and `/v1` (OpenAI's shape,
`{"error": {"message", "type", "param", "code"}}`), and the one table from news-qa's errors
to HTTP statuses."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response

from index.core.errors import (
    ArticleNotFoundError,
    ArticleRejectedError,
    ArticleTooLargeError,
    ConfigError,
    IndexBusyError,
    IndexDamagedError,
    IndexMissingError,
    IndexWriteError,
    LLMError,
    ModelLoadError,
    NewsQAError,
    QuestionError,
    StoreUnavailableError,
)
from ui.web.doors import API_PREFIXES

log = logging.getLogger(__name__)

HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}
# The OpenAI shape's `type` for each status (OpenAI's own names where it has them).
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    409: "conflict_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    502: "upstream_error",
    507: "insufficient_storage",
    503: "service_unavailable",
}


class ApiError(Exception):
    """A request the API answers with an error: `status`, a machine-readable `code`, the
    input at fault (`param`), extra fields for the error object, and response headers."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str,
        param: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        kind = ERROR_TYPES.get(self.status, "server_error")
        error = {"message": self.message, "type": kind, "param": self.param, "code": self.code}
        return {"error": {**error, **self.extra}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def api_error(err: NewsQAError) -> ApiError:
    """The status, code and input at fault of one of news-qa's errors, from its class and
    fields; its message (which names the fix) is said as it is."""
    message = str(err)
    if isinstance(err, ArticleNotFoundError):
        return ApiError(404, message, code="article_not_found", param="article_id")
    if isinstance(err, ArticleTooLargeError):
        return ApiError(413, message, code="article_too_large", param="file")
    if isinstance(err, ArticleRejectedError):
        return ApiError(400, message, code="article_rejected", param="file")
    if isinstance(err, QuestionError):
        code = "context_length_exceeded" if err.field == "history" else "invalid_value"
        return ApiError(400, message, code=code, param=err.field)
    if isinstance(err, ConfigError):
        return ApiError(400, message, code="invalid_setting", param=err.setting)
    if isinstance(err, IndexBusyError):
        return ApiError(409, message, code="index_busy")
    if isinstance(err, IndexWriteError):
        return ApiError(507, message, code="index_write_failed", param=err.setting)
    if isinstance(err, IndexMissingError):
        return ApiError(503, message, code="index_missing")
    if isinstance(err, IndexDamagedError):
        return ApiError(503, message, code="index_damaged")
    if isinstance(err, StoreUnavailableError):
        return ApiError(503, message, code="store_unavailable")
    if isinstance(err, ModelLoadError):
        return ApiError(503, message, code="model_unavailable")
    if isinstance(err, LLMError):
        return ApiError(502, message, code=f"llm_{err.kind}", param=err.setting or None)
    return ApiError(500, message, code="server_error")


# /v1 callers send the question and its history as `messages`.
OPENAI_PARAMS = {"question": "messages", "history": "messages"}


def _for_path(err: ApiError, request: Request) -> JSONResponse:
    if request.url.path.startswith("/v1/") and err.param in OPENAI_PARAMS:
        err.param = OPENAI_PARAMS[err.param]
    return err.response()


def add_error_handlers(app: FastAPI) -> None:
    """Errors of the API routes in the one shape; other paths (Gradio's) keep their own."""

    async def refused(request: Request, err: Exception) -> Response:
        assert isinstance(err, ApiError)
        return _for_path(err, request)

    async def failed(request: Request, err: Exception) -> Response:
        assert isinstance(err, NewsQAError)
        return _for_path(api_error(err), request)

    async def unreadable(request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        return _for_path(invalid_input(err), request)

    async def http_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, HTTPException)
        if not request.url.path.startswith(API_PREFIXES):
            from fastapi.exception_handlers import http_exception_handler

            return await http_exception_handler(request, err)
        message, code = str(err.detail), HTTP_CODES.get(err.status_code, "http_error")
        limit = request.scope.get("starlette.max_body_size")
        if err.status_code == 413 and limit:  # Starlette's count of a streamed body
            message = f"The request is too large (over {limit:,} bytes) - send less"
        return ApiError(err.status_code, message, code=code).response()

    async def crashed(request: Request, err: Exception) -> Response:
        log.error("unexpected error in %s", request.url.path, exc_info=err)
        if not request.url.path.startswith(API_PREFIXES):
            return PlainTextResponse("Internal Server Error", status_code=500)
        message = (
            f"Something went wrong on the server ({type(err).__name__}; details are in its "
            "log) - try again, and report it if it keeps happening"
        )
        return ApiError(500, message, code="server_error").response()

    app.add_exception_handler(Exception, crashed)
    app.add_exception_handler(ApiError, refused)
    app.add_exception_handler(NewsQAError, failed)
    app.add_exception_handler(RequestValidationError, unreadable)
    app.add_exception_handler(HTTPException, http_error)


def invalid_input(err: RequestValidationError) -> ApiError:
    """The first problem pydantic found in a request, with where it is (`messages.0.role`)."""
    problems = err.errors()
    if not problems:
        return ApiError(400, "The request could not be read", code="invalid_request")
    first = problems[0]
    where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    at = ".".join(where)
    if first.get("type") == "json_invalid":
        message, at = "The request body is not valid JSON - send a JSON object", ""
    else:
        message = f"{at or 'The request'}: {first.get('msg', 'invalid')}"
    return ApiError(400, message, code="invalid_request", param=at or None)
