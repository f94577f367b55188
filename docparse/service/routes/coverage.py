"""Plan-to-report coverage: which tasks of a plan do the reports say were done."""

from __future__ import annotations

import importlib.util
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from docparse.service.errors import ApiError, not_found, responses
from docparse.service.jobs import Outcome, coverage_job
from docparse.service.pool import JobTimeout, PoolBusy, WorkerCrashed
from docparse.service.schemas import CoverageRequest
from docparse.service.state import Service, get_service

log = logging.getLogger("docparse.service")
router = APIRouter(prefix="/api/v1", tags=["coverage"])
ServiceDep = Annotated[Service, Depends(get_service)]
MODULE = "docparse.link.coverage"


def available() -> bool:
    """Whether the coverage module is there (it is built separately from the service)."""
    try:
        return importlib.util.find_spec(MODULE) is not None
    except ImportError:
        return False


def response_model() -> Any:
    """The Coverage model for the published schema, when the module can be imported."""
    try:
        return importlib.import_module(MODULE).Coverage
    except Exception:  # not there, or half-written: the route still answers 503 then
        return dict[str, Any]


def _unavailable(message: str) -> ApiError:
    return ApiError(503, "coverage_unavailable", message)


@router.post("/coverage", response_model=response_model(), summary="Plan-report coverage",
             responses=responses(400, 404, 422, 500, 503, 504))
async def coverage(request: CoverageRequest, service: ServiceDep) -> Response:
    """For each task of the plan: reported, partial or not reported, with evidence passages
    quoted from the reports, and a summary by responsible unit. The run is stored in the
    library (its id is `run`) for review: /api/v1/coverage/runs."""
    if not available():
        raise _unavailable(f"plan-report coverage ({MODULE}) is not installed on this server")
    plan = await service.library.get(request.plan)
    if plan is None:
        raise not_found(f"no plan {request.plan!r} in the library")
    reports = []
    for report_id in dict.fromkeys(request.reports):  # a report given twice counts once
        report = await service.library.get(report_id)
        if report is None:
            raise not_found(f"no report {report_id!r} in the library")
        reports.append(report.model_dump_json())
    config = service.config
    try:
        outcome: Outcome = await service.pool.run(
            config.coverage_timeout_s, coverage_job, plan.model_dump_json(), reports,
            str(config.database), request.top_k,
        )
    except JobTimeout:
        raise ApiError(504, "timeout", f"coverage took longer than "
                       f"{config.coverage_timeout_s:g} s and was stopped") from None
    except WorkerCrashed:
        raise ApiError(500, "worker_crashed", "the coverage check's process died") from None
    except PoolBusy:
        raise ApiError(503, "busy", "the parse workers are busy; retry in a minute") from None
    if outcome.kind == "unavailable":
        raise _unavailable(outcome.message)
    if outcome.kind != "ok":
        log.error("coverage failed: %s\n%s", outcome.message, outcome.value)
        raise ApiError(500, "coverage_error", f"coverage failed ({outcome.message})")
    # Every run is kept, so that a reader can review it (docparse.link.review).
    from docparse.link.coverage import Coverage
    from docparse.link.review import store_run

    judged = Coverage.model_validate_json(str(outcome.value))
    stored = await service.library.call(lambda lib: store_run(lib, judged))
    return Response(stored.model_dump_json(), media_type="application/json")
