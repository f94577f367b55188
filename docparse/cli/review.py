"""The `review` command: read a stored coverage run and record what a reader decides on it.

`docparse check ... --library L` stores each run; `docparse review` lists the runs,
`docparse review RUN` shows one (its tasks, verdicts, evidence and review marks), and
`--task T` with `--confirm`, `--reject` or `--verdict V` (on the verdict, or with
`--evidence N` on the N-th passage shown) records a decision; `-i` walks the unreviewed
items one key each. Decisions are kept in the library with the reviewer's name and the
time (docparse.link.review).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from docparse.cli.app import app
from docparse.cli.library import LibraryOption
from docparse.errors import ErrorCode
from docparse.store.library import Library, LibraryError

if TYPE_CHECKING:
    from docparse.link.coverage import Coverage, Evidence, ReviewMark, TaskCoverage

REVIEWER_ENV = "DOCPARSE_REVIEWER"
QUOTE_CHARS = 110


class Show(enum.StrEnum):
    text = "text"
    md = "md"
    html = "html"
    json = "json"


class VerdictChoice(enum.StrEnum):
    reported = "reported"
    partial = "partial"
    not_reported = "not_reported"


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"docparse: error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def review(
    run: Annotated[
        str | None, typer.Argument(help="A stored run's id, or 'last' (none: list the runs)")
    ] = None,
    task: Annotated[
        str | None, typer.Option(help="The task, by label path (II.1.a) or id (t3)")
    ] = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="The verdict (or passage) is right")
                       ] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The verdict (or passage) is wrong")
                      ] = False,
    verdict: Annotated[
        VerdictChoice | None, typer.Option(help="Correct the task's verdict to this one")
    ] = None,
    evidence: Annotated[
        int | None, typer.Option(help="The N-th passage shown for the task (from 1; for a task "
                                 "flagged not_reported, the N-th closest)")
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option(envvar=REVIEWER_ENV, help=f"Who decides (default: ${REVIEWER_ENV})"),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("-i", "--interactive", help="Walk the unreviewed verdicts and "
                           "passages, one key each")
    ] = False,
    show: Annotated[
        Show, typer.Option("--format", help="text (a listing), md, html or json (the report "
                           "with its review marks)")
    ] = Show.text,
    library: LibraryOption = None,
) -> None:
    """List stored coverage runs, show one with its review, or confirm or reject its verdicts
    and evidence."""
    from docparse.link.review import ReviewError

    decided = [flag for flag, on in (("--confirm", confirm), ("--reject", reject),
                                     ("--verdict", verdict is not None)) if on]
    if len(decided) > 1:
        _fail(f"give one of --confirm, --reject, --verdict, not {' and '.join(decided)}")
    if evidence is not None and verdict is not None:
        _fail("a passage is confirmed or rejected: --evidence goes with --confirm or --reject")
    if (decided or evidence is not None) and task is None:
        _fail("name the task the decision is on: --task LABEL")
    if evidence is not None and not decided:
        _fail("say what of the passage: --confirm or --reject")
    if run is None and (decided or task is not None or interactive):
        _fail("name the run: docparse review RUN ... (docparse review lists them)")
    try:
        with Library(library, create=False) as lib:
            if run is None:
                _list_runs(lib)
                return
            coverage = _load(lib, run)
            if decided:
                decision = "confirmed" if confirm else "rejected" if reject else "corrected"
                _record(lib, coverage, task or "", decision=decision, reviewer=reviewer or "",
                        verdict=verdict.value if verdict else None, evidence=evidence)
            elif interactive:
                from docparse.cli.review_walk import walk

                walk(lib, coverage, reviewer or "")
            else:
                _show(coverage, show, task)
    except ReviewError as exc:
        _fail(str(exc))
    except LibraryError as exc:
        _fail(str(exc), ErrorCode.LIBRARY.exit_code)


def _load(lib: Library, ref: str) -> Coverage:
    from docparse.link.review import ReviewError, load_run

    if ref == "last":
        runs = lib.runs()
        if not runs:
            raise ReviewError(f"no coverage run in library {lib.location}; store one with: "
                              "docparse check PLAN REPORT... --library ...")
        return load_run(lib, runs[0].id)
    if not ref.isdigit():
        raise ReviewError(f"a run is a number (see: docparse review) or 'last', not {ref!r}")
    return load_run(lib, int(ref))


def _record(lib: Library, coverage: Coverage, task: str, **how: object) -> Coverage:
    from docparse.link.review import find_task, record

    updated = record(lib, coverage, task, **how)
    item = find_task(updated, task)
    if how.get("evidence") is None:
        typer.echo(f"run {updated.run}, task {item.task.label_path}: verdict {item.verdict} "
                   f"{note(item.review)}")
    else:
        from docparse.link.review import shown

        passage = shown(item)[int(how["evidence"]) - 1]  # type: ignore[call-overload]
        typer.echo(f"run {updated.run}, task {item.task.label_path}, passage "
                   f"{how['evidence']}: {note(passage.review)}")
    return updated


def _list_runs(lib: Library) -> None:
    runs = lib.runs()
    if not runs:
        typer.echo(f"no coverage run in library {lib.location}; store one with: "
                   "docparse check PLAN REPORT... --library ...")
        return
    decided: dict[tuple[str, str], int] = {}
    for d in lib.decisions():
        decided[(d.plan_sha256, d.reports)] = decided.get((d.plan_sha256, d.reports), 0) + 1
    from docparse.link.review import reports_key

    for r in runs:
        n = decided.get((r.plan_sha256, reports_key(r.reports)), 0)
        typer.echo(f"{r.id:>5}  {r.created_at[:16].replace('T', ' ')}  {r.tasks:>3} tasks  "
                   f"{len(r.reports)} report(s)  {n:>3} decisions  {r.title or r.plan_sha256}")


def _show(coverage: Coverage, show: Show, task: str | None) -> None:
    from docparse.link.report import render_html, render_markdown
    from docparse.link.review import find_task

    if show is Show.json:
        typer.echo(coverage.model_dump_json(indent=2))
    elif show is Show.md:
        typer.echo(render_markdown(coverage), nl=False)
    elif show is Show.html:
        typer.echo(render_html(coverage), nl=False)
    elif task is not None:
        typer.echo("\n".join(task_lines(coverage, find_task(coverage, task))))
    else:
        typer.echo("\n".join(run_lines(coverage)))


def run_lines(coverage: Coverage) -> list[str]:
    s, r = coverage.summary, coverage.summary.review
    out = [f"Run {coverage.run}: {coverage.plan.doc_type or 'plan'} "
           f"{coverage.plan.key or coverage.plan.file_name}"]
    for i, d in enumerate(coverage.reports):
        name = " ".join(x for x in (d.doc_type, d.key) if x)
        out.append(f"  report {i + 1}: {name} ({d.file_name})" if name else
                   f"  report {i + 1}: {d.file_name}")
    out.append(f"  weights: {coverage.weights or 'shipped'}; embedding model: "
               f"{coverage.embed_model}")
    out.append(f"  {s.total} tasks: {s.reported} reported, {s.partial} partial, "
               f"{s.not_reported} not reported")
    if r is not None:
        out.append(f"  review: {r.confirmed} confirmed, {r.corrected} corrected, {r.rejected} "
                   f"rejected, {r.unreviewed} not reviewed; passages {r.evidence_confirmed} "
                   f"confirmed, {r.evidence_rejected} rejected")
    for item in coverage.tasks:
        out += ["", *task_lines(coverage, item)]
    return out


def task_lines(coverage: Coverage, item: TaskCoverage, *, passages: bool = True) -> list[str]:
    from docparse.link.review import shown

    task = item.task
    out = [f"{task.label_path}  [{task.id}]  {item.verdict} ({item.confidence:.2f})  "
           f"{note(item.review) or '· not reviewed'}",
           f"    {cut(task.text, 160)}"]
    items = shown(item)
    if items and not item.evidence:
        out.append("    closest passages (not evidence):")
    if passages:
        out += [f"  {n:>2}. {passage_line(coverage, e)}" for n, e in enumerate(items, 1)]
    return out


def passage_line(coverage: Coverage, e: Evidence) -> str:
    where = [f"report {e.report + 1}"] if len(coverage.reports) > 1 else []
    if e.location.section_label:
        where.append(f"§{e.location.section_label}")
    if e.location.page:
        where.append(f"p. {e.location.page}")
    where.append(f"score {e.score:.2f}")
    mark = f"  {note(e.review)}" if e.review else ""
    return f"“{cut(e.quote, QUOTE_CHARS)}” ({', '.join(where)}){mark}"


def note(mark: ReviewMark | None) -> str:
    from docparse.link.report import review_note

    return review_note(mark)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
