"""A pool of parse worker processes where one slow or hung job can be killed alone.

A ProcessPoolExecutor cannot stop one running task, and killing one of its
processes breaks the whole pool (every other job in flight fails). So the pool
is N slots, each a ProcessPoolExecutor of one process: a job takes a free slot,
and when it overruns its timeout, that slot's process is killed and the slot is
replaced by a fresh one; the jobs in the other slots never notice. Waiting for a
free slot does not count against a job's timeout: only its own run does.

Workers are started with "spawn": the service process runs threads (the event
loop, the library thread), and forking a threaded process can deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Coroutine
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from docparse.service.jobs import init_worker, warm

log = logging.getLogger("docparse.service")
START_TIMEOUT_S = 120.0  # spawning a worker imports the parser (and the NER model)


class JobTimeout(Exception):
    """The job ran past its timeout; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker process died during the job (out of memory, a crash in native code)."""


class PoolBusy(Exception):
    """Too many jobs are already waiting for a worker."""


@dataclass
class _Slot:
    executor: ProcessPoolExecutor
    pid: int


class ParsePool:
    def __init__(
        self, workers: int, tmp_dir: str, *, entities: bool = False, max_waiting: int = 64
    ) -> None:
        self.workers = max(1, workers)
        # Each waiting upload holds its file in tmp/: beyond this, refuse rather than pile up.
        self.max_waiting = max_waiting
        self.waiting = 0
        self._tmp_dir = tmp_dir
        self._entities = entities
        self._context = multiprocessing.get_context("spawn")
        self._free: asyncio.Queue[_Slot] | None = None
        self._slots: list[_Slot] = []
        self._start_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()  # refills and settles under way
        self._closed = False
        self.restarts = 0  # slots replaced after a timeout or a crash

    @property
    def idle(self) -> int:
        return self._free.qsize() if self._free is not None else 0

    async def start(self) -> None:
        """Start every worker (concurrently); later calls return at once."""
        async with self._start_lock:
            if self._free is not None and not self._closed:
                return
            self._closed = False  # an app's lifespan may run again after a shutdown
            slots = await asyncio.gather(*(self._new_slot() for _ in range(self.workers)))
            free: asyncio.Queue[_Slot] = asyncio.Queue()
            for slot in slots:
                free.put_nowait(slot)
            self._slots = list(slots)
            self._free = free

    async def run(self, timeout_s: float, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args) in a worker; JobTimeout past `timeout_s`, WorkerCrashed if it died."""
        await self.start()
        assert self._free is not None
        if self._free.empty() and self.waiting >= self.max_waiting:
            raise PoolBusy
        self.waiting += 1
        try:
            slot = await self._free.get()
        finally:
            self.waiting -= 1
        try:
            waiter = asyncio.wrap_future(slot.executor.submit(fn, *args))
        except BrokenProcessPool:
            self._replace(slot, "found broken")
            raise WorkerCrashed from None
        try:
            # shield: a timeout must not cancel the future before the slot is dealt with.
            result = await asyncio.wait_for(asyncio.shield(waiter), timeout_s)
        except TimeoutError:
            # The killed job's future fails later with BrokenProcessPool; nobody needs it.
            waiter.add_done_callback(lambda f: f.cancelled() or f.exception())
            self._replace(slot, f"job ran past {timeout_s:g} s")
            raise JobTimeout from None
        except BrokenProcessPool:
            self._replace(slot, "worker died")
            raise WorkerCrashed from None
        except asyncio.CancelledError:
            # The request went away: the slot is free again only when its job ends.
            self._spawn(self._settle(slot, waiter, timeout_s))
            raise
        except BaseException:  # the job itself raised: its worker is fine
            self._free.put_nowait(slot)
            raise
        self._free.put_nowait(slot)
        return result

    async def close(self) -> None:
        """Stop idle workers cleanly and kill busy ones."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        idle: list[_Slot] = []
        while self._free is not None and not self._free.empty():
            idle.append(self._free.get_nowait())
        for slot in self._slots:
            if slot not in idle:
                _kill(slot.executor, slot.pid)
        self._slots = []
        self._free = None
        self._start_lock = asyncio.Lock()  # the next start may run in another event loop
        await asyncio.gather(*(
            asyncio.to_thread(slot.executor.shutdown, wait=True, cancel_futures=True)
            for slot in idle
        ))

    # --- slots -------------------------------------------------------------------

    async def _new_slot(self) -> _Slot:
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=self._context, initializer=init_worker,
            initargs=(self._tmp_dir,),
        )
        try:
            pid = await asyncio.wait_for(
                asyncio.wrap_future(executor.submit(warm, self._entities)), START_TIMEOUT_S
            )
        except BaseException:
            _kill(executor)
            raise
        return _Slot(executor, int(pid))

    def _replace(self, slot: _Slot, why: str) -> None:
        """Kill the slot's worker now; a fresh one joins the pool when it has started."""
        log.warning("parse worker %d killed: %s", slot.pid, why)
        _kill(slot.executor, slot.pid)
        self._slots = [s for s in self._slots if s is not slot]
        self.restarts += 1
        if not self._closed:
            self._spawn(self._refill())

    async def _refill(self) -> None:
        delay = 1.0
        while not self._closed:
            try:
                fresh = await self._new_slot()
            except Exception as exc:  # keep trying: the pool must not shrink
                log.error("cannot start a parse worker (%s); retrying in %g s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closed:
                _kill(fresh.executor, fresh.pid)
                return
            self._slots.append(fresh)
            assert self._free is not None
            self._free.put_nowait(fresh)
            return

    async def _settle(self, slot: _Slot, waiter: asyncio.Future[Any], timeout_s: float) -> None:
        try:
            await asyncio.wait_for(waiter, timeout_s)
        except (TimeoutError, BrokenProcessPool):
            self._replace(slot, "abandoned job did not end in time")
            return
        except Exception:  # nobody waits for an abandoned job's result
            pass
        if self._free is not None and not self._closed:
            self._free.put_nowait(slot)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _kill(executor: ProcessPoolExecutor, pid: int | None = None) -> None:
    """Stop an executor now, its running job included."""
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    executor.shutdown(wait=False, cancel_futures=True)
