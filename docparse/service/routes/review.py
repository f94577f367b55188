"""Review of stored coverage runs: list them, read one with its review marks, decide.

Every coverage the service computes is stored as a run (routes/coverage.py); a reader
confirms or rejects each verdict (or corrects it) and each evidence passage, and the
decision is kept in the library with the reviewer's name and the time
(docparse.link.review). The same data as `docparse review`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from docparse.link.coverage import Coverage
from docparse.link.review import ReviewError, find_task, record, reports_key, with_reviews
from docparse.service.errors import ApiError, not_found, responses
from docparse.service.schemas import DecisionRequest, ReviewUpdate, RunList, RunSummary
from docparse.service.state import Service, get_service
from docparse.store.library import Library

router = APIRouter(prefix="/api/v1/coverage", tags=["review"])
ServiceDep = Annotated[Service, Depends(get_service)]
# A stored run's id; bounded by the databases' 64-bit integers.
RunId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The stored run's id")]


@router.get("/runs", response_model=RunList, summary="Stored coverage runs")
async def list_runs(service: ServiceDep) -> RunList:
    """Every stored run, newest first, with how many review decisions its documents have."""

    def read(lib: Library) -> RunList:
        decided: dict[tuple[str, str], int] = {}
        for d in lib.decisions():
            decided[(d.plan_sha256, d.reports)] = decided.get((d.plan_sha256, d.reports), 0) + 1
        return RunList(runs=[
            RunSummary(id=r.id, created_at=r.created_at, plan=r.plan_sha256, title=r.title,
                       reports=list(r.reports), tasks=r.tasks, embed_model=r.embed_model,
                       weights=r.weights,
                       decisions=decided.get((r.plan_sha256, reports_key(r.reports)), 0))
            for r in lib.runs()
        ])

    return await service.library.call(read)


@router.get("/runs/{run_id}", response_model=Coverage, summary="One stored run, reviewed",
            responses=responses(404))
async def get_run(run_id: RunId, service: ServiceDep) -> Response:
    """The run's coverage with each verdict's and passage's review mark (who, when) and the
    review counts in its summary."""
    coverage = await service.library.call(lambda lib: _run(lib, run_id))
    return Response(coverage.model_dump_json(), media_type="application/json")


@router.post("/runs/{run_id}/decisions", response_model=ReviewUpdate, status_code=201,
             summary="Record a review decision", responses=responses(400, 404, 422))
async def post_decision(run_id: RunId, body: DecisionRequest, service: ServiceDep
                        ) -> ReviewUpdate:
    """Confirm, reject or correct a task's verdict, or (with `passage`) confirm or reject one
    of the passages shown for it. The latest decision on an item wins; all are kept."""

    def decide(lib: Library) -> ReviewUpdate:
        coverage = _run(lib, run_id)
        passage = (body.report, body.passage) if body.passage is not None else None
        try:
            updated = record(lib, coverage, body.task, decision=body.decision,
                             verdict=body.verdict, passage=passage, reviewer=body.reviewer)
            task = find_task(updated, body.task)
        except ReviewError as exc:
            raise ApiError(422, "invalid_decision", str(exc)) from None
        return ReviewUpdate(run=run_id, task=task, summary=updated.summary)

    return await service.library.call(decide)


def _run(lib: Library, run_id: int) -> Coverage:
    found = lib.run(run_id)
    if found is None:
        raise not_found(f"no coverage run {run_id} in the library")
    coverage = Coverage.model_validate_json(found[1]).model_copy(update={"run": run_id})
    return with_reviews(lib, coverage)
