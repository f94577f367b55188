"""The library in one SQLite file: the default backend.

The file is checked on open (PRAGMA quick_check and the schema's own version); a
damaged or foreign file raises `LibraryError` and is left exactly as it was: the
library never recreates a database over a bad one. A file of an older schema is
upgraded in place, one numbered step at a time, in one transaction. Writes run in one
transaction each, with synchronous=FULL, so a crash leaves either the old state or the
new one. Several processes may write at once (a batch's workers): SQLite lets one
writer in at a time and the others wait (up to 30 s), which is short next to a parse.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from docparse import __version__
from docparse.model import Document
from docparse.store.library import (
    CitationRow,
    DocumentRow,
    Library,
    LibraryError,
    Location,
    chunks,
    citation_values,
    default_location,
    document_values,
    sqlite_path,
)
from docparse.store.reviews import SQLITE_DDL as _REVIEW_DDL

SCHEMA = 3
MEMORY = ":memory:"
_CHUNK = 500  # SQLite's default limit on host parameters is 999

_CACHE_DDL = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, text_sha256 TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, text_sha256)
);
CREATE TABLE IF NOT EXISTS segments (text_sha256 TEXT PRIMARY KEY, tokens TEXT NOT NULL);
"""

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    doc_key TEXT,
    doc_type TEXT,
    number TEXT,
    symbol TEXT,
    date TEXT,
    issuer TEXT,
    title TEXT,
    json TEXT NOT NULL,
    docparse_version TEXT
);
CREATE INDEX documents_doc_key ON documents (doc_key);
CREATE TABLE citations (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    id TEXT NOT NULL,
    key TEXT NOT NULL,
    grp TEXT NOT NULL,
    type TEXT,
    number TEXT,
    date TEXT,
    issuer TEXT,
    name TEXT,
    year INTEGER,
    pinpoint TEXT,
    relation TEXT NOT NULL,
    in_footnote INTEGER NOT NULL,
    location_kind TEXT NOT NULL,
    location_id TEXT NOT NULL,
    section_label TEXT,
    page INTEGER,
    raw TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (sha256, id)
);
CREATE INDEX citations_key ON citations (key);
""" + _CACHE_DDL + _REVIEW_DDL

# Upgrades of an existing file: step N takes schema N-1 to N.
_MIGRATIONS: dict[int, str] = {
    # The docparse version that stored each document (batch resumes by it), and the
    # caches of `docparse check`, which the link module used to create on its own.
    2: "ALTER TABLE documents ADD COLUMN docparse_version TEXT;" + _CACHE_DDL,
    # The review loop: stored coverage runs, reviewers' decisions, fitted link weights.
    3: _REVIEW_DDL,
}

_DOCUMENT_COLUMNS = (
    "sha256, file_name, doc_key, doc_type, number, symbol, date, issuer, title, json, "
    "docparse_version"
)


class SqliteLibrary(Library):
    """A library file (or, at ":memory:", a scratch library that lives for the process)."""

    def __init__(self, location: Location | None = None, *, create: bool = True) -> None:
        target = location if location is not None else default_location()
        self.path = Path(MEMORY) if str(target) == MEMORY else sqlite_path(target)
        self.location = str(self.path)
        if not create and not self._memory and not self.path.exists():
            raise LibraryError(
                f"no library at {self.path}; add documents first with: docparse add FILE..."
            )
        self._conn = self._open()

    @property
    def _memory(self) -> bool:
        return str(self.path) == MEMORY

    # --- opening and checking ------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self._memory:
            scratch = sqlite3.connect(MEMORY, isolation_level=None)
            self._create(scratch)
            return scratch
        if self.path.is_dir():
            raise LibraryError(f"library path {self.path} is a directory, not a database file")
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        if fresh:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(
                    f"cannot create library folder {self.path.parent}: {exc}"
                ) from None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            check = [row[0] for row in conn.execute("PRAGMA quick_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise LibraryError(
                f"library {self.path} is not a readable SQLite database ({exc}); "
                "it was left untouched: move it aside or choose another with --library"
            ) from None
        if check != ["ok"]:
            conn.close()
            raise LibraryError(
                f"library {self.path} is corrupt (integrity check: {'; '.join(check[:3])}); "
                "it was left untouched: restore a backup or move it aside"
            )
        try:
            if not tables:
                self._create(conn)
            elif "meta" not in tables or "documents" not in tables:
                raise LibraryError(
                    f"{self.path} is an SQLite database but not a docparse library; "
                    "choose another path with --library"
                )
            else:
                self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process (a batch's other worker) may have created it meanwhile.
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
                conn.execute("COMMIT")
                self._migrate(conn)
                return
            for statement in _DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        found = self._schema(conn)
        if found == SCHEMA:
            return
        if found is None or found > SCHEMA or found < 1:
            raise LibraryError(
                f"library {self.path} has schema version {found or 'none'}, expected {SCHEMA}"
                + ("; it was written by a newer docparse: upgrade docparse"
                   if found and found > SCHEMA else "")
            )
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another process may have upgraded it while we waited for the write lock.
            current = self._schema(conn) or found
            for step in range(current + 1, SCHEMA + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA),))
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise LibraryError(
                f"cannot upgrade library {self.path} from schema {found} to {SCHEMA}: {exc}"
            ) from None

    @staticmethod
    def _schema(conn: sqlite3.Connection) -> int | None:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        try:
            return int(row[0]) if row else None
        except ValueError:
            return None

    def close(self) -> None:
        self._conn.close()

    # --- writing ---------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        query = "SELECT 1 FROM documents WHERE sha256 = ?"
        return self._conn.execute(query, (sha256,)).fetchone() is not None

    def add_many(self, docs: list[Document], *, refresh: bool = False) -> int:
        written = 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for doc in docs:
                written += self._insert(doc, refresh)
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise LibraryError(f"cannot write to library {self.path}: {exc}") from None
        except BaseException:
            self._rollback()
            raise
        return written

    def _rollback(self) -> None:
        # BEGIN itself may have failed (the file stayed locked past the timeout).
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _insert(self, doc: Document, refresh: bool) -> int:
        # BEGIN IMMEDIATE holds the file's write lock, so nothing changes between this
        # read and the writes below.
        sha256 = doc.source.sha256
        row = self._conn.execute(
            "SELECT docparse_version FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is not None:
            if not refresh or row[0] == __version__:
                return 0
            self._conn.execute("DELETE FROM citations WHERE sha256 = ?", (sha256,))
            self._conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))
        self._conn.execute(
            f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            document_values(doc, __version__),
        )
        self._conn.executemany(
            f"INSERT INTO citations VALUES ({', '.join('?' * 19)})",
            [citation_values(sha256, c) for c in doc.citations],
        )
        return 1

    # --- reading ---------------------------------------------------------------

    def parsed_by(self, sha256s: Iterable[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in chunks(sorted(set(sha256s)), _CHUNK):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT sha256, docparse_version FROM documents WHERE sha256 IN ({marks})"
            out.update(self._conn.execute(query, chunk).fetchall())
        return out

    def count(self) -> tuple[int, int]:
        docs = self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        cits = self._conn.execute("SELECT COUNT(*) FROM citations").fetchone()[0]
        return int(docs), int(cits)

    def documents(self) -> Iterator[DocumentRow]:
        query = (
            "SELECT sha256, file_name, doc_key, doc_type, number, symbol, date, issuer, title "
            "FROM documents ORDER BY sha256"
        )
        for row in self._conn.execute(query):
            yield DocumentRow(*row)

    def citations(self) -> Iterator[CitationRow]:
        query = (
            "SELECT sha256, key, grp, type, number, date, issuer, name, year, pinpoint, "
            "relation, in_footnote, location_kind, location_id, section_label, page "
            "FROM citations ORDER BY sha256, rowid"
        )
        for row in self._conn.execute(query):
            yield CitationRow(*row)

    def document(self, sha256: str) -> Document:
        row = self._conn.execute("SELECT json FROM documents WHERE sha256 = ?", (sha256,))
        found = row.fetchone()
        if found is None:
            raise LibraryError(f"no document {sha256} in library {self.path}")
        return Document.model_validate(json.loads(found[0]))

    # --- caches ------------------------------------------------------------------

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for chunk in chunks(sorted(set(keys)), _CHUNK):
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

    def get_tokens(self, keys: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in chunks(sorted(set(keys)), _CHUNK):
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

    # --- the review tables' primitives (docparse.store.reviews) ---------------------

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, _sqlite_values(params)).fetchall()
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot read library {self.path}: {exc}") from None

    def _insert_id(self, sql: str, params: tuple[object, ...]) -> int:
        # One statement in autocommit mode: atomic on its own.
        try:
            cursor = self._conn.execute(sql, _sqlite_values(params))
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write to library {self.path}: {exc}") from None
        return int(cursor.lastrowid or 0)

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(sql, rows)
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise LibraryError(f"cannot write to library {self.path}: {exc}") from None


def _sqlite_values(params: tuple[object, ...]) -> tuple[object, ...]:
    # Times are kept as ISO 8601 text (sqlite3's own datetime adapter is deprecated).
    return tuple(p.isoformat(timespec="seconds") if isinstance(p, datetime) else p
                 for p in params)
