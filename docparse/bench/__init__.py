"""`docparse bench`: speed and memory targets, each measured by a module of its own.

Every module here exposes `run(corpus: Path) -> dict`; the CLI runs the ones asked for.
"""

SUITES = ["structure", "citations", "enrich", "coverage"]
