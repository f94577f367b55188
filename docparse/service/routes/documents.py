"""Documents: upload (parse and store), list, fetch one."""

from __future__ import annotations

import json
import logging
import os
import pathlib
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from docparse.errors import DocparseError, ErrorCode
from docparse.model import Document
from docparse.pipeline import ParseOptions
from docparse.service.errors import ApiError, from_parser, not_found, responses
from docparse.service.jobs import Outcome, parse_job
from docparse.service.pool import JobTimeout, PoolBusy, WorkerCrashed
from docparse.service.schemas import DocumentList, UploadResult
from docparse.service.state import Service, get_service
from docparse.service.uploads import FIELD, Upload, receive
from docparse.service.views import summary

log = logging.getLogger("docparse.service")
router = APIRouter(prefix="/api/v1", tags=["documents"])
ServiceDep = Annotated[Service, Depends(get_service)]
DocumentId = Annotated[str, Path(description="SHA-256 of the source file (the upload gives it)")]

# The upload is read as a stream (see uploads.py), so its body is described by hand.
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FIELD],
                    "properties": {
                        FIELD: {
                            "type": "string",
                            "contentMediaType": "application/octet-stream",
                            "description": "A PDF, Word (DOCX; DOC, RTF, ODT through LibreOffice), "
                                           "UTF-8 text file or PNG/JPEG/TIFF scan",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/documents",
    status_code=201,
    response_model=UploadResult,
    summary="Parse and store a document",
    responses={
        200: {"model": UploadResult, "description": "The same file was already stored"},
        **responses(400, 413, 415, 422, 500, 503, 504),
    },
    openapi_extra=_UPLOAD_BODY,
)
async def upload_document(request: Request, service: ServiceDep) -> Response:
    """Parse an uploaded PDF, Word, text or image file, store it and return its JSON and id.

    The id is the SHA-256 of the file: uploading the same file again returns the
    stored document (status 200) without parsing it again.
    """
    config = service.config
    upload = await receive(request, config.tmp, config.max_bytes)
    try:
        if upload.size == 0:
            raise DocparseError(ErrorCode.EMPTY, path=upload.file_name)
        stored = await service.library.get(upload.sha256)
        if stored is not None:
            return _upload_response(stored, created=False)
        doc = await _parse(service, upload)
        _keep_file(upload, config.files)
        created = await service.library.add(doc)
        return _upload_response(doc, created=created)
    finally:
        upload.path.unlink(missing_ok=True)


async def _parse(service: Service, upload: Upload) -> Document:
    config = service.config
    options = ParseOptions(
        entities=config.entities, max_pages=config.max_pages, max_mb=config.max_mb
    )
    try:
        outcome: Outcome = await service.pool.run(
            config.parse_timeout_s, parse_job, str(upload.path), upload.file_name, options
        )
    except JobTimeout:
        raise ApiError(
            504, "timeout",
            f"parsing {upload.file_name} took longer than {config.parse_timeout_s:g} s and was "
            "stopped; the server's limit is set with --timeout",
        ) from None
    except WorkerCrashed:
        raise ApiError(
            500, "worker_crashed",
            f"the parser's process died while reading {upload.file_name} (out of memory?)",
        ) from None
    except PoolBusy:
        raise ApiError(503, "busy", "too many documents are waiting to be parsed; "
                       "retry in a minute") from None
    if outcome.kind == "error":
        raise from_parser(ErrorCode[outcome.code], outcome.message)
    if outcome.kind != "ok":
        log.error("parser failed on %s: %s\n%s", upload.file_name, outcome.message, outcome.value)
        raise ApiError(
            500, "parser_error",
            f"the parser failed on {upload.file_name} ({outcome.message}); please report it",
        )
    assert isinstance(outcome.value, Document)
    return outcome.value


def _keep_file(upload: Upload, files: pathlib.Path) -> None:
    """Move the upload to files/<sha256>: the name comes from the content, never the client."""
    target = files / upload.sha256
    if target.exists():
        return  # same bytes, stored by an earlier or concurrent upload
    os.replace(upload.path, target)  # atomic within the library folder


def _upload_response(doc: Document, *, created: bool) -> Response:
    # The document is serialised once, as the CLI does, not re-validated on the way out.
    body = (
        f'{{"id":{json.dumps(doc.source.sha256)},"created":{json.dumps(created)},'
        f'"document":{doc.model_dump_json()}}}'
    )
    return Response(
        body, status_code=201 if created else 200, media_type="application/json",
        headers={"Location": f"/api/v1/documents/{doc.source.sha256}"},
    )


@router.get("/documents", response_model=DocumentList, summary="List the stored documents",
            responses=responses(422))
async def list_documents(
    service: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many")] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Skip this many")] = 0,
) -> DocumentList:
    """Documents in the library, newest first (by their date), then by file name."""
    rows = await service.library.rows()
    rows.sort(key=lambda r: (r.file_name, r.sha256))
    rows.sort(key=lambda r: r.date or "", reverse=True)
    page = [summary(r) for r in rows[offset: offset + limit]]
    return DocumentList.model_validate({"total": len(rows), "offset": offset, "documents": page})


@router.get("/documents/{id}", response_model=Document, summary="One stored document",
            responses=responses(404))
async def get_document(id: DocumentId, service: ServiceDep) -> Response:
    """The document's JSON, exactly as `docparse parse` writes it."""
    doc = await service.library.get(id)
    if doc is None:
        raise not_found(f"no document {id!r} in the library")
    return Response(doc.model_dump_json(), media_type="application/json")
