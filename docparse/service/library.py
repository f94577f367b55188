"""The service's access to the library: one connection, one thread, a cached graph.

An sqlite3 connection belongs to the thread that opened it, and SQLite writes one
transaction at a time anyway, so every library call runs on one dedicated
thread that owns the one `Library`. The event loop never blocks on the database.
The citation graph is rebuilt only after a document was added.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from docparse.graph.build import build_graph
from docparse.model import Document
from docparse.store.library import DocumentRow, Library

T = TypeVar("T")


class LibraryGateway:
    def __init__(self, database: Path) -> None:
        self.database = database
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docparse-library")
        self._library: Library | None = None
        self._generation = 0  # bumped on every new document
        self._graph: tuple[int, nx.DiGraph] | None = None

    def _open(self) -> Library:
        if self._library is None:
            self._library = Library(self.database)
        return self._library

    async def call(self, fn: Callable[[Library], T]) -> T:
        """fn(library) on the library thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, lambda: fn(self._open()))

    async def open(self) -> None:
        """Open (and check) the database now rather than on the first request."""
        await self.call(lambda _: None)

    async def has(self, sha256: str) -> bool:
        return await self.call(lambda lib: lib.has(sha256))

    async def add(self, doc: Document) -> bool:
        added = await self.call(lambda lib: lib.add(doc))
        if added:
            self._generation += 1
        return added

    async def get(self, sha256: str) -> Document | None:
        def fetch(lib: Library) -> Document | None:
            return lib.document(sha256) if lib.has(sha256) else None

        return await self.call(fetch)

    async def rows(self) -> list[DocumentRow]:
        return await self.call(lambda lib: list(lib.documents()))

    async def count(self) -> tuple[int, int]:
        return await self.call(lambda lib: lib.count())

    async def graph(self) -> nx.DiGraph:
        generation = self._generation
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
        self._thread.shutdown(wait=True)
