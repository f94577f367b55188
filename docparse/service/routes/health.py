"""Health: is the service up, how full is it, what are its limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from docparse import __version__
from docparse.model import SCHEMA_VERSION
from docparse.service.routes.coverage import available
from docparse.service.schemas import Health, Limits
from docparse.service.state import Service, get_service

router = APIRouter(prefix="/api/v1", tags=["service"])


@router.get("/health", response_model=Health, summary="Service status")
async def health(service: Annotated[Service, Depends(get_service)]) -> Health:
    """Up and answering; document counts, parse workers and limits."""
    documents, citations = await service.library.count()
    config = service.config
    return Health(
        status="ok",
        version=__version__,
        schema_version=SCHEMA_VERSION,
        documents=documents,
        citations=citations,
        workers=service.pool.workers,
        idle_workers=service.pool.idle,
        worker_restarts=service.pool.restarts,
        coverage=available(),
        limits=Limits(max_mb=config.max_mb, max_pages=config.max_pages,
                      parse_timeout_s=config.parse_timeout_s),
    )
