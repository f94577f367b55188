"""`docparse bench`: run the benchmark suites and print their figures."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from docparse.bench import SUITES
from docparse.cli.app import app


@app.command()
def bench(
    only: Annotated[
        list[str] | None, typer.Option(help=f"Suites to run: {', '.join(SUITES)} (repeatable)")
    ] = None,
    corpus: Annotated[Path, typer.Option(help="Corpus folder")] = Path("corpus"),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Measure speed and memory against the targets (structure vs pdfplumber, enrich, graph...)."""
    results: dict[str, Any] = {}
    for name in only or SUITES:
        if name not in SUITES:
            raise typer.BadParameter(f"unknown suite {name!r}; choose from {', '.join(SUITES)}")
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
