"""The FastAPI application: the versioned API under /api/v1, the web page at /.

`create_app` builds one app around one library folder. The parse workers start
with the app (its lifespan) or, where no lifespan runs, on the first parse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi_swagger import resources as swagger_assets

from docparse import __version__
from docparse.service import errors
from docparse.service.config import ServiceConfig, resolve_library
from docparse.service.routes import coverage, documents, graph, health, review
from docparse.service.state import Service

STATIC = Path(__file__).resolve().parent / "static"
# The page loads nothing from elsewhere; say so to the browser.
_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def create_app(
    library_path: Path | str | None,
    *,
    max_mb: float = 200.0,
    max_pages: int = 2000,
    parse_timeout_s: float = 120.0,
    workers: int = 2,
    entities: bool = True,
    coverage_timeout_s: float = 300.0,
    data: Path | None = None,
) -> FastAPI:
    """The service over the library at `library_path` (a folder, its .sqlite file, or a
    postgresql:// URL); `data` is where uploads are kept, when not the library's folder."""
    folder, database = resolve_library(library_path, data)
    config = ServiceConfig(
        folder=folder, database=database, max_mb=max_mb, max_pages=max_pages,
        parse_timeout_s=parse_timeout_s, workers=workers, entities=entities,
        coverage_timeout_s=coverage_timeout_s,
    )
    config.make_dirs()  # uploads stream into tmp/ even where no lifespan runs
    service = Service(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(
        title="docparse",
        version=__version__,
        summary="Structured JSON from Vietnamese administrative documents",
        description="Upload a PDF, Word (DOCX, DOC, RTF, ODT), text file or image scan and get "
        "the document's structure, "
        "metadata and citations as JSON (the same contract as `docparse parse`); "
        "browse the library's citation graph; check a plan's tasks against reports, and "
        "review the checks' verdicts and evidence.",
        lifespan=lifespan,
        docs_url=None,  # served below from the fastapi-swagger package: no CDN needed
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    for module in (documents, graph, coverage, review, health):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Offices that read these documents are often on closed networks: the API docs
    # page must not depend on a CDN.
    app.mount("/docs-assets", StaticFiles(directory=Path(swagger_assets.__file__).parent),
              name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="docparse API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        path = request.url.path
        if path == "/" or path.startswith("/static/"):
            response.headers["Content-Security-Policy"] = _PAGE_POLICY
            response.headers["Cache-Control"] = "no-cache"  # always the page of this version
        return response

    return app
