"""`docparse bench`: speed and memory targets, each measured by a module of its own.

Every module here exposes `run(corpus: Path) -> dict`; the CLI runs the ones asked for.
"""

SUITES = ["structure", "citations", "enrich", "coverage"]
# The load test takes a minute of 8 concurrent clients: run only when asked (`--serve`).
# The batch suite parses the corpus three times over on every core (about a minute):
# run it by name (`--only batch`).
ON_REQUEST = ["serve", "batch"]
