"""Commands on single documents: parse, eval, schema, bench."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docparse.cli.app import app
from docparse.errors import DocparseError, ErrorCode
from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes, parse_path

if TYPE_CHECKING:
    from rich.progress import TaskID


def fail(exc: DocparseError) -> None:
    typer.echo(f"docparse: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename: nothing is ever left half-written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        raise DocparseError(
            ErrorCode.OUTPUT, path=str(path), detail=exc.strerror or str(exc)
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def page_progress(min_pages: int = 10) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while a long PDF is read; nothing when stderr is not a
    terminal (scripts, CI) or the document is short."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("reading pages"), BarColumn(), MofNCompleteColumn(),
                   console=Console(stderr=True), transient=True)
    task: list[TaskID] = []

    def on_page(done: int, total: int) -> None:
        if total < min_pages:
            return
        if not task:
            bar.start()
            task.append(bar.add_task("pages", total=total))
        bar.update(task[0], completed=done)

    try:
        yield on_page
    finally:
        bar.stop()


@app.command()
def parse(
    file: Annotated[str, typer.Argument(
        help="PDF, DOCX (or DOC/RTF/ODT through LibreOffice), UTF-8 text or PNG/JPEG/TIFF "
             "scan; '-' reads stdin")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write JSON here (default: stdout)")
    ] = None,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Structure only")] = False,
    entities: Annotated[
        bool, typer.Option("--entities", help="Also entities and figures (slower)")
    ] = False,
    max_pages: Annotated[int, typer.Option(help="Refuse PDFs with more pages")] = 2000,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this")] = 200.0,
    no_ocr: Annotated[
        bool, typer.Option("--no-ocr", help="Do not OCR pages without a text layer")
    ] = False,
    indent: Annotated[int, typer.Option(help="JSON indent (0 = compact)")] = 2,
) -> None:
    """Parse one document into the versioned JSON contract."""
    with page_progress() as on_page:
        options = ParseOptions(
            enrich=not no_enrich, entities=entities, max_pages=max_pages, max_mb=max_mb,
            ocr=not no_ocr, on_page=on_page,
        )
        try:
            if file == "-":
                doc = parse_bytes(sys.stdin.buffer.read(), "stdin", options)
            else:
                doc = parse_path(Path(file), options)
        except DocparseError as exc:
            fail(exc)
    try:
        text = doc.model_dump_json(indent=indent or None)
        if output is None:
            typer.echo(text)
        else:
            write_atomic(output, text + "\n")
    except DocparseError as exc:
        fail(exc)
    for warning in doc.warnings:
        typer.echo(f"docparse: warning: {warning}", err=True)


@app.command("eval")
def evaluate(
    corpus: Annotated[Path, typer.Option(help="Corpus folder")] = Path("corpus"),
    gold: Annotated[Path, typer.Option(help="Gold folder")] = Path("gold"),
    form: Annotated[
        list[str] | None,
        typer.Option(help="Only these forms: text, pdf, docx (Word renditions), pdftotext "
                     "(text the PDFs give to pdftotext -layout), pdftotext-raw (to plain "
                     "pdftotext), pdfplumber (to pdfplumber's extract_text), scan (OCR "
                     "of image-only copies of "
                     "the PDFs), searchable (the same images under Tesseract's own text "
                     "layer), skewed (the images turned up to 1 degree, with grain), real "
                     "(the real published PDFs of ../shared/realdocs against gold/real, "
                     "by default when that folder is there); the "
                     "image forms are slow, never by default (repeatable)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="List what was missed")] = False,
    save: Annotated[
        Path | None, typer.Option(help="Save every mention's outcome here (for --compare)")
    ] = None,
    compare: Annotated[
        Path | None, typer.Option(help="A file saved by --save: print gains and losses")
    ] = None,
    embeddings: Annotated[
        bool, typer.Option("--embeddings", help="Only the embedding model: question -> "
                           "article retrieval on ../shared/vi-text (BM25, dense, hybrid) and "
                           "the plan -> report gold (text form)")
    ] = False,
    embed_model: Annotated[
        str | None, typer.Option(help="With --embeddings: the model to measure (default: "
                                 "the shipped one)")
    ] = None,
) -> None:
    """Score the parser against gold/ on every corpus file (text, PDF, DOCX, pdftotext forms)."""
    from rich.progress import track

    from docparse.evaluation.run import run_eval

    if embeddings:
        _embedding_eval(corpus, gold, embed_model, as_json)
        return

    def progress(items):  # type: ignore[no-untyped-def]
        items = list(items)
        return track(items, description="parsing", transient=True, console=_stderr_console())

    results: list = []
    try:
        tables, missed = run_eval(
            corpus, gold, forms=set(form) if form else None, progress=progress,
            results_out=results,
        )
    except DocparseError as exc:
        fail(exc)
    if save or compare:
        _gains_losses(results, gold, save, compare)
    if as_json:
        payload = {"tables": [t.to_dict() for t in tables]}
        if misses:
            payload["misses"] = missed
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for table in tables:
        typer.echo(table.render())
        typer.echo("")
    if misses:
        for name, groups in missed.items():
            for group, items in groups.items():
                for item in items:
                    typer.echo(f"{name}\t{group}\t{item}")


def _embedding_eval(corpus: Path, gold: Path, embed_model: str | None, as_json: bool) -> None:
    """The yardstick of the embedding model, next to the plan -> report gold it serves."""
    from docparse.evaluation.coverage import coverage_tables
    from docparse.evaluation.embeddings import embedding_tables
    from docparse.link.embed import EmbedError

    def progress(name: str) -> None:
        typer.echo(f"scoring {name}", err=True)

    try:
        tables = embedding_tables(gold, embed_model=embed_model, progress=progress)
        tables += coverage_tables(gold, corpus, embed_model=embed_model)
    except EmbedError as exc:
        fail(DocparseError(ErrorCode.EMBED_MODEL, detail=str(exc)))
    except DocparseError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps({"tables": [t.to_dict() for t in tables]}, ensure_ascii=False,
                              indent=2))
        return
    for table in tables:
        typer.echo(table.render())
        typer.echo("")


def _gains_losses(results: list, gold: Path, save: Path | None, compare: Path | None) -> None:
    """eyecite-style regression report: which mentions a change gained and lost."""
    from docparse.evaluation.citations import citation_details, gains_losses

    details = {"citations": citation_details(results, gold / "citations")}
    if save:
        write_atomic(save, json.dumps(details, ensure_ascii=False, indent=1) + "\n")
    if compare:
        try:
            previous = json.loads(compare.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            fail(DocparseError(ErrorCode.GOLD, detail=f"{compare}: {exc}"))
        diff = gains_losses(previous.get("citations", {}), details["citations"])
        for kind in ("gained", "lost"):
            typer.echo(f"citations {kind}: {len(diff[kind])}", err=True)
            for item in diff[kind]:
                typer.echo(f"  {kind[0].upper()} {item['document'][:3]} {item['form']} "
                           f"{item['where']} {item['key']}", err=True)


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Print (or write) the JSON Schema of the document contract."""
    text = json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
