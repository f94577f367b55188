"""The library in a PostgreSQL database, shared by a team or by the workers of a cluster.

Same behaviour as the SQLite file (`docparse.store.sqlite`), made safe for many writers
at once by the database itself, with no lock of our own:
- a document row is written with INSERT ... ON CONFLICT (sha256) DO NOTHING (or, to
  refresh one an older docparse stored, DO UPDATE ... WHERE the version differs) in the
  same transaction as its citations, which are written only when that row was. A second
  writer of the same document waits on the row's unique index until the first commits,
  then finds it there and writes nothing: no duplicate document, no lost or doubled
  citation;
- each transaction writes its documents in sha256 order, so two writers of overlapping
  sets take their row locks in one order and cannot deadlock (a deadlock or
  serialization failure, should the server report one, is retried);
- the schema is versioned and upgraded by numbered steps (`postgres_schema`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

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
)
from docparse.store.postgres_schema import migrate

CONNECT_TIMEOUT_S = 10
_CHUNK = 5000  # keys per ANY(%s) array
_RETRIES = 3
_FETCH = 2000  # rows per round trip of a server-side cursor

_DOCUMENT_COLUMNS = (
    "sha256, file_name, doc_key, doc_type, number, symbol, date, issuer, title, json, "
    "docparse_version"
)
_CITATION_COLUMNS = (
    "sha256, id, key, grp, type, number, date, issuer, name, year, pinpoint, relation, "
    "in_footnote, location_kind, location_id, section_label, page, raw, confidence, ord"
)
_INSERT = (
    f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({', '.join(['%s'] * 11)}) "
    "ON CONFLICT (sha256) DO NOTHING RETURNING sha256"
)
_UPSERT = (
    f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({', '.join(['%s'] * 11)}) "
    "ON CONFLICT (sha256) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _DOCUMENT_COLUMNS.split(", ")[1:])
    + ", stored_at = now() "
    "WHERE documents.docparse_version IS DISTINCT FROM excluded.docparse_version "
    "RETURNING sha256"
)
_cursor_names = itertools.count()


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://(a URL that cannot be parsed)"
    user = f"{params['user']}@" if params.get("user") else ""
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{params.get('dbname') or ''}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _clean(values: Iterable[object]) -> tuple[object, ...]:
    # PostgreSQL text cannot hold NUL; the JSON column keeps it escaped, so only the
    # search columns lose it.
    return tuple(v.replace("\x00", "") if isinstance(v, str) else v for v in values)


class PostgresLibrary(Library):
    """A library in the database a postgresql:// URL names."""

    def __init__(self, location: Location | None = None, *, create: bool = True) -> None:
        self.url = str(location if location is not None else default_location())
        self.location = redact(self.url)
        self._conn = self._connect()
        try:
            migrate(self._conn, create=create, where=self.location)
        except psycopg.Error as exc:
            self._conn.close()
            raise LibraryError(f"cannot open library {self.location}: {_one_line(exc)}") from None
        except BaseException:
            self._conn.close()
            raise

    def _connect(self) -> psycopg.Connection:
        extra: dict[str, Any] = {}
        try:
            if "connect_timeout" not in conninfo_to_dict(self.url):
                extra["connect_timeout"] = CONNECT_TIMEOUT_S
            return psycopg.connect(self.url, autocommit=True, **extra)
        except psycopg.Error as exc:
            raise LibraryError(
                f"cannot connect to the library {self.location}: {_one_line(exc)}"
            ) from None

    @property
    def _db(self) -> psycopg.Connection:
        # A server restart breaks the connection: the call that saw it failed, the next
        # one reconnects (a long-running service must not stay down).
        if self._conn.broken:
            self._conn = self._connect()
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def _fail(self, exc: psycopg.Error) -> LibraryError:
        return LibraryError(f"library {self.location}: {_one_line(exc)}")

    # --- writing ---------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        try:
            row = self._db.execute("SELECT 1 FROM documents WHERE sha256 = %s", (sha256,))
            return row.fetchone() is not None
        except psycopg.Error as exc:
            raise self._fail(exc) from None

    def add_many(self, docs: list[Document], *, refresh: bool = False) -> int:
        ordered = sorted(docs, key=lambda d: d.source.sha256)  # one lock order for all
        for attempt in range(_RETRIES):
            try:
                with self._db.transaction(), self._db.cursor() as cur:
                    return sum(self._insert(cur, doc, refresh) for doc in ordered)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure) as exc:
                if attempt == _RETRIES - 1:
                    raise self._fail(exc) from None
            except psycopg.Error as exc:
                raise LibraryError(
                    f"cannot write to library {self.location}: {_one_line(exc)}"
                ) from None
        return 0  # not reached: the last attempt returns or raises

    @staticmethod
    def _insert(cur: psycopg.Cursor[Any], doc: Document, refresh: bool) -> int:
        sha256 = doc.source.sha256
        values = _clean(document_values(doc, __version__))
        if cur.execute(_UPSERT if refresh else _INSERT, values).fetchone() is None:
            return 0  # stored already (by this version, when refreshing)
        if refresh:
            cur.execute("DELETE FROM citations WHERE sha256 = %s", (sha256,))
        if doc.citations:
            with cur.copy(f"COPY citations ({_CITATION_COLUMNS}) FROM STDIN") as copy:
                for order, citation in enumerate(doc.citations):
                    copy.write_row(_clean((*citation_values(sha256, citation), order)))
        return 1

    # --- reading ---------------------------------------------------------------

    def parsed_by(self, sha256s: Iterable[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        try:
            for chunk in chunks(sorted(set(sha256s)), _CHUNK):
                rows = self._db.execute(
                    "SELECT sha256, docparse_version FROM documents WHERE sha256 = ANY(%s)",
                    (chunk,),
                )
                out.update(rows.fetchall())
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        return out

    def count(self) -> tuple[int, int]:
        try:
            docs = self._db.execute("SELECT COUNT(*) FROM documents").fetchone()
            cits = self._db.execute("SELECT COUNT(*) FROM citations").fetchone()
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        return int(docs[0] if docs else 0), int(cits[0] if cits else 0)

    def documents(self) -> Iterator[DocumentRow]:
        query = (
            "SELECT sha256, file_name, doc_key, doc_type, number, symbol, date, issuer, title "
            'FROM documents ORDER BY sha256 COLLATE "C"'
        )
        for row in self._stream(query):
            yield DocumentRow(*row)

    def citations(self) -> Iterator[CitationRow]:
        query = (
            "SELECT sha256, key, grp, type, number, date, issuer, name, year, pinpoint, "
            "relation, in_footnote, location_kind, location_id, section_label, page "
            'FROM citations ORDER BY sha256 COLLATE "C", ord'
        )
        for row in self._stream(query):
            yield CitationRow(*row)

    def _stream(self, query: str) -> Iterator[tuple[Any, ...]]:
        # A server-side cursor: a library of millions of citations is read in slices,
        # never held whole in this process.
        try:
            conn = self._db
            name = f"docparse_{next(_cursor_names)}"
            with conn.transaction(), conn.cursor(name=name) as cur:
                cur.itersize = _FETCH
                cur.execute(query)  # type: ignore[arg-type]  # our own constants
                yield from cur
        except psycopg.Error as exc:
            raise self._fail(exc) from None

    def document(self, sha256: str) -> Document:
        try:
            row = self._db.execute("SELECT json FROM documents WHERE sha256 = %s", (sha256,))
            found = row.fetchone()
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        if found is None:
            raise LibraryError(f"no document {sha256} in library {self.location}")
        return Document.model_validate_json(found[0])

    # --- caches ------------------------------------------------------------------

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        try:
            for chunk in chunks(sorted(set(keys)), _CHUNK):
                rows = self._db.execute(
                    "SELECT text_sha256, vector FROM embeddings "
                    "WHERE model = %s AND text_sha256 = ANY(%s)",
                    (model, chunk),
                )
                for key, blob in rows:
                    out[key] = np.frombuffer(bytes(blob), dtype=np.float32)
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        return out

    def put_vectors(self, model: str, items: dict[str, np.ndarray]) -> None:
        rows = [(model, k, np.asarray(v, dtype=np.float32).tobytes())
                for k, v in sorted(items.items())]
        self._write(
            "INSERT INTO embeddings (model, text_sha256, vector) VALUES (%s, %s, %s) "
            "ON CONFLICT (model, text_sha256) DO UPDATE SET vector = excluded.vector",
            rows,
        )

    def get_tokens(self, keys: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        try:
            for chunk in chunks(sorted(set(keys)), _CHUNK):
                rows = self._db.execute(
                    "SELECT text_sha256, tokens FROM segments WHERE text_sha256 = ANY(%s)",
                    (chunk,),
                )
                for key, tokens in rows:
                    out[key] = tokens.split(" ") if tokens else []
        except psycopg.Error as exc:
            raise self._fail(exc) from None
        return out

    def put_tokens(self, items: dict[str, list[str]]) -> None:
        rows = [(k, " ".join(v).replace("\x00", "")) for k, v in sorted(items.items())]
        self._write(
            "INSERT INTO segments (text_sha256, tokens) VALUES (%s, %s) "
            "ON CONFLICT (text_sha256) DO UPDATE SET tokens = excluded.tokens",
            rows,
        )

    # --- the review tables' primitives (docparse.store.reviews) ---------------------

    def _rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            query = sql.replace("?", "%s")  # our own constants: no "?" inside a literal
            return list(self._db.execute(query, params).fetchall())  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise self._fail(exc) from None

    def _insert_id(self, sql: str, params: tuple[object, ...]) -> int:
        query = sql.replace("?", "%s") + " RETURNING id"
        try:
            row = self._db.execute(query, _clean(params)).fetchone()  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise LibraryError(
                f"cannot write to library {self.location}: {_one_line(exc)}"
            ) from None
        return int(row[0]) if row else 0

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        if not rows:
            return
        for attempt in range(_RETRIES):
            try:
                with self._db.transaction(), self._db.cursor() as cur:
                    cur.executemany(sql, rows)  # type: ignore[arg-type]  # our own constants
                return
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure) as exc:
                if attempt == _RETRIES - 1:
                    raise self._fail(exc) from None
            except psycopg.Error as exc:
                raise LibraryError(
                    f"cannot write to library {self.location}: {_one_line(exc)}"
                ) from None
