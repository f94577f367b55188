"""Two ways to run `process_file` over many files: local processes, or a Dask cluster.

Both take items lazily and keep only a window of them in flight (twice the workers), so
a batch of a million files never holds a million futures, and both yield results as
documents finish, in whatever order they finish.

`LocalPool` is N slots, each a ProcessPoolExecutor of one process (the same shape as
the service's pool, for the same reason): a document that hangs past the timeout, or
kills its process (out of memory, a crash in native code), is charged to that document
alone; its slot gets a fresh process and the others never notice. One shared
ProcessPoolExecutor would instead fail every document in flight when one process dies.
Each process loads the parser when it starts, so a timeout counts a parse, not imports.

`DaskRunner` sends the same function to a Dask distributed cluster, a running one
(`--cluster tcp://host:8786`) or one started here (`--cluster local`). The scheduler,
the queue and the workers are Dask's; we only submit and collect.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from docparse import __version__
from docparse.batch.work import (
    INTERNAL,
    TIMEOUT,
    WORKER_CRASH,
    Item,
    Result,
    Target,
    process_file,
    warm_worker,
    worker_version,
)


class RunnerError(Exception):
    """The workers cannot be started, or the cluster cannot be reached or cannot run
    docparse; the message is one line."""


class Runner(Protocol):
    description: str

    def run(self, items: Iterable[Item], target: Target) -> Iterator[Result]: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...

    def warm(self) -> None: ...


def cpu_count() -> int:
    """The cores this process may use (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- local processes --------------------------------------------------------------------


def _init_worker() -> None:
    # Ctrl+C reaches the whole process group: the driver stops the workers itself and
    # writes its report, without a traceback from every worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass
class _Slot:
    executor: ProcessPoolExecutor
    pid: int


Work = Callable[[Item, Target], Result]


class LocalPool:
    def __init__(self, jobs: int, *, timeout_s: float | None = None,
                 work: Work = process_file) -> None:
        self.jobs = max(1, jobs)
        self.timeout_s = timeout_s
        self._work = work  # process_file; a test passes one that hangs or crashes
        self.description = f"{self.jobs} local worker process{'es' if self.jobs > 1 else ''}"
        # "spawn": the driver runs a progress thread, and forking a threaded process can
        # deadlock.
        self._context = multiprocessing.get_context("spawn")
        executors = [self._executor() for _ in range(self.jobs)]
        pids = [executor.submit(warm_worker) for executor in executors]  # start them together
        try:
            self._slots = [_Slot(e, p.result()) for e, p in zip(executors, pids, strict=True)]
        except Exception as exc:  # a process that died, or a parser that cannot load
            for executor in executors:
                executor.shutdown(wait=False, cancel_futures=True)
            raise RunnerError(
                f"cannot start worker processes: {type(exc).__name__}: {exc}"
            ) from None

    def _executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(1, mp_context=self._context, initializer=_init_worker)

    def _replace(self, slot: _Slot) -> _Slot:
        self._kill(slot)
        executor = self._executor()
        fresh = _Slot(executor, executor.submit(warm_worker).result())
        self._slots[self._slots.index(slot)] = fresh
        return fresh

    @staticmethod
    def _kill(slot: _Slot) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(slot.pid, signal.SIGKILL)
        slot.executor.shutdown(wait=False, cancel_futures=True)

    def run(self, items: Iterable[Item], target: Target) -> Iterator[Result]:
        pending = iter(items)
        free = list(self._slots)
        running: dict[Future[Result], tuple[_Slot, Item, float]] = {}
        while True:
            while free and (item := next(pending, None)) is not None:
                slot = free.pop()
                future = slot.executor.submit(self._work, item, target)
                running[future] = (slot, item, time.monotonic())
            if not running:
                return
            done, _ = wait(running, timeout=self._wait_s(running), return_when=FIRST_COMPLETED)
            for future in done:
                slot, item, _started = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    slot = self._replace(slot)
                    result = Result.failure(item, WORKER_CRASH,
                                            "the worker process died while parsing it")
                except Exception as exc:  # e.g. a result that cannot be sent back
                    result = Result.failure(item, INTERNAL, f"{type(exc).__name__}: {exc}")
                free.append(slot)
                yield result
            for future, (slot, item, started) in list(running.items()):
                if self.timeout_s is not None and time.monotonic() - started > self.timeout_s:
                    del running[future]
                    free.append(self._replace(slot))
                    yield Result.failure(
                        item, TIMEOUT, f"parsing took over {self.timeout_s:g} s; stopped"
                    )

    def _wait_s(self, running: dict[Future[Result], tuple[_Slot, Item, float]]) -> float | None:
        if self.timeout_s is None:
            return None
        oldest = min(started for _, _, started in running.values())
        return max(0.0, oldest + self.timeout_s - time.monotonic()) + 0.05

    def warm(self) -> None:
        """Every worker loaded the parser when it started."""

    def close(self) -> None:
        for slot in self._slots:
            slot.executor.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop now (Ctrl+C): kill every worker, whatever it is doing."""
        for slot in self._slots:
            self._kill(slot)


# --- a Dask distributed cluster -----------------------------------------------------------


class DaskRunner:
    def __init__(self, address: str, *, jobs: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self._cluster: Any = None
        try:
            if address == "local":
                # One thread per worker process: parsing is pure Python and holds the GIL.
                self._cluster = LocalCluster(
                    n_workers=jobs or cpu_count(), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout=30)
            self._client.wait_for_workers(1, timeout=60)
            versions = self._client.run(worker_version)
        except Exception as exc:
            self.close()
            raise RunnerError(f"cluster {address}: {type(exc).__name__}: {exc}") from None
        others = {v for v in versions.values() if v != __version__}
        if others:
            self.close()
            raise RunnerError(
                f"cluster {address}: its workers run docparse {', '.join(sorted(others))}, "
                f"this is {__version__}; install the same version on every worker"
            )
        self.threads = sum(self._client.nthreads().values())
        where = "a local cluster" if address == "local" else f"the cluster at {address}"
        self.description = f"{where}: {len(versions)} workers, {self.threads} threads"

    def run(self, items: Iterable[Item], target: Target) -> Iterator[Result]:
        from distributed import KilledWorker, as_completed

        pending = iter(items)
        running: dict[Any, Item] = {}
        completed = as_completed()

        def submit() -> bool:
            item = next(pending, None)
            if item is None:
                return False
            # pure=False: the same file submitted again (a rerun) is new work, not a
            # cached result.
            future = self._client.submit(process_file, item, target, pure=False)
            running[future] = item
            completed.add(future)
            return True

        for _ in range(max(1, 2 * self.threads)):
            if not submit():
                break
        for future in completed:
            item = running.pop(future)
            try:
                result = future.result()
            except KilledWorker:
                result = Result.failure(item, WORKER_CRASH,
                                        "the document killed every Dask worker that tried it")
            except Exception as exc:
                result = Result.failure(item, INTERNAL, f"{type(exc).__name__}: {exc}")
            future.release()
            yield result
            submit()

    def warm(self) -> None:
        """Load the parser in every worker now (the bench times documents, not imports)."""
        self._client.run(warm_worker)

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()

    def abort(self) -> None:
        self.close()
