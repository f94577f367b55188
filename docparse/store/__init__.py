"""Storage: the library of parsed documents, in a SQLite file or a PostgreSQL database."""

from docparse.store.library import (
    Library,
    LibraryError,
    default_location,
    default_path,
    describe,
    is_postgres,
)

__all__ = [
    "Library",
    "LibraryError",
    "default_location",
    "default_path",
    "describe",
    "is_postgres",
]
