"""The Typer application object; command modules attach their commands to it."""

import typer

app = typer.Typer(
    name="docparse",
    help="Structured JSON from Vietnamese administrative documents (PDF, Word, text, scans).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
