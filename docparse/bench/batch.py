"""Batch throughput: the same documents with 1 and N local workers, and on a local Dask
cluster of N workers (N = the cores this process may use).

Every run parses the corpus PDFs and their variants (50 files, 372 pages) into a fresh
SQLite library, so nothing is skipped. Workers are started and have loaded the parser
before the clock starts (`start_s` says what that took), so pages/s is the steady rate a
long batch runs at. Target: on 2 cores, 2 jobs give at least 1.8x the pages/s of 1 job.

On a machine other programs share, wall-clock pages/s measures the share of the CPU the
batch got as much as the batch. So each run also says where the workers' time went:
`busy_share` is the part of their wall time spent inside a document (1.0: the batch never
left a worker idle), `cpu_share` the part spent on the CPU (below busy_share: starved by
other programs, or waiting on the disk), and `pages_per_cpu_s` the rate of one core
given wholly to one worker; with the machine's load average just before the run.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docparse.batch import BatchOptions, DaskRunner, LocalPool, cpu_count, run_batch
from docparse.batch.runners import Runner

TARGET_SPEEDUP_2 = 1.8


def run(corpus: Path) -> dict[str, Any]:
    sources = [str(corpus / "pdf")]
    cores = cpu_count()
    figures: dict[str, Any] = {"cores": cores}
    one = _timed(sources, 1, lambda: LocalPool(1))
    figures["jobs_1"] = one
    many = one
    if cores > 1:
        many = _timed(sources, cores, lambda: LocalPool(cores))
        figures[f"jobs_{cores}"] = many
        figures["speedup"] = round(many["pages_per_s"] / one["pages_per_s"], 2)
        if cores == 2:
            figures["target_speedup"] = TARGET_SPEEDUP_2
            figures["meets_target"] = figures["speedup"] >= TARGET_SPEEDUP_2
    figures["local_cluster"] = _timed(sources, cores, lambda: DaskRunner("local", jobs=cores))
    figures["files"], figures["pages"] = one["files"], one["pages"]
    # A million pages at the rate of one dedicated core, and on this machine's N cores at
    # the rate N jobs reached here.
    figures["hours_per_million_pages_one_core"] = round(1e6 / one["pages_per_cpu_s"] / 3600, 1)
    figures[f"hours_per_million_pages_{cores}_jobs_here"] = round(
        1e6 / many["pages_per_s"] / 3600, 1)
    return figures


def _timed(sources: list[str], workers: int, make: Callable[[], Runner]) -> dict[str, Any]:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    runner = make()
    runner.warm()
    start_s = time.perf_counter() - start
    try:
        with tempfile.TemporaryDirectory() as tmp:
            options = BatchOptions(library=str(Path(tmp) / "library.sqlite"))
            report = run_batch(sources, options, runner=runner)
    finally:
        runner.close()
    return {
        "runner": runner.description,
        "files": report.files,
        "pages": report.pages,
        "failed": report.failed,
        "load_average_before": round(load, 2),
        "start_s": round(start_s, 2),
        "seconds": round(report.parse_seconds, 2),
        "pages_per_s": round(report.pages_per_s, 2),
        "cpu_seconds": round(report.cpu_seconds, 2),
        "pages_per_cpu_s": round(report.pages / report.cpu_seconds, 2),
        "busy_share": round(report.busy_seconds / (report.parse_seconds * workers), 2),
        "cpu_share": round(report.cpu_seconds / (report.parse_seconds * workers), 2),
    }
