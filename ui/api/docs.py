"""The API's docs page, `/api/docs`: Swagger UI over `/api/openapi.json`, its script and style
served from the swagger-ui-py package. FastAPI's own page loads them from a CDN, which an
offline server (or one whose users cannot reach the CDN) does not have."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

DOCS_PATH = "/api/docs"
ASSETS = f"{DOCS_PATH}/assets"


def swagger_assets() -> Path:
    """swagger-ui-py's copy of Swagger UI's files (found without importing the package,
    which would import its web-framework glue)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("swagger-ui-py is not installed - run: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def add_docs(app: FastAPI) -> None:
    """`/api/docs` and its assets on `app`, whose OpenAPI document is `app.openapi_url`."""
    openapi_url = app.openapi_url or "/api/openapi.json"

    def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title="news-qa API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    app.add_api_route(DOCS_PATH, docs_page, include_in_schema=False)
    app.mount(ASSETS, StaticFiles(directory=swagger_assets()), name="api-docs-assets")
