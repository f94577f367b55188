"""Cache of passage embeddings and word segmentations in the library database file.

Two tables of our own live in the library file (docparse.store owns the rest):
`embeddings(model, text_sha256, vector)` and `segments(text_sha256, tokens)`.
Both are keyed by the sha256 of the exact text, so a cached value is valid for
any document that contains the same passage, and a changed passage is simply a
miss. When the file does not exist yet it is first created as a docparse library
(through docparse.store, when that module is present) so that the library's own
checks accept it later. A library that cannot be opened never stops a check: the
cache then lives in memory for the run and the caller gets a warning.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ENV_VAR = "DOCPARSE_LIBRARY"

_DDL = (
    "CREATE TABLE IF NOT EXISTS embeddings ("
    " model TEXT NOT NULL, text_sha256 TEXT NOT NULL, vector BLOB NOT NULL,"
    " PRIMARY KEY (model, text_sha256))",
    "CREATE TABLE IF NOT EXISTS segments ("
    " text_sha256 TEXT PRIMARY KEY, tokens TEXT NOT NULL)",
)
_CHUNK = 500  # SQLite's default limit on host parameters is 999


def library_path() -> Path:
    """$DOCPARSE_LIBRARY, else ~/.local/share/docparse/library.sqlite (same rule as the store)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "docparse" / "library.sqlite"


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LinkCache:
    """Embeddings and segmentations by text hash; `LinkCache(None)` keeps them in memory."""

    def __init__(self, path: Path | str | None = None, *, memory: bool = False) -> None:
        self.warning: str | None = None
        self.path = None if memory else Path(path).expanduser() if path else library_path()
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self.path is not None:
            try:
                _ensure_library(self.path)
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                for statement in _DDL:
                    conn.execute(statement)
                return conn
            except (sqlite3.Error, OSError, RuntimeError) as exc:
                self.warning = (
                    f"embedding cache disabled ({self.path}: {exc}); "
                    "results are the same, only slower"
                )
        conn = sqlite3.connect(":memory:", isolation_level=None)
        for statement in _DDL:
            conn.execute(statement)
        return conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- embeddings -----------------------------------------------------------

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT text_sha256, vector FROM embeddings WHERE model = ? "
                f"AND text_sha256 IN ({marks})",
                (model, *chunk),
            )
            for key, blob in rows:
                out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_vectors(self, model: str, items: dict[str, np.ndarray]) -> None:
        rows = [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        self._write("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    # --- word segmentations ---------------------------------------------------

    def get_tokens(self, keys: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT text_sha256, tokens FROM segments WHERE text_sha256 IN ({marks})", chunk
            )
            for key, tokens in rows:
                out[key] = tokens.split(" ") if tokens else []
        return out

    def put_tokens(self, items: dict[str, list[str]]) -> None:
        rows = [(k, " ".join(v)) for k, v in items.items()]
        self._write("INSERT OR REPLACE INTO segments VALUES (?, ?)", rows)

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(sql, rows)
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            # A read-only or locked library only costs speed next time.
            self.warning = f"embedding cache not updated ({exc})"


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _ensure_library(path: Path) -> None:
    """Create a fresh file as a docparse library so that the store accepts it later."""
    if path.exists() and path.stat().st_size > 0:
        return
    from docparse.store import Library, LibraryError

    try:
        Library(path).close()
    except LibraryError as exc:
        raise RuntimeError(str(exc)) from None
