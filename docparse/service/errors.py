"""Every failure of the API is one JSON object with a code, a message and the right status.

Parser errors keep the message of the error catalogue (docparse.errors) and get
a status from the table below; the web page words them in Vietnamese by code.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from docparse.errors import DocparseError, ErrorCode
from docparse.store.library import LibraryError

log = logging.getLogger("docparse.service")

# Parser error -> HTTP status. NOT_FOUND cannot come from an upload; OUTPUT and
# GOLD are not about the input, so they are the server's fault, and a library
# that cannot be opened makes the service unavailable.
STATUS = {
    ErrorCode.EMPTY: 400,
    ErrorCode.UNSUPPORTED: 415,
    ErrorCode.CORRUPT: 422,
    ErrorCode.ENCRYPTED: 422,
    ErrorCode.NO_TEXT: 422,
    ErrorCode.ENCODING: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.OUTPUT: 500,
    ErrorCode.GOLD: 500,
    ErrorCode.LIBRARY: 503,
    ErrorCode.EMBED_MODEL: 503,
}
_GENERIC_CODES = {
    400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
    415: "unsupported", 422: "invalid_request", 500: "internal", 503: "unavailable",
    504: "timeout",
}


class ErrorInfo(BaseModel):
    code: str = Field(description='Machine-readable cause, e.g. "corrupt", "not_found"')
    message: str = Field(description="What went wrong and what to do, in one line")
    details: list[dict[str, Any]] | None = Field(
        None, description="Field errors of an invalid request"
    )


class ErrorResponse(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    """An error with its HTTP status, raised anywhere in a request."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def from_parser(code: ErrorCode, message: str) -> ApiError:
    return ApiError(STATUS.get(code, 500), code.name.lower(), message)


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", what)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error statuses a route can answer."""
    return {status: {"model": ErrorResponse} for status in statuses}


def error_json(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    return JSONResponse({"error": body}, status_code=status)


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE and isinstance(route, Route) and route.methods:
            methods |= route.methods
    return sorted(methods)


def install(app: FastAPI) -> None:
    """Route every exception to one JSON shape (FastAPI's own errors included)."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_json(exc.status, exc.code, exc.message)

    @app.exception_handler(DocparseError)
    async def _parser(_: Request, exc: DocparseError) -> JSONResponse:
        error = from_parser(exc.code, str(exc))
        return error_json(error.status, error.code, error.message)

    @app.exception_handler(LibraryError)
    async def _library(_: Request, exc: LibraryError) -> JSONResponse:
        log.error("library error: %s", exc)
        return error_json(503, "library", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _GENERIC_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response = error_json(exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            # Starlette lists only the first route's methods; a path may have several routes.
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        message = f"invalid request: {'.'.join(first['loc'])}: {first['msg']}"
        return error_json(422, "invalid_request", message, details=details)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_json(500, "internal", f"internal error ({type(exc).__name__}); see the log")
