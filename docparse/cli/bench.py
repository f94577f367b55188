"""`docparse bench`: run the benchmark suites and print their figures."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from docparse.bench import ON_REQUEST, SUITES
from docparse.cli.app import app


@app.command()
def bench(
    only: Annotated[
        list[str] | None,
        typer.Option(help=f"Suites to run: {', '.join(SUITES + ON_REQUEST)} (repeatable)"),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Also run the HTTP load test (8 clients, 60 s)")
    ] = False,
    corpus: Annotated[Path, typer.Option(help="Corpus folder")] = Path("corpus"),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Measure speed and memory against the targets (structure vs pdfplumber, enrich, graph...)."""
    results: dict[str, Any] = {}
    names = list(only or SUITES) + (["serve"] if serve and "serve" not in (only or []) else [])
    known = SUITES + ON_REQUEST
    for name in names:
        if name not in known:
            raise typer.BadParameter(f"unknown suite {name!r}; choose from {', '.join(known)}")
        try:
            module = importlib.import_module(f"docparse.bench.{name}")
        except ImportError as exc:
            results[name] = {"skipped": f"not available: {exc}"}
            continue
        typer.echo(f"running {name} ...", err=True)
        results[name] = module.run(corpus)
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for name, figures in results.items():
        typer.echo(f"== {name}")
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
