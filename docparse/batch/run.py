"""A batch from start to end: find the files, skip what is done, run the rest, report.

Resuming needs no state of its own beyond what the batch writes anyway. A document is
done when the library holds its sha256 as stored by this docparse version, and (with
`--out`) when the manifest in the output folder lists its JSON with the same sha256 and
version and the JSON is there. Each document is written in one transaction (the
library) or by a rename (the JSON), so a batch killed at any point leaves only whole
documents behind, and the next run redoes exactly the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docparse import __version__
from docparse.batch.runners import DaskRunner, LocalPool, Runner, cpu_count
from docparse.batch.sources import SourceFile, find_files
from docparse.batch.work import UNREADABLE, Item, Result, Target
from docparse.pipeline import ParseOptions
from docparse.store.library import Library, describe, is_postgres, sqlite_path

MANIFEST = ".docparse-batch.jsonl"
_HASH_THREADS = 4  # hashlib releases the GIL on large reads: hashing overlaps the disk


@dataclass(frozen=True)
class BatchOptions:
    library: str | None = None  # a SQLite path or a postgresql:// URL
    out: Path | None = None  # a folder for one JSON per document
    jobs: int | None = None  # local worker processes (default: every core), or local workers
    cluster: str | None = None  # "local", or a Dask scheduler's address
    timeout_s: float | None = 600.0  # per document, local workers only
    parse: ParseOptions = field(default_factory=ParseOptions)


@dataclass
class Report:
    """What a batch did; written as JSON at the end (`write`)."""

    runner: str = ""
    library: str | None = None
    out: str | None = None
    files: int = 0
    added: int = 0  # parsed and written
    unchanged: int = 0  # parsed, but another writer had stored it meanwhile
    skipped: int = 0  # done before (same sha256, same docparse version), or a duplicate
    failed: int = 0
    pages: int = 0  # of the documents parsed in this run
    seconds: float = 0.0  # the whole run, finding and hashing the files included
    parse_seconds: float = 0.0  # from the first document sent to the last result
    busy_seconds: float = 0.0  # the workers' wall time on this run's documents
    cpu_seconds: float = 0.0  # and their CPU time (less: waiting on the disk, or starved)
    interrupted: bool = False
    docparse_version: str = __version__
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.parse_seconds if self.parse_seconds else 0.0

    def note(self, result: Result) -> None:
        if result.status == "failed":
            self.failed += 1
            self.failures.append(
                {"file": result.path, "code": result.code, "message": result.message}
            )
            return
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status != "skipped":
            self.pages += result.pages
            self.busy_seconds += result.seconds
            self.cpu_seconds += result.cpu_seconds

    def by_code(self) -> dict[str, int]:
        return dict(Counter(f["code"] for f in self.failures).most_common())

    def summary_lines(self) -> list[str]:
        """One line per kind of failure: its code, how many, and the first example."""
        lines = []
        for code, count in self.by_code().items():
            first = next(f for f in self.failures if f["code"] == code)
            files = "file" if count == 1 else "files"
            lines.append(f"{code}: {count} {files} (first: {first['message']})")
        return lines

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["pages_per_s"] = round(self.pages_per_s, 2)
        data["seconds"] = round(self.seconds, 2)
        data["parse_seconds"] = round(self.parse_seconds, 2)
        data["busy_seconds"] = round(self.busy_seconds, 2)
        data["cpu_seconds"] = round(self.cpu_seconds, 2)
        data["failures_by_code"] = self.by_code()
        return data

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(tmp, path)


class Manifest:
    """The JSON files a batch wrote to --out: one line per file, appended as each lands.

    Only the process that drives the batch writes it, so appends never interleave; a
    line cut short by a kill is ignored on reading (its document is simply redone).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        self._done: dict[str, tuple[str, str]] = {}
        if self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self._done[entry["output"]] = (entry["sha256"], entry["docparse_version"])
                except (ValueError, KeyError, TypeError):
                    continue
        folder.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a", encoding="utf-8")

    def _key(self, output: str) -> str:
        # Relative to the folder, so that a folder moved elsewhere is still resumed.
        return os.path.relpath(output, self.folder)

    def done(self, output: str, sha256: str) -> bool:
        found = self._done.get(self._key(output))
        return found == (sha256, __version__) and Path(output).is_file()

    def record(self, result: Result) -> None:
        if result.output is None or result.status == "failed":
            return
        entry = {"output": self._key(result.output), "sha256": result.sha256,
                 "docparse_version": __version__, "file": result.path}
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def make_runner(options: BatchOptions) -> Runner:
    if options.cluster:
        return DaskRunner(options.cluster, jobs=options.jobs)
    return LocalPool(options.jobs or cpu_count(), timeout_s=options.timeout_s)


def run_batch(
    sources: list[str],
    options: BatchOptions,
    *,
    on_plan: Callable[[int, int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
    runner: Runner | None = None,
) -> Report:
    """Parse and store every document of `sources`; never raises for one document.

    Raises SourceError (a source names nothing), LibraryError (the library cannot be
    opened), OSError (the output folder cannot be written) and RunnerError (the workers
    cannot start, or the cluster cannot be reached) before any work starts.
    on_plan(files, already done) is called once the work is known; on_result for every
    file, the skipped ones included. A runner given is used and left open (the bench
    reuses one); otherwise one is made from the options and closed at the end.
    """
    start = time.perf_counter()
    files = find_files(sources)
    # Workers may run in another folder (a cluster's always do): every path they get is
    # absolute.
    library = _absolute(options.library)
    out = options.out.absolute() if options.out else None
    target = Target(library=library, out=str(out) if out else None, options=options.parse)
    report = Report(library=describe(options.library) if options.library else None,
                    out=target.out, files=len(files))
    opened = Library(library) if library else None
    manifest: Manifest | None = None
    try:
        manifest = Manifest(out) if out else None
        todo, done = plan(files, out, opened, manifest)
        if on_plan:
            on_plan(len(files), len(done))
        for result in done:
            report.note(result)
            if on_result:
                on_result(result)
        if not todo:
            report.seconds = time.perf_counter() - start
            return report
        own = runner is None
        runner = runner or make_runner(options)
        report.runner = runner.description
        parse_start = time.perf_counter()
        try:
            for result in runner.run(todo, target):
                report.note(result)
                if manifest:
                    manifest.record(result)
                if on_result:
                    on_result(result)
        except KeyboardInterrupt:
            report.interrupted = True
            runner.abort()
            own = False
        finally:
            report.parse_seconds = time.perf_counter() - parse_start
            if own:
                runner.close()
    finally:
        if opened is not None:
            opened.close()
        if manifest is not None:
            manifest.close()
    report.seconds = time.perf_counter() - start
    return report


def plan(
    files: list[SourceFile], out: Path | None, library: Library | None,
    manifest: Manifest | None,
) -> tuple[list[Item], list[Result]]:
    """(the work to do, the results of what needs none: done before, duplicates, unreadable)."""
    with ThreadPoolExecutor(_HASH_THREADS) as pool:
        hashed = list(pool.map(_hash, files))
    stored = library.parsed_by(h[1] for h in hashed if h[1]) if library is not None else {}
    todo: list[Item] = []
    done: list[Result] = []
    seen: set[str] = set()
    outputs: set[str] = set()
    for file, sha256, size, error in hashed:
        path = str(file.path.absolute())
        if error:
            done.append(Result(path, "", "failed", code=UNREADABLE, message=error))
            continue
        output = _output(out, file, sha256, outputs) if out else None
        in_library = library is None or stored.get(sha256) == __version__ or sha256 in seen
        in_out = manifest is None or output is None or manifest.done(output, sha256)
        if in_library and in_out:
            why = "a copy of another file of this batch" if sha256 in seen else "done before"
            done.append(Result(path, sha256, "skipped", message=why))
            continue
        seen.add(sha256)
        todo.append(Item(path, sha256, size, output))
    # Longest first: the batch then ends on short documents, with every worker busy
    # until near the end, instead of one worker finishing a long report alone.
    todo.sort(key=lambda item: -item.size)
    return todo, done


def _absolute(library: str | None) -> str | None:
    if library is None or is_postgres(library):
        return library
    return str(sqlite_path(library).absolute())


def _hash(file: SourceFile) -> tuple[SourceFile, str, int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        with file.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        return file, "", 0, f"cannot read {file.path}: {exc.strerror or exc}"
    return file, digest.hexdigest(), size, ""


def _output(out: Path, file: SourceFile, sha256: str, taken: set[str]) -> str:
    """The JSON's path: the file's place under its source folder, plus .json; a name two
    sources share gets the sha256's start, so neither overwrites the other."""
    output = out / file.relative.with_name(file.relative.name + ".json")
    if str(output) in taken:
        output = output.with_name(f"{file.relative.name}.{sha256[:12]}.json")
    taken.add(str(output))
    return str(output)
