"""The service's access to the library: one connection, one thread, a cached graph.

An sqlite3 connection belongs to the thread that opened it, and SQLite writes one
transaction at a time anyway, so every library call runs on one dedicated
thread that owns the one `Library` (a PostgreSQL library is served the same way: one
connection suffices for the few writes a service makes). The event loop never blocks
on the database. The citation graph is rebuilt only when the library has changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import networkx as nx

from docparse.graph.build import build_graph
from docparse.model import Document
from docparse.service.config import Database
from docparse.store.library import DocumentRow, Library

T = TypeVar("T")


class LibraryGateway:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._thread: ThreadPoolExecutor | None = None
        self._library: Library | None = None
        self._graph: tuple[tuple[int, int], nx.DiGraph] | None = None

    def _open(self) -> Library:
        if self._library is None:
            self._library = Library(self.database)
        return self._library

    async def call(self, fn: Callable[[Library], T]) -> T:
        """fn(library) on the library thread."""
        if self._thread is None:  # (again, after close: an app may be started twice)
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="docparse-library")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, lambda: fn(self._open()))

    async def open(self) -> None:
        """Open (and check) the database now rather than on the first request."""
        await self.call(lambda _: None)

    async def has(self, sha256: str) -> bool:
        return await self.call(lambda lib: lib.has(sha256))

    async def add(self, doc: Document) -> bool:
        return await self.call(lambda lib: lib.add(doc))

    async def get(self, sha256: str) -> Document | None:
        def fetch(lib: Library) -> Document | None:
            return lib.document(sha256) if lib.has(sha256) else None

        return await self.call(fetch)

    async def rows(self) -> list[DocumentRow]:
        return await self.call(lambda lib: list(lib.documents()))

    async def count(self) -> tuple[int, int]:
        return await self.call(lambda lib: lib.count())

    async def graph(self) -> nx.DiGraph:
        # Keyed on the counts, not on our own writes: `docparse add` may share the library.
        generation = await self.count()
        if self._graph is None or self._graph[0] != generation:
            self._graph = (generation, await self.call(build_graph))
        return self._graph[1]

    async def query(self, fn: Callable[[nx.DiGraph], Any]) -> Any:
        """fn(graph) off the event loop: graph questions can take a while on a big library."""
        graph = await self.graph()
        return await self.call(lambda _: fn(graph))

    async def close(self) -> None:
        if self._library is not None:
            await self.call(lambda lib: lib.close())
            self._library = None
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None
