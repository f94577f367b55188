"""The library: parsed documents, their citations and the linking caches, behind one interface.

Two backends keep it: one SQLite file (the default, `docparse.store.sqlite`) and a shared
PostgreSQL database for teams and clusters (`docparse.store.postgres`). The library's
location picks the backend: a path or `sqlite:///path` is SQLite, `postgresql://...` is
PostgreSQL. `Library(location)` opens whichever it names, so graph, link, service and cli
hold a `Library` and never know which one.

Both backends behave alike: documents are keyed by the sha256 of their source file, so
adding the same file twice changes nothing; a document and its citations are written in
one transaction; each stored document records the docparse version that wrote it, so a
batch can tell what is done; and the caches of `docparse check` (embeddings and word
segmentations, keyed by the sha256 of the exact text) live beside the documents, as do
the review loop's coverage runs, decisions and fitted weights (`docparse.store.reviews`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from docparse.enrich.citations.keys import document_key, split_symbol, types_data
from docparse.model import Citation, Document
from docparse.store.reviews import ReviewTables

if TYPE_CHECKING:
    import numpy as np

ENV_VAR = "DOCPARSE_LIBRARY"
SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# Where a location may hold a Path (the SQLite file) or a URL string.
Location = str | os.PathLike[str]


class LibraryError(Exception):
    """A library problem the user can act on; the message is one line."""


def is_postgres(location: Location | None) -> bool:
    return isinstance(location, str) and location.startswith(POSTGRES_PREFIXES)


def default_location() -> str | Path:
    """$DOCPARSE_LIBRARY (a path or a URL), else ~/.local/share/docparse/library.sqlite."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env if is_postgres(env) else sqlite_path(env)
    return Path.home() / ".local" / "share" / "docparse" / "library.sqlite"


def default_path() -> Path:
    """The default SQLite file: $DOCPARSE_LIBRARY when it names one, else the usual place."""
    location = default_location()
    if isinstance(location, Path):
        return location
    return Path.home() / ".local" / "share" / "docparse" / "library.sqlite"


def sqlite_path(location: Location) -> Path:
    """The file a SQLite location names (`sqlite:///rel`, `sqlite:////abs` or a plain path)."""
    text = os.fspath(location)
    if text.startswith(SQLITE_PREFIX):
        text = text[len(SQLITE_PREFIX):]
    return Path(text).expanduser()


def describe(location: Location | None) -> str:
    """The location for messages: a path, or a URL without its password."""
    if location is None:
        location = default_location()
    if is_postgres(location):
        from docparse.store.postgres import redact

        return redact(str(location))
    return str(location)


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


class Library(ReviewTables):
    """An open library. Use as a context manager, or call close().

    `Library(location)` returns the backend the location names (as `pathlib.Path()`
    returns a flavour of path), so every caller that opened a SQLite file by path keeps
    working and takes a PostgreSQL URL as well. `create=False` refuses to make a new
    library (the read commands: a typo must not create an empty one).
    """

    location: str  # for messages: the file, or the URL without its password
    # Every method below that raises NotImplementedError is one each backend implements.
    # (Not an ABC: type checkers refuse `Library(...)` on an abstract class, and that call
    # is the point of __new__.)

    def __new__(cls, location: Location | None = None, *, create: bool = True) -> Library:
        if cls is Library:
            target = location if location is not None else default_location()
            if is_postgres(target):
                from docparse.store.postgres import PostgresLibrary

                cls = PostgresLibrary
            else:
                from docparse.store.sqlite import SqliteLibrary

                cls = SqliteLibrary
        return object.__new__(cls)

    def __init__(self, location: Location | None = None, *, create: bool = True) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- documents -------------------------------------------------------------

    def has(self, sha256: str) -> bool:
        raise NotImplementedError

    def add(self, doc: Document) -> bool:
        """Store a document and its citations; False (and no change) if already there."""
        return self.add_many([doc]) == 1

    def add_many(self, docs: list[Document], *, refresh: bool = False) -> int:
        """Store documents in one transaction; returns how many were written.

        A document already stored is left alone, unless `refresh` is set and it was
        written by another docparse version: then it and its citations are replaced
        (a batch re-run after an upgrade redoes what the old version parsed).
        """
        raise NotImplementedError

    def parsed_by(self, sha256s: Iterable[str]) -> dict[str, str | None]:
        """{sha256: docparse version that stored it (None before versions were kept)} for
        those of `sha256s` in the library."""
        raise NotImplementedError

    def count(self) -> tuple[int, int]:
        """(documents, citations)."""
        raise NotImplementedError

    def documents(self) -> Iterator[DocumentRow]:
        """Every document's row, by sha256."""
        raise NotImplementedError

    def citations(self) -> Iterator[CitationRow]:
        """Every citation, by document and then in the document's order."""
        raise NotImplementedError

    def document(self, sha256: str) -> Document:
        raise NotImplementedError

    # --- caches of `docparse check` ---------------------------------------------

    def get_vectors(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def put_vectors(self, model: str, items: dict[str, np.ndarray]) -> None:
        raise NotImplementedError

    def get_tokens(self, keys: list[str]) -> dict[str, list[str]]:
        raise NotImplementedError

    def put_tokens(self, items: dict[str, list[str]]) -> None:
        raise NotImplementedError


# --- values both backends store -------------------------------------------------------


def document_values(doc: Document, version: str) -> tuple[object, ...]:
    """The documents row: sha256, file_name, doc_key, doc_type, number, symbol, date,
    issuer, title, json, docparse_version."""
    meta = doc.metadata
    return (
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
        version,
    )


def citation_values(sha256: str, c: Citation) -> tuple[object, ...]:
    """The citations row, in the column order both backends declare."""
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


def chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
