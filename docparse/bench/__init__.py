"""`docparse bench`: speed and memory targets, each measured by a module of its own.

Every module here exposes `run(corpus: Path) -> dict`; the CLI runs the ones asked for.
"""

SUITES = ["structure", "citations", "enrich", "coverage"]
# The load test takes a minute of 8 concurrent clients: run only when asked (`--serve`).
ON_REQUEST = ["serve"]
