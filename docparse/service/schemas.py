"""Request and response bodies of the API (they make the published OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from docparse.link.coverage import CoverageSummary, TaskCoverage
from docparse.model import Document


class UploadResult(BaseModel):
    id: str = Field(description="The document's id: the SHA-256 of the uploaded bytes")
    created: bool = Field(description="False when the same file was already in the library")
    document: Document = Field(description="The parsed document (the CLI's JSON contract)")


class DocumentSummary(BaseModel):
    id: str = Field(description="SHA-256 of the source file")
    file_name: str
    key: str | None = Field(None, description='Citation key, e.g. "116/KH-UBND@2025"')
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None


class DocumentList(BaseModel):
    total: int = Field(description="Documents in the library")
    offset: int
    documents: list[DocumentSummary]


class CitedDocument(BaseModel):
    key: str = Field(description="Citation key of the cited (or citing) document")
    loaded: bool = Field(description="The document itself is in the library")
    type: str | None = None
    number: str | None = None
    name: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    title: str | None = None
    file_name: str | None = None


class CitedItem(CitedDocument):
    mentions: int
    relation: str = Field(description="The strongest cue among the mentions")
    relations: dict[str, int] | None = None
    sections: list[str] = Field(default_factory=list)
    footnotes: list[str] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)
    pinpoints: list[str] = Field(default_factory=list)


class DocumentCitations(BaseModel):
    document: CitedDocument
    groups: dict[str, list[CitedItem]] = Field(
        description="laws, decrees, resolutions, legal, party, administrative"
    )
    total: int


class CitedBy(BaseModel):
    document: CitedDocument
    cited_by: list[CitedItem]


class GraphNode(BaseModel):
    id: str = Field(description="Citation key, or doc:<sha256 prefix> for an unnumbered document")
    label: str
    loaded: bool
    group: str
    document_id: str | None = Field(None, description="Library id when the document is loaded")
    cited_by: int = Field(description="Documents citing it")
    info: dict[str, Any] = Field(default_factory=dict)


class GraphLink(BaseModel):
    source: str
    target: str
    mentions: int
    relation: str


class GraphView(BaseModel):
    nodes: list[GraphNode]
    links: list[GraphLink]
    dropped: int = Field(description="Less connected nodes left out (see max_nodes)")
    stats: dict[str, Any]


class CoverageRequest(BaseModel):
    plan: str = Field(description="Id of the plan (Kế hoạch)", min_length=1)
    reports: list[str] = Field(description="Ids of the reports", min_length=1, max_length=50)
    top_k: int = Field(5, ge=1, le=20, description="Evidence passages kept per task")


class RunSummary(BaseModel):
    id: int = Field(description="The stored run's id")
    created_at: str = Field(description="When it was checked, ISO 8601 UTC")
    plan: str = Field(description="Id (sha256) of the plan")
    title: str | None = Field(None, description="The plan, for a listing")
    reports: list[str] = Field(description="Ids of the reports, in the run's order")
    tasks: int
    embed_model: str
    weights: str = Field(description='"shipped", "library:N" (fitted by docparse fit), ...')
    decisions: int = Field(description="Review decisions kept on this plan and these reports")


class RunList(BaseModel):
    runs: list[RunSummary] = Field(description="Newest first")


class DecisionRequest(BaseModel):
    task: str = Field(min_length=1, max_length=200,
                      description='The task: its id ("t3") or label path ("II.1.a")')
    decision: Literal["confirmed", "rejected", "corrected"] = Field(
        description="A verdict is confirmed, rejected or corrected (to `verdict`); a passage "
                    "is confirmed or rejected")
    verdict: Literal["reported", "partial", "not_reported"] | None = Field(
        None, description="With decision corrected: the right verdict")
    passage: str | None = Field(
        None, min_length=1, max_length=200,
        description="To decide on an evidence passage (or a closest one) instead of the "
                    "verdict: its id, Evidence.location.id")
    report: int = Field(0, ge=0, le=1000, description="With passage: Evidence.report")
    reviewer: str = Field(min_length=1, max_length=100, description="Who decides")


class ReviewUpdate(BaseModel):
    run: int
    task: TaskCoverage = Field(description="The task with its review marks")
    summary: CoverageSummary = Field(description="The run's summary, with its review counts")


class Limits(BaseModel):
    max_mb: float
    max_pages: int
    parse_timeout_s: float


class Health(BaseModel):
    status: str
    version: str
    schema_version: str
    documents: int
    citations: int
    workers: int
    idle_workers: int
    worker_restarts: int
    coverage: bool = Field(description="Plan-report coverage is installed")
    limits: Limits
