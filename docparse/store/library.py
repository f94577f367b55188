"""The local library: parsed documents and their citations in one SQLite file.

Documents are keyed by the sha256 of their source file, so adding the same file
twice changes nothing. The file is checked on open (PRAGMA quick_check and the
schema's own version); a damaged or foreign file raises `LibraryError` and is
left exactly as it was: the library never recreates a database over a bad one.
Writes run in one transaction each, with synchronous=FULL, so a crash leaves
either the old state or the new one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from docparse.enrich.citations.keys import document_key, split_symbol, types_data
from docparse.model import Citation, Document

ENV_VAR = "DOCPARSE_LIBRARY"
SCHEMA = 1

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
    json TEXT NOT NULL
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
"""


class LibraryError(Exception):
    """A library problem the user can act on; the message is one line."""


def default_path() -> Path:
    """$DOCPARSE_LIBRARY, else ~/.local/share/docparse/library.sqlite."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "docparse" / "library.sqlite"


def citation_group(citation_type: str | None, number: str | None, name: str | None) -> str:
    """Reporting group of a cited document: laws, decrees, resolutions, party, ..."""
    if number and split_symbol(number).form == "party":
        return "party"
    words = types_data()["words"]
    if citation_type:
        for word in sorted(words, key=len, reverse=True):
            if citation_type.lower().startswith(word.lower()):
                return str(words[word]["group"])
    if name:
        return "laws"
    if number and split_symbol(number).form == "legal":
        return "legal"
    return "administrative"


class DocumentRow(NamedTuple):
    sha256: str
    file_name: str
    doc_key: str | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    date: str | None
    issuer: str | None
    title: str | None


class CitationRow(NamedTuple):
    sha256: str
    key: str
    grp: str
    type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    name: str | None
    year: int | None
    pinpoint: str | None
    relation: str
    in_footnote: int  # 0 or 1 as stored
    location_kind: str
    location_id: str
    section_label: str | None
    page: int | None


class Library:
    """An open library file. Use as a context manager, or call close()."""

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        if not create and not self.path.exists():
            raise LibraryError(
                f"no library at {self.path}; add documents first with: docparse add FILE..."
            )
        self._conn = self._open()

    # --- opening and checking ------------------------------------------------

    def _open(self) -> sqlite3.Connection:
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
        if not tables:
            self._create(conn)
        elif "meta" not in tables or "documents" not in tables:
            conn.close()
            raise LibraryError(
                f"{self.path} is an SQLite database but not a docparse library; "
                "choose another path with --library"
            )
        else:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != str(SCHEMA):
                conn.close()
                found = row[0] if row else "none"
                raise LibraryError(
                    f"library {self.path} has schema version {found}, expected {SCHEMA}"
                )
        return conn

    @staticmethod
    def _create(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        query = "SELECT 1 FROM documents WHERE sha256 = ?"
        return self._conn.execute(query, (sha256,)).fetchone() is not None

    def add(self, doc: Document) -> bool:
        """Store a document and its citations; False (and no change) if already there."""
        return self.add_many([doc]) == 1

    def add_many(self, docs: list[Document]) -> int:
        """Store documents in one transaction; returns how many were new."""
        added = 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for doc in docs:
                added += self._insert(doc)
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._conn.execute("ROLLBACK")
            raise LibraryError(f"cannot write to library {self.path}: {exc}") from None
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return added

    def _insert(self, doc: Document) -> int:
        meta = doc.metadata
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.source.sha256,
                doc.source.file_name,
                document_key(meta.number, meta.symbol, meta.date),
                meta.doc_type,
                meta.number,
                meta.symbol,
                meta.date,
                meta.issuer,
                meta.title,
                doc.model_dump_json(),
            ),
        )
        if cursor.rowcount == 0:
            return 0
        self._conn.executemany(
            f"INSERT INTO citations VALUES ({', '.join('?' * 19)})",
            [_citation_values(doc.source.sha256, c) for c in doc.citations],
        )
        return 1

    # --- reading ---------------------------------------------------------------

    def count(self) -> tuple[int, int]:
        """(documents, citations)."""
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


def _citation_values(sha256: str, c: Citation) -> tuple[object, ...]:
    return (
        sha256,
        c.id,
        c.key,
        citation_group(c.type, c.number, c.name),
        c.type,
        c.number,
        c.date,
        c.issuer,
        c.name,
        c.year,
        c.pinpoint,
        c.relation,
        int(c.in_footnote),
        c.location.kind,
        c.location.id,
        c.location.section_label,
        c.location.page,
        c.raw,
        c.confidence,
    )
