"""The one unit of batch work: parse one file and store it, wherever that runs.

`process_file` runs in a local worker process or on a cluster's worker, so what it takes
and returns is small plain data (the document itself goes straight from the worker to the
library or the output folder, never back to the caller), and it never raises: a failure
comes back as a `Result` with its error code and message, so that one bad document never
stops the batch.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docparse import __version__
from docparse.errors import DocparseError
from docparse.pipeline import ParseOptions, parse_path
from docparse.store.library import Library, LibraryError

Status = Literal["added", "unchanged", "skipped", "failed"]
# Failure codes of the batch's own, beside the parser's ErrorCode names.
LIBRARY = "LIBRARY"
OUTPUT = "OUTPUT"
UNREADABLE = "UNREADABLE"  # the driver could not read the file to hash it
TIMEOUT = "TIMEOUT"  # the local worker ran past --timeout and was killed
WORKER_CRASH = "WORKER_CRASH"  # the process died under the document (memory, native code)
INTERNAL = "INTERNAL"  # a parser bug: an exception that is not a DocparseError


@dataclass(frozen=True)
class Target:
    """Where results go (a library location, an output folder, or both) and how to parse."""

    library: str | None = None
    out: str | None = None
    options: ParseOptions = field(default_factory=ParseOptions)


@dataclass(frozen=True)
class Item:
    path: str
    sha256: str
    size: int
    output: str | None = None  # the JSON file under --out


@dataclass(frozen=True)
class Result:
    path: str
    sha256: str
    status: Status
    pages: int = 0  # of a PDF or scan; 0 where the format has none (text, Word)
    seconds: float = 0.0
    # CPU time the worker spent on it: with seconds, shows a worker starved of CPU by
    # other programs (a shared machine) apart from one that was simply slow.
    cpu_seconds: float = 0.0
    citations: int = 0
    code: str = ""
    message: str = ""
    worker: str = ""  # host:pid, to find a worker's log on a cluster
    output: str | None = None  # the JSON written under --out

    @classmethod
    def failure(cls, item: Item, code: str, message: str, seconds: float = 0.0) -> Result:
        return cls(item.path, item.sha256, "failed", seconds=seconds, code=code,
                   message=message, worker=_worker_name())


def process_file(item: Item, target: Target) -> Result:
    """Parse `item` and write it to the target's library and/or output folder."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        doc = parse_path(item.path, target.options)
    except DocparseError as exc:
        return Result.failure(item, exc.code.name, str(exc), time.perf_counter() - start)
    except Exception as exc:
        # Not the user's input but a bug: say where it was raised, for the bug report.
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        message = f"{type(exc).__name__}: {exc} (at {frame.filename}:{frame.lineno})"
        return Result.failure(item, INTERNAL, message, time.perf_counter() - start)
    written = False
    if target.out and item.output:
        try:
            _write_atomic(Path(item.output), doc.model_dump_json(indent=2) + "\n")
            written = True
        except OSError as exc:
            return Result.failure(item, OUTPUT, f"cannot write {item.output}: {exc}")
    if target.library:
        try:
            written = _library(target.library).add_many([doc], refresh=True) == 1 or written
        except LibraryError as exc:
            _forget_library(target.library)  # reconnect for the next document
            return Result.failure(item, LIBRARY, str(exc), time.perf_counter() - start)
    return Result(
        path=item.path, sha256=doc.source.sha256, status="added" if written else "unchanged",
        pages=doc.source.pages or 0, seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu, citations=len(doc.citations),
        worker=_worker_name(),
        output=item.output if target.out else None,
    )


# --- one open library per worker thread ----------------------------------------------
# Opening checks the library (SQLite's quick_check, PostgreSQL's schema), so a worker
# opens it once and keeps it for every document it is given. A connection belongs to one
# thread (sqlite3 insists), hence one per thread.

_local = threading.local()


def _library(location: str) -> Library:
    libraries: dict[str, Library] = _local.__dict__.setdefault("libraries", {})
    if location not in libraries:
        libraries[location] = Library(location)
    return libraries[location]


def _forget_library(location: str) -> None:
    library = _local.__dict__.get("libraries", {}).pop(location, None)
    if library is not None:
        with contextlib.suppress(Exception):  # a broken connection may fail to close
            library.close()


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _write_atomic(path: Path, text: str) -> None:
    """Through a temporary file and a rename: a killed batch leaves no half-written JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def worker_version() -> str:
    """The docparse version a worker runs (the cluster check compares it with ours)."""
    return __version__


_WARM_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 1/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số "
    "116/KH-UBND ngày 21/4/2025 của UBND tỉnh\nI. MỤC ĐÍCH\nBảo đảm 100% cơ quan thực hiện.\n"
)


def warm_worker() -> int:
    """Parse a tiny document, so that the parser's code and data are loaded before the
    first real one (whose timeout then counts its parse alone); returns the worker's pid."""
    from docparse.pipeline import parse_bytes

    parse_bytes(_WARM_TEXT.encode("utf-8"), "warm.txt")
    return os.getpid()
