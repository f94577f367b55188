"""The review loop: stored coverage runs, reviewers' decisions, and the marks they put on a run.

`docparse check` (with a library) and the web page store each run (`store_run`). A reader
then confirms or rejects each verdict (or corrects it to another) and each evidence
passage shown (`decide`, by `docparse review` or the web page); every decision is kept with
its reviewer and time (docparse.store.reviews), and the latest on an item wins.

A decision names its item by the documents and the task as well as by the run, so a later
run of the same plan and reports (after a re-fit, say) shows it too. On a run, the latest
decision on a verdict reads:
- confirmed, when the reviewer's verdict (confirmed or corrected to) is the run's;
- corrected (to the reviewer's verdict), when it is another: a correction, or a
  confirmation made on an earlier run that judged otherwise;
- rejected, when the reviewer rejected the verdict this run gives; a rejection of a verdict
  this run no longer gives says nothing about this one, so the verdict is unreviewed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from docparse import __version__
from docparse.link.coverage import (
    Coverage,
    Evidence,
    ReviewMark,
    ReviewSummary,
    TaskCoverage,
)
from docparse.link.text import canonical
from docparse.link.verdict import VERDICTS
from docparse.store.library import Library
from docparse.store.reviews import DecisionRow, utc_now

Item = Literal["verdict", "evidence"]
DECISIONS = ("confirmed", "rejected", "corrected")
MAX_REVIEWER = 100


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown run, task or passage, bad value); the
    message says what is wrong, in one line."""


def reports_key(sha256s: Iterable[str]) -> str:
    """The set of reports a decision is about: sha256s sorted (a run of the same reports in
    another order is the same check)."""
    return ",".join(sorted(set(sha256s)))


def task_sha256(text: str) -> str:
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def shown(item: TaskCoverage) -> list[Evidence]:
    """The passages a reader sees for a task: its evidence, or for a task flagged
    not_reported the passages that came closest (confirming one says the flag is wrong)."""
    return item.evidence or item.nearest


# --- runs ------------------------------------------------------------------------------


def store_run(library: Library, coverage: Coverage) -> Coverage:
    """Store a run; returns it with its id and the marks of earlier decisions on the same
    plan and reports."""
    run_id = library.add_run(
        plan_sha256=coverage.plan.sha256,
        reports=[r.sha256 for r in coverage.reports],
        title=_title(coverage),
        tasks=len(coverage.tasks),
        embed_model=coverage.embed_model,
        weights=coverage.weights or "shipped",
        docparse_version=__version__,
        coverage=coverage.model_copy(update={"run": None}).model_dump_json(),
    )
    return with_reviews(library, coverage.model_copy(update={"run": run_id}))


def load_run(library: Library, run_id: int) -> Coverage:
    found = library.run(run_id)
    if found is None:
        known = ", ".join(str(r.id) for r in library.runs()[:5])
        raise ReviewError(f"no coverage run {run_id} in library {library.location}"
                          + (f" (latest: {known})" if known else
                             "; store one with: docparse check PLAN REPORT... --library ..."))
    coverage = Coverage.model_validate_json(found[1])
    return with_reviews(library, coverage.model_copy(update={"run": run_id}))


def with_reviews(library: Library, coverage: Coverage) -> Coverage:
    key = reports_key(r.sha256 for r in coverage.reports)
    return apply_reviews(coverage, library.decisions(coverage.plan.sha256, key))


def _title(coverage: Coverage) -> str | None:
    plan = coverage.plan
    head = " ".join(x for x in (plan.doc_type, plan.key or plan.symbol) if x)
    return " – ".join(x for x in (head, plan.title) if x) or plan.file_name


# --- marks -----------------------------------------------------------------------------


def latest(decisions: Iterable[DecisionRow]) -> dict[tuple[object, ...], DecisionRow]:
    """The decision in force on each item: the last one the library received."""
    out: dict[tuple[object, ...], DecisionRow] = {}
    for d in sorted(decisions, key=lambda d: d.id or 0):
        out[item_key(d)] = d
    return out


def item_key(d: DecisionRow) -> tuple[object, ...]:
    return (d.plan_sha256, d.reports, d.task, d.task_sha256, d.item, d.report_sha256,
            d.passage)


def apply_reviews(coverage: Coverage, decisions: Iterable[DecisionRow]) -> Coverage:
    """The coverage with each verdict's and passage's review mark, and the review counts."""
    plan = coverage.plan.sha256
    key = reports_key(r.sha256 for r in coverage.reports)
    now = latest(d for d in decisions if d.plan_sha256 == plan and d.reports == key)
    tasks: list[TaskCoverage] = []
    counts = dict.fromkeys(("confirmed", "corrected", "rejected", "unreviewed"), 0)
    passages = {"confirmed": 0, "rejected": 0}
    for item in coverage.tasks:
        ident = (plan, key, item.task.label_path, task_sha256(item.task.text))
        found = now.get((*ident, "verdict", None, None))
        mark = _verdict_mark(found, item.verdict) if found else None
        counts[mark.status if mark else "unreviewed"] += 1

        def marked(e: Evidence, ident: tuple[str, ...] = ident) -> Evidence:
            report = coverage.reports[e.report].sha256
            d = now.get((*ident, "evidence", report, e.location.id))
            if d is None:
                return e.model_copy(update={"review": None})
            passages[d.decision] = passages.get(d.decision, 0) + 1
            return e.model_copy(update={"review": _mark(d, d.decision, None)})

        tasks.append(item.model_copy(update={
            "review": mark,
            "evidence": [marked(e) for e in item.evidence],
            "nearest": [marked(e) for e in item.nearest],
        }))
    summary = coverage.summary.model_copy(update={"review": ReviewSummary(
        **counts, evidence_confirmed=passages["confirmed"],
        evidence_rejected=passages["rejected"])})
    return coverage.model_copy(update={"tasks": tasks, "summary": summary})


def _verdict_mark(d: DecisionRow, verdict: str) -> ReviewMark | None:
    if d.decision == "rejected":
        return _mark(d, "rejected", d.verdict) if d.verdict == verdict else None
    return _mark(d, "confirmed" if d.verdict == verdict else "corrected", d.verdict)


def _mark(d: DecisionRow, status: str, verdict: str | None) -> ReviewMark:
    return ReviewMark(status=status, verdict=verdict, reviewer=d.reviewer,  # type: ignore[arg-type]
                      at=d.decided_at, run=d.run_id)


# --- decisions -------------------------------------------------------------------------


def find_task(coverage: Coverage, ref: str) -> TaskCoverage:
    """A task of the run by label path ("II.1.a") or id ("t3")."""
    by_label = [t for t in coverage.tasks if t.task.label_path == ref]
    if len(by_label) == 1:
        return by_label[0]
    by_id = [t for t in coverage.tasks if t.task.id == ref]
    if by_id:
        return by_id[0]
    if by_label:
        ids = ", ".join(t.task.id for t in by_label)
        raise ReviewError(f"{len(by_label)} tasks of run {coverage.run} have the label {ref}; "
                          f"name one by its id ({ids})")
    labels = ", ".join(t.task.label_path for t in coverage.tasks[:12])
    more = ", ..." if len(coverage.tasks) > 12 else ""
    raise ReviewError(f"run {coverage.run} has no task {ref!r}"
                      + (f" (its tasks: {labels}{more})" if labels else " (it has no tasks)"))


def decide(
    coverage: Coverage, task: str, *, decision: str, reviewer: str,
    verdict: str | None = None, evidence: int | None = None,
    passage: tuple[int, str] | None = None, at: datetime | None = None,
) -> DecisionRow:
    """The decision of `reviewer` on the verdict of `task` (by default), or on one of the
    passages shown for it: the `evidence`-th (from 1), or `passage` (report index, id).
    A verdict is confirmed, rejected, or corrected to `verdict`; a passage is confirmed or
    rejected. Raises ReviewError for anything that does not fit the run."""
    if coverage.run is None:
        raise ReviewError("this coverage is not a stored run: run docparse check with a library")
    name = " ".join(reviewer.split())
    if not name:
        raise ReviewError("who is reviewing? give --reviewer NAME or set DOCPARSE_REVIEWER")
    if len(name) > MAX_REVIEWER:
        raise ReviewError(f"a reviewer's name has at most {MAX_REVIEWER} characters")
    if decision not in DECISIONS:
        raise ReviewError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
    item = find_task(coverage, task)
    base = {
        "id": None, "run_id": coverage.run, "plan_sha256": coverage.plan.sha256,
        "reports": reports_key(r.sha256 for r in coverage.reports),
        "task": item.task.label_path, "task_sha256": task_sha256(item.task.text),
        "reviewer": name, "decided_at": (at or utc_now()).isoformat(timespec="seconds"),
    }
    if evidence is None and passage is None:
        if decision == "corrected":
            if verdict not in VERDICTS:
                raise ReviewError(f"a corrected verdict is one of {', '.join(VERDICTS)}, "
                                  f"not {verdict!r}")
            if verdict == item.verdict:  # "corrected" to what it says: a confirmation
                decision = "confirmed"
        elif verdict is not None and verdict != item.verdict:
            raise ReviewError(f"the verdict of {item.task.label_path} is {item.verdict}, "
                              f"not {verdict}")
        return DecisionRow(**base, item="verdict", report_sha256=None, passage=None,
                           quote=None, decision=decision,
                           verdict=verdict if decision == "corrected" else item.verdict)
    if decision == "corrected":
        raise ReviewError("a passage is confirmed or rejected, not corrected")
    chosen = _passage(coverage, item, evidence, passage)
    return DecisionRow(**base, item="evidence",
                       report_sha256=coverage.reports[chosen.report].sha256,
                       passage=chosen.location.id, quote=chosen.quote, decision=decision,
                       verdict=None)


def _passage(
    coverage: Coverage, item: TaskCoverage, evidence: int | None,
    passage: tuple[int, str] | None,
) -> Evidence:
    items = shown(item)
    label = item.task.label_path
    if passage is not None:
        for e in items:
            if (e.report, e.location.id) == passage:
                return e
        raise ReviewError(f"passage {passage[1]} of report {passage[0]} is not shown for task "
                          f"{label} in run {coverage.run}")
    assert evidence is not None
    if not items:
        raise ReviewError(f"task {label} has no passage to review in run {coverage.run}")
    if not 1 <= evidence <= len(items):
        raise ReviewError(f"task {label} shows {len(items)} passage(s): the evidence number "
                          f"is 1 to {len(items)}, not {evidence}")
    return items[evidence - 1]


def record(library: Library, coverage: Coverage, task: str, **how: object) -> Coverage:
    """Decide (as `decide` takes it), store the decision, and return the run re-marked."""
    row = decide(coverage, task, **how)  # type: ignore[arg-type]
    library.add_decision(row)
    return with_reviews(library, coverage)
