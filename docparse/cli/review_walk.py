"""`docparse review RUN -i`: walk a run's unreviewed verdicts and passages, one key each.

For each task, its verdict (when no decision is in force on it), then each passage shown
for it that has none. One key records a decision at once (no Enter): a reader can get
through a plan of a hundred tasks in a sitting, and stop at any point (q or Ctrl+C):
what was decided is stored already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from docparse.cli.review import passage_line, task_lines
from docparse.link.review import ReviewError, find_task, record, shown
from docparse.store.library import Library

if TYPE_CHECKING:
    from docparse.link.coverage import Coverage

VERDICT_KEYS = {"c": ("confirmed", None), "x": ("rejected", None),
                "1": ("corrected", "reported"), "2": ("corrected", "partial"),
                "3": ("corrected", "not_reported")}
PASSAGE_KEYS = {"c": "confirmed", "x": "rejected"}
VERDICT_HELP = ("[c] right  [x] wrong  [1] reported  [2] partial  [3] not_reported  "
                "[s] skip  [q] quit")
PASSAGE_HELP = "[c] evidence  [x] not evidence  [s] skip  [q] quit"


class _Quit(Exception):
    pass


def walk(library: Library, coverage: Coverage, reviewer: str) -> None:
    """Ask for every unreviewed item of the run; each answer is stored as it is given."""
    if not " ".join(reviewer.split()):
        raise ReviewError("who is reviewing? give --reviewer NAME or set DOCPARSE_REVIEWER")
    done = 0
    try:
        for task in [t.task.id for t in coverage.tasks]:
            item = find_task(coverage, task)
            if item.review is not None and all(e.review for e in shown(item)):
                continue
            typer.echo("")
            typer.echo("\n".join(task_lines(coverage, item, passages=False)))
            if item.review is None:
                coverage, stored = _verdict(library, coverage, task, reviewer)
                done += stored
            for n, passage in enumerate(shown(find_task(coverage, task)), 1):
                if passage.review is None:
                    coverage, stored = _passage(library, coverage, task, n, reviewer)
                    done += stored
    except (_Quit, KeyboardInterrupt, EOFError):
        typer.echo("")
    typer.echo(f"{done} decision(s) recorded by {' '.join(reviewer.split())}; "
               f"see them with: docparse review {coverage.run}")


def _verdict(library: Library, coverage: Coverage, task: str, reviewer: str
             ) -> tuple[Coverage, int]:
    key = _ask(f"  verdict? {VERDICT_HELP} ", set(VERDICT_KEYS))
    if key == "s":
        return coverage, 0
    decision, verdict = VERDICT_KEYS[key]
    coverage = record(library, coverage, task, decision=decision, verdict=verdict,
                      reviewer=reviewer)
    typer.echo(f"  -> {_said(coverage, task)}")
    return coverage, 1


def _passage(library: Library, coverage: Coverage, task: str, n: int, reviewer: str
             ) -> tuple[Coverage, int]:
    item = find_task(coverage, task)
    typer.echo(f"  {n:>2}. {passage_line(coverage, shown(item)[n - 1])}")
    key = _ask(f"      passage {n}? {PASSAGE_HELP} ", set(PASSAGE_KEYS))
    if key == "s":
        return coverage, 0
    coverage = record(library, coverage, task, decision=PASSAGE_KEYS[key], evidence=n,
                      reviewer=reviewer)
    return coverage, 1


def _said(coverage: Coverage, task: str) -> str:
    from docparse.cli.review import note

    return note(find_task(coverage, task).review)


def _ask(prompt: str, keys: set[str]) -> str:
    """One key of `keys`, s (skip) or q (quit); others are asked again."""
    typer.echo(prompt, nl=False)
    while True:
        key = typer.getchar().lower()
        # q; Ctrl+C and Ctrl+D, which getchar reads raw; "" at the end of piped input.
        if key in ("q", "\x03", "\x04", ""):
            raise _Quit
        if key in keys or key == "s":
            typer.echo(key)
            return key
