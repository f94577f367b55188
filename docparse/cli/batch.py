"""`docparse batch`: many documents, on every core or on a Dask cluster, resumable."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from docparse.cli.app import app
from docparse.cli.library import LibraryOption
from docparse.errors import ErrorCode

if TYPE_CHECKING:
    from docparse.batch import Report, Result

INTERRUPTED_EXIT = 130  # the shell's code for Ctrl+C
REPORT_NAME = "batch-report.json"


@app.command()
def batch(
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders (walked recursively) or glob patterns "
                                  "(quoted, e.g. 'archive/**/*.pdf')")
    ],
    out: Annotated[
        Path | None, typer.Option(help="Write one JSON per document into this folder")
    ] = None,
    library: LibraryOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1,
                                 help="Worker processes (default: every core); with "
                                 "--cluster local, the cluster's workers")
    ] = None,
    cluster: Annotated[
        str | None, typer.Option(help="Run on a Dask cluster: its scheduler's address "
                                 "(tcp://host:8786), or 'local' to start one here")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Stop a document after this many seconds (local workers)")
    ] = 600.0,
    report: Annotated[
        Path | None, typer.Option(help=f"Where to write the report (default: {REPORT_NAME} "
                                  "in --out, else docparse-batch-report.json here)")
    ] = None,
    entities: Annotated[bool, typer.Option(help="Also extract entities and figures")] = False,
    ocr: Annotated[bool, typer.Option(help="Read pages without a text layer by OCR")] = True,
    max_pages: Annotated[int, typer.Option(help="Refuse documents with more pages")] = 2000,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this")] = 200.0,
) -> None:
    """Parse and store every document of SOURCES: into the library (default, or --library),
    and/or as JSON files (--out). A document already done by this docparse version is
    skipped, so an interrupted batch picks up where it stopped; a failing document is
    recorded in the report and never stops the others. Exit code 1 if any failed."""
    from docparse.batch import BatchOptions, RunnerError, SourceError, run_batch
    from docparse.pipeline import ParseOptions
    from docparse.store.library import LibraryError, default_location

    if out is None and library is None:
        library = str(default_location())  # as `docparse add` does
    options = BatchOptions(
        library=library, out=out, jobs=jobs, cluster=cluster, timeout_s=timeout,
        parse=ParseOptions(entities=entities, ocr=ocr, max_pages=max_pages, max_mb=max_mb),
    )
    progress = _Progress()
    try:
        with progress:
            result = run_batch(sources, options, on_plan=progress.plan,
                               on_result=progress.result)
    except SourceError as exc:
        _fail(str(exc), ErrorCode.NOT_FOUND.exit_code)
    except LibraryError as exc:
        _fail(str(exc), ErrorCode.LIBRARY.exit_code)
    except RunnerError as exc:
        _fail(str(exc), 1)
    except OSError as exc:  # the --out folder cannot be made or written
        _fail(f"cannot write to {out}: {exc.strerror or exc}", ErrorCode.OUTPUT.exit_code)
    except KeyboardInterrupt:  # while the files were still being found and hashed
        _fail("interrupted before any document was parsed", INTERRUPTED_EXIT)
    where = report or (out / REPORT_NAME if out else Path("docparse-batch-report.json"))
    try:
        result.write(where)
    except OSError as exc:
        _fail(f"cannot write the report {where}: {exc.strerror or exc}",
              ErrorCode.OUTPUT.exit_code)
    _summary(result, where, library)
    if result.interrupted:
        raise typer.Exit(INTERRUPTED_EXIT)
    if result.failed:
        raise typer.Exit(1)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"docparse: error: {message}", err=True)
    raise typer.Exit(code)


def _per_s(count: int, seconds: float) -> str:
    return f"{count / seconds:.1f}" if seconds else "0.0"


def _summary(report: Report, where: Path, library: str | None) -> None:
    state = "interrupted" if report.interrupted else "done"
    parsed = report.added + report.unchanged + report.failed
    typer.echo(
        f"batch {state}: {report.files} files: {report.added} added, {report.unchanged} "
        f"unchanged, {report.skipped} skipped (done before), {report.failed} failed; "
        f"{report.pages} pages in {report.parse_seconds:.1f} s "
        f"({report.pages_per_s:.1f} pages/s, {_per_s(parsed, report.parse_seconds)} documents/s)"
        + (f" on {report.runner}" if report.runner else "")
    )
    for line in report.summary_lines():
        typer.echo(f"  {line}")
    typer.echo(f"report: {where}")
    if library is not None:
        from docparse.store.library import Library, LibraryError

        try:
            with Library(library, create=False) as lib:
                documents, citations = lib.count()
            typer.echo(f"library {lib.location}: {documents} documents, {citations} citations")
        except LibraryError:
            pass  # the batch's own messages already say what went wrong with it


class _Progress:
    """A progress bar on stderr (documents, pages/s, failures, ETA) when it is a terminal;
    elsewhere (logs, CI) one line per failure and nothing else until the summary."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[failed]}"),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, disable=not self.console.is_terminal,
        )
        self.task = self.bar.add_task("finding files", total=None, rate="", failed="")
        self.pages = 0
        self.documents = 0
        self.failed = 0
        self.started = time.perf_counter()

    def __enter__(self) -> _Progress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def plan(self, files: int, done: int) -> None:
        # The bar counts this run's work: documents done before would make the ETA lie.
        before = f" ({done} done before)" if done else ""
        self.bar.update(self.task, description=f"documents{before}", total=files - done,
                        completed=0)
        self.started = time.perf_counter()

    def result(self, result: Result) -> None:
        if result.status == "skipped":
            return
        self.pages += result.pages
        self.documents += 1
        if result.status == "failed":
            self.failed += 1
            self.console.print(f"docparse: failed: {result.code}: {result.message}",
                               markup=False, highlight=False, soft_wrap=True)
        seconds = time.perf_counter() - self.started
        # Text and Word files have no pages: a batch of them counts documents instead.
        rate = (f"{_per_s(self.pages, seconds)} pages/s" if self.pages
                else f"{_per_s(self.documents, seconds)} docs/s")
        self.bar.update(self.task, advance=1, rate=rate, failed=f"{self.failed} failed")
