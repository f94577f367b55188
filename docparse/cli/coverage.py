"""The `check` command: does a set of reports cover the tasks of a plan?"""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docparse.cli.app import app
from docparse.cli.document import fail, write_atomic
from docparse.errors import DocparseError, ErrorCode
from docparse.model import Document
from docparse.store.library import ENV_VAR

if TYPE_CHECKING:
    from docparse.link.coverage import Coverage
    from docparse.link.verdict import Weights


class Format(enum.StrEnum):
    md = "md"
    html = "html"
    json = "json"


class CheckKind(enum.StrEnum):
    tasks = "tasks"
    review = "review"


@app.command()
def check(
    plan: Annotated[str, typer.Argument(help="The plan: a PDF/Word/text file or a library id")],
    reports: Annotated[
        list[str], typer.Argument(help="One or more reports: files or library ids")
    ],
    embed_model: Annotated[
        str | None,
        typer.Option(help="sentence-transformers model name or folder (default: the project's "
                     "own model in models/)"),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("-o", "--json", help="Also write the coverage JSON here")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="What to print: md, html or json")
    ] = Format.md,
    library: Annotated[
        str | None,
        typer.Option(help="Library, a SQLite file or a postgresql:// URL (cache and stored "
                     "documents; default $DOCPARSE_LIBRARY or "
                     "~/.local/share/docparse/library.sqlite)"),
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(help="Linking weights: a file written by `docparse fit --out`, or "
                     "'shipped' (default: the library's, fitted by `docparse fit`, when it "
                     "holds any, else the shipped ones)"),
    ] = None,
    kind: Annotated[
        CheckKind | None,
        typer.Option(help="tasks: the plan's tasks against reports on them; review: the points "
                     "a review (comments, an appraisal) raises against its answer (default: "
                     "told by PLAN's type and title)"),
    ] = None,
    store: Annotated[
        bool | None,
        typer.Option("--store/--no-store",
                     help="Keep the run and its documents in the library for `docparse "
                     "review` (default: when --library or $DOCPARSE_LIBRARY names one)"),
    ] = None,
) -> None:
    """For every task of PLAN, whether the REPORTS say it was done, with evidence.

    A library id is a stored document's sha256 (or its first 8+ characters), its
    citation key ("116/KH-UBND@2025") or its file name.
    """
    from docparse.link.cache import LinkCache
    from docparse.link.coverage import check as run_check
    from docparse.link.embed import EmbedError
    from docparse.link.report import render_html, render_markdown

    try:
        plan_doc = load_document(plan, library)
        report_docs = [load_document(r, library) for r in reports]
    except DocparseError as exc:
        fail(exc)
    except LookupError as exc:
        typer.echo(f"docparse: error: {exc}", err=True)
        raise typer.Exit(3) from None
    chosen, weights_warning = _weights(weights, library)
    cache = LinkCache(library)
    try:
        coverage = run_check(plan_doc, report_docs, embed_model=embed_model, cache=cache,
                             weights=chosen, kind=kind.value if kind else None)
    except EmbedError as exc:
        fail(DocparseError(ErrorCode.EMBED_MODEL, detail=str(exc)))
    finally:
        cache.close()
    if weights_warning:
        coverage.warnings.append(weights_warning)
    if store if store is not None else (library is not None or bool(os.environ.get(ENV_VAR))):
        coverage = _store(coverage, [plan_doc, *report_docs], library)
    text = coverage.model_dump_json(indent=2)
    try:
        if json_out is not None:
            write_atomic(json_out, text + "\n")
    except DocparseError as exc:
        fail(exc)
    if fmt is Format.json:
        typer.echo(text)
    elif fmt is Format.html:
        typer.echo(render_html(coverage), nl=False)
    else:
        typer.echo(render_markdown(coverage), nl=False)
    for warning in coverage.warnings:
        typer.echo(f"docparse: warning: {warning}", err=True)


def _weights(choice: str | None, library: str | None) -> tuple[Weights, str | None]:
    """The weights --weights names, else the library's, and a warning when the library's
    cannot be used: the shipped ones then judge (as when the library cannot be opened, where
    the check runs on an in-memory cache, with the cache's warning)."""
    from docparse.link.refit import WeightsError, choose_weights
    from docparse.link.verdict import Weights
    from docparse.store import Library, LibraryError

    try:
        try:
            with Library(library) as lib:
                return choose_weights(choice, lib), None
        except LibraryError:
            return choose_weights(choice, None), None
    except WeightsError as exc:
        if choice is None:  # a library of another docparse version must not stop checks
            return Weights.load(), f"{exc}; the shipped weights judged this check"
        typer.echo(f"docparse: error: {exc}", err=True)
        raise typer.Exit(2) from None


def _store(coverage: Coverage, docs: list[Document], library: str | None) -> Coverage:
    """Keep the run, and its documents (a re-fit reads them again), in the library."""
    from docparse.link.review import store_run
    from docparse.store import Library, LibraryError

    try:
        with Library(library) as lib:
            lib.add_many(docs)
            coverage = store_run(lib, coverage)
            typer.echo(f"docparse: stored as run {coverage.run} in {lib.location}; review it "
                       f"with: docparse review {coverage.run}", err=True)
    except LibraryError as exc:
        fail(DocparseError(ErrorCode.LIBRARY, detail=str(exc)))
    return coverage


def load_document(ref: str, library: str | None) -> Document:
    """A file parsed now, or a document stored in the library."""
    from docparse.pipeline import parse_path

    path = Path(ref).expanduser()
    if path.is_file():
        return parse_path(path)
    return _from_library(ref, library)


def _from_library(ref: str, library: str | None) -> Document:
    from docparse.store import Library, LibraryError

    try:
        with Library(library) as lib:
            rows = list(lib.documents())
            matches = [
                r for r in rows
                if r.sha256 == ref or (len(ref) >= 8 and r.sha256.startswith(ref))
                or r.doc_key == ref or r.file_name == ref
            ]
            if len(matches) == 1:
                return lib.document(matches[0].sha256)
    except LibraryError as exc:
        raise LookupError(f"{ref}: no such file, and the library cannot be read ({exc})") from None
    if not matches:
        raise LookupError(f"{ref}: no such file, nor a document in the library with that "
                          "sha256, citation key or file name")
    raise LookupError(f"{ref}: {len(matches)} library documents match; give the sha256")
