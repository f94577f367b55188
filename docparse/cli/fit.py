"""The `fit` command: re-fit the linking weights on the library's review decisions.

The weights go into the library, where every later `docparse check` on it (and the web
service over it) picks them up, or with `--out FILE` into a file only, to try first with
`docparse check --weights FILE`. `--reset` goes back to the shipped weights. The work is
docparse.link.refit's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from docparse.cli.app import app
from docparse.cli.document import write_atomic
from docparse.cli.library import LibraryOption
from docparse.errors import DocparseError, ErrorCode
from docparse.store.library import Library, LibraryError

if TYPE_CHECKING:
    from docparse.link.training import Labelled


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"docparse: error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def fit(
    library: LibraryOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the weights to this file only "
                                  "(use them with: docparse check --weights FILE)")
    ] = None,
    gold: Annotated[
        Path | None, typer.Option(help="Fit on the gold pairs of this folder too (its "
                                  "coverage/ and structure/, e.g. the repository's gold/)")
    ] = None,
    corpus: Annotated[
        Path, typer.Option(help="With --gold: the corpus its pairs are read from")
    ] = Path("corpus"),
    embed_model: Annotated[
        str | None, typer.Option(help="The embedding model the checks use (default: the "
                                 "project's own)")
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Go back to the shipped weights (the fitted ones "
                           "stay in the library's history)")
    ] = False,
) -> None:
    """Re-fit the passage and verdict weights on the library's confirmed decisions (and,
    with --gold, the gold pairs), for `docparse check` to use."""
    from docparse.link.embed import EmbedError
    from docparse.link.refit import WeightsError, fit_library

    if reset:
        _store(library, None, "reset to the shipped weights by docparse fit --reset")
        typer.echo("docparse check now uses the shipped weights on this library")
        return
    try:
        pairs = _gold(gold, corpus, embed_model) if gold is not None else None
        result = fit_library(library, embed_model=embed_model, gold=pairs)
    except LibraryError as exc:
        _fail(str(exc), ErrorCode.LIBRARY.exit_code)
    except EmbedError as exc:
        _fail(str(exc), ErrorCode.EMBED_MODEL.exit_code)
    except WeightsError as exc:
        _fail(str(exc))
    for line in result.lines():
        typer.echo(line)
    if len(result.kept) == 2:
        _fail("nothing to fit: review some verdicts and passages first (docparse review RUN, "
              "or the web page's coverage view)" if not result.decisions else
              "too few decisions to re-fit either model; review more, or add --gold")
    text = result.weights.to_json()
    if out is not None:
        try:
            write_atomic(out, text)
        except DocparseError as exc:
            _fail(str(exc), exc.exit_code)
        typer.echo(f"wrote {out}; use it with: docparse check PLAN REPORT... --weights {out}")
        return
    note = (f"docparse fit: {result.decisions} decisions on {result.checks} check(s)"
            + (f", {result.gold_pairs} gold pairs" if result.gold_pairs else ""))
    weights_id = _store(library, text, note)
    typer.echo(f"stored as weights {weights_id}: docparse check uses them on this library from "
               "now on (--weights shipped to compare; docparse fit --reset to go back)")


def _store(library: str | None, text: str | None, note: str) -> int:
    try:
        with Library(library, create=False) as lib:
            return lib.add_weights(text, note)
    except LibraryError as exc:
        _fail(str(exc), ErrorCode.LIBRARY.exit_code)


def _gold(gold: Path, corpus: Path, embed_model: str | None) -> list[Labelled]:
    from docparse.evaluation.coverage import labelled, load_pairs

    if not (gold / "coverage").is_dir():
        _fail(f"no gold pairs in {gold / 'coverage'}")
    try:
        return [labelled(p) for p in load_pairs(gold, corpus, {}, embed_model)]
    except DocparseError as exc:
        _fail(str(exc), exc.exit_code)
