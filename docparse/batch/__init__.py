"""Batch: parse and store many documents, on every core or on a Dask cluster.

Above the pipeline and the store: `process_file` (work.py) parses one file and writes it
to the library and/or an output folder; `run_batch` (run.py) finds the files, skips what
an earlier run did, and runs the rest through a local process pool or a Dask
distributed cluster (runners.py), collecting a report.
"""

from docparse.batch.run import BatchOptions, Report, run_batch
from docparse.batch.runners import DaskRunner, LocalPool, RunnerError, cpu_count
from docparse.batch.sources import SourceError, find_files
from docparse.batch.work import Item, Result, Target, process_file

__all__ = [
    "BatchOptions",
    "DaskRunner",
    "Item",
    "LocalPool",
    "Report",
    "Result",
    "RunnerError",
    "SourceError",
    "Target",
    "cpu_count",
    "find_files",
    "process_file",
    "run_batch",
]
