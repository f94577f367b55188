"""The review loop's tables: stored coverage runs, reviewers' decisions, fitted link weights.

`docparse check` stores each run it makes (when given a library), a reader confirms or
rejects its verdicts and evidence passages (`docparse review`, the web page), and
`docparse fit` re-fits the linking weights on those decisions and stores them here, where
`check` picks them up. The SQL is the same on both backends, so it is written once, over
two primitives each backend implements (`_rows`, `_insert_id`); statements use `?`
placeholders, which the PostgreSQL backend turns into `%s`.

Decisions are never updated or deleted: a new decision on the same item is a new row, the
latest (the highest id: the order the library received them) wins and the history stays.
Times are UTC, read back as ISO 8601 text ("2026-12-07T09:30:00+00:00") on both backends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

# The tables, in the SQLite dialect; the PostgreSQL migration declares the same columns.
SQLITE_DDL = """
CREATE TABLE IF NOT EXISTS coverage_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    plan_sha256 TEXT NOT NULL,
    reports TEXT NOT NULL,
    title TEXT,
    tasks INTEGER NOT NULL,
    embed_model TEXT NOT NULL,
    weights TEXT NOT NULL,
    docparse_version TEXT NOT NULL,
    coverage TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER REFERENCES coverage_runs (id),
    plan_sha256 TEXT NOT NULL,
    reports TEXT NOT NULL,
    task TEXT NOT NULL,
    task_sha256 TEXT NOT NULL,
    item TEXT NOT NULL,
    report_sha256 TEXT,
    passage TEXT,
    quote TEXT,
    decision TEXT NOT NULL,
    verdict TEXT,
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_decisions_pair ON review_decisions (plan_sha256, reports);
CREATE TABLE IF NOT EXISTS link_weights (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    weights TEXT,
    note TEXT NOT NULL
);
"""


class RunRow(NamedTuple):
    """A stored coverage run, without its JSON (listings)."""

    id: int
    created_at: str
    plan_sha256: str
    reports: tuple[str, ...]  # sha256s in the run's order (Evidence.report indexes them)
    title: str | None  # the plan, for listings
    tasks: int
    embed_model: str
    weights: str  # which weights judged it: "shipped", "library:N", "file:NAME"
    docparse_version: str


class DecisionRow(NamedTuple):
    """One decision of a reviewer on one item of a coverage run.

    The item is named twice: by the run it was made on (`run_id`) and by what it is about,
    so that it still applies to a later run of the same documents: the plan, the set of
    reports (`reports`: their sha256s sorted, joined by ","), the task (its label path and
    the sha256 of its text, so that a renumbered plan never inherits another task's
    decision) and, for an evidence passage, the report and the passage's id and quote.
    """

    id: int | None  # None until stored
    run_id: int | None
    plan_sha256: str
    reports: str
    task: str
    task_sha256: str
    item: str  # "verdict" | "evidence"
    report_sha256: str | None
    passage: str | None
    quote: str | None
    decision: str  # "confirmed" | "rejected" | "corrected"
    verdict: str | None  # verdict items: the verdict confirmed or rejected, or corrected to
    reviewer: str
    decided_at: str


class WeightsRow(NamedTuple):
    id: int
    created_at: str
    weights: str | None  # the Weights JSON; None: back to the shipped weights
    note: str


_RUN_COLUMNS = ("id, created_at, plan_sha256, reports, title, tasks, embed_model, weights, "
                "docparse_version")
_DECISION_COLUMNS = ("id, run_id, plan_sha256, reports, task, task_sha256, item, "
                     "report_sha256, passage, quote, decision, verdict, reviewer, decided_at")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(value: Any) -> str:
    """A stored time as ISO 8601 UTC text: SQLite gives back the text it was given,
    PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return str(value)


class ReviewTables:
    """Runs, decisions and weights, over the two primitives each backend implements."""

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _insert_id(self, sql: str, params: tuple[object, ...]) -> int:
        """Run one INSERT into a table with an `id` column; returns the new row's id."""
        raise NotImplementedError

    # --- coverage runs ----------------------------------------------------------------

    def add_run(
        self, *, plan_sha256: str, reports: list[str], title: str | None, tasks: int,
        embed_model: str, weights: str, docparse_version: str, coverage: str,
        created_at: datetime | None = None,
    ) -> int:
        """Store a coverage run (`coverage`: its JSON); returns its id."""
        return self._insert_id(
            "INSERT INTO coverage_runs (created_at, plan_sha256, reports, title, tasks, "
            "embed_model, weights, docparse_version, coverage) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (created_at or utc_now(), plan_sha256, ",".join(reports), title, tasks,
             embed_model, weights, docparse_version, coverage),
        )

    def runs(self) -> list[RunRow]:
        """Every stored run, newest first."""
        rows = self._rows(f"SELECT {_RUN_COLUMNS} FROM coverage_runs ORDER BY id DESC")
        return [_run(row) for row in rows]

    def run(self, run_id: int) -> tuple[RunRow, str] | None:
        """A stored run and its coverage JSON; None when there is no such run."""
        rows = self._rows(
            f"SELECT {_RUN_COLUMNS}, coverage FROM coverage_runs WHERE id = ?", (run_id,)
        )
        if not rows:
            return None
        return _run(rows[0][:-1]), str(rows[0][-1])

    # --- decisions --------------------------------------------------------------------

    def add_decision(self, decision: DecisionRow) -> int:
        """Store one decision (its `id` is ignored); returns its id."""
        values = decision._asdict()
        del values["id"]
        values["decided_at"] = datetime.fromisoformat(decision.decided_at)
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        return self._insert_id(f"INSERT INTO review_decisions ({columns}) VALUES ({marks})",
                            tuple(values.values()))

    def decisions(
        self, plan_sha256: str | None = None, reports: str | None = None
    ) -> list[DecisionRow]:
        """Every decision (of one plan and set of reports, when given), oldest first."""
        where, params = [], []
        if plan_sha256 is not None:
            where.append("plan_sha256 = ?")
            params.append(plan_sha256)
        if reports is not None:
            where.append("reports = ?")
            params.append(reports)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(
            f"SELECT {_DECISION_COLUMNS} FROM review_decisions{clause} ORDER BY id",
            tuple(params),
        )
        return [DecisionRow(*row[:-1], iso(row[-1])) for row in rows]

    # --- fitted weights ---------------------------------------------------------------

    def add_weights(self, weights: str | None, note: str) -> int:
        """Store fitted weights (JSON; None goes back to the shipped ones); returns the id."""
        return self._insert_id(
            "INSERT INTO link_weights (created_at, weights, note) VALUES (?, ?, ?)",
            (utc_now(), weights, note),
        )

    def latest_weights(self) -> WeightsRow | None:
        rows = self._rows(
            "SELECT id, created_at, weights, note FROM link_weights ORDER BY id DESC LIMIT 1"
        )
        if not rows:
            return None
        row = rows[0]
        return WeightsRow(int(row[0]), iso(row[1]), row[2], row[3])


def _run(row: tuple[Any, ...]) -> RunRow:
    (run_id, created, plan, reports, title, tasks, model, weights, version) = row
    return RunRow(int(run_id), iso(created), plan, tuple(reports.split(",")) if reports else (),
                  title, int(tasks), model, weights, version)
