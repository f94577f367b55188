"""What runs inside the parse workers: parsing an upload, checking coverage.

These functions cross a process boundary, so they never raise to the caller:
an exception whose constructor takes other arguments than its message (such as
DocparseError) cannot be rebuilt on the other side. They return an `Outcome`
instead, which is plain data.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docparse.errors import DocparseError
from docparse.pipeline import ParseOptions, parse_bytes

Kind = Literal["ok", "error", "unavailable", "crash"]


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    value: object = None
    code: str = ""  # an ErrorCode name when kind == "error"
    message: str = ""


def init_worker(tmp_dir: str) -> None:
    """Runs once in each new worker process."""
    # The PDF reader needs a real file: parse_bytes writes one with tempfile, and
    # the service must write nothing outside its library folder.
    tempfile.tempdir = tmp_dir
    os.environ["TMPDIR"] = tmp_dir
    # Parsing is CPU-bound; a lower priority keeps the event loop (health checks,
    # reads, the web page) responsive while every worker is busy.
    with contextlib.suppress(OSError):  # not permitted on some systems
        os.nice(5)
    # Ctrl+C in a terminal reaches the whole process group; the service stops its
    # workers itself on shutdown, without a traceback from each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_WARM_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 1/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số "
    "116/KH-UBND ngày 21/4/2025 của UBND tỉnh\nI. MỤC ĐÍCH\nBảo đảm 100% cơ quan thực hiện.\n"
)


def warm(entities: bool) -> int:
    """Parse a tiny document, so that the first request does not pay for loading the
    parser's data (and the NER model); returns the worker's pid."""
    options = ParseOptions(entities=entities)
    with contextlib.suppress(Exception):  # a real failure shows, with its message, on a parse
        parse_bytes(_WARM_TEXT.encode("utf-8"), "warm.txt", options)
    return os.getpid()


def parse_job(path: str, file_name: str, options: ParseOptions) -> Outcome:
    """Parse the received upload at `path` as the library does for any caller."""
    try:
        data = Path(path).read_bytes()
        return Outcome("ok", parse_bytes(data, file_name, options))
    except DocparseError as exc:
        return Outcome("error", code=exc.code.name, message=str(exc))
    except Exception as exc:  # a parser bug must not look like a worker crash
        return Outcome("crash", message=f"{type(exc).__name__}: {exc}",
                       value=traceback.format_exc())


def coverage_job(plan_json: str, reports_json: list[str], database: str, top_k: int) -> Outcome:
    """Coverage of a plan's tasks by reports (docparse.link.coverage), as JSON text."""
    try:
        from docparse.link.cache import LinkCache
        from docparse.link.coverage import check
        from docparse.link.embed import EmbedError
        from docparse.link.refit import WeightsError, library_weights
    except ImportError as exc:
        return Outcome("unavailable", message=f"plan-report coverage is not installed ({exc})")
    from docparse.model import Document
    from docparse.store.library import Library, LibraryError

    plan = Document.model_validate_json(plan_json)
    reports = [Document.model_validate_json(text) for text in reports_json]
    try:
        problem = None
        try:  # the weights `docparse fit` stored in the library, as the CLI's check uses
            with Library(database) as library:
                weights = library_weights(library)
        except LibraryError:
            weights = None  # the shipped ones; the cache below says what is wrong
        except WeightsError as exc:
            weights, problem = None, f"{exc}; the shipped weights judged this check"
        cache = LinkCache(database)  # embeddings are cached in the library, across requests
        try:
            coverage = check(plan, reports, cache=cache, top_k=top_k, weights=weights)
            if problem:
                coverage.warnings.append(problem)
        finally:
            cache.close()
    except Exception as exc:
        # A missing embedding model is a setup problem, not the caller's.
        if isinstance(exc, EmbedError):
            return Outcome("unavailable", message=f"plan-report coverage is unavailable: {exc}")
        return Outcome("crash", message=f"{type(exc).__name__}: {exc}",
                       value=traceback.format_exc())
    return Outcome("ok", coverage.model_dump_json())
