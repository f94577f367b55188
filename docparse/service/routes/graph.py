"""The citation graph: what a document cites, who cites a document, the whole graph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from docparse.graph.query import QueryError, cited_by, cites
from docparse.service.errors import not_found, responses
from docparse.service.schemas import CitedBy, DocumentCitations, GraphView
from docparse.service.state import Service, get_service
from docparse.service.views import graph_view

router = APIRouter(prefix="/api/v1", tags=["citations"])
ServiceDep = Annotated[Service, Depends(get_service)]


@router.get("/documents/{id}/citations", response_model=DocumentCitations,
            summary="What a document cites", responses=responses(404))
async def document_citations(
    id: Annotated[str, Path(description="SHA-256 of the source file")],
    service: ServiceDep,
) -> dict[str, Any]:
    """The documents it cites, grouped (laws, decrees, resolutions, party, ...), with how
    often, the strongest relation and where (sections, footnotes, pages)."""
    if not await service.library.has(id):
        raise not_found(f"no document {id!r} in the library")
    answer: dict[str, Any] = await service.library.query(lambda g: cites(g, id))
    return answer


@router.get("/citations/{key:path}/cited-by", response_model=CitedBy,
            summary="Who cites a document", responses=responses(404))
async def citation_cited_by(
    key: Annotated[str, Path(description='Citation key, e.g. "116/KH-UBND@2025" (URL-encoded)')],
    service: ServiceDep,
) -> dict[str, Any]:
    """The stored documents that cite `key`, with how often, how and where."""

    def ask(graph: Any) -> dict[str, Any] | None:
        try:
            return cited_by(graph, key)
        except QueryError:
            return None

    answer: dict[str, Any] | None = await service.library.query(ask)
    if answer is None:
        raise not_found(f"no document or citation key {key!r} in the library")
    return answer


@router.get("/graph", response_model=GraphView, summary="The citation graph",
            responses=responses(422))
async def graph(
    service: ServiceDep,
    max_nodes: Annotated[
        int, Query(ge=1, le=20000, description="Keep the loaded and best connected nodes")
    ] = 500,
) -> dict[str, Any]:
    """Nodes (documents, loaded or only cited) and links (citing -> cited) with counts."""
    answer: dict[str, Any] = await service.library.query(lambda g: graph_view(g, max_nodes))
    return answer
