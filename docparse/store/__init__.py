"""Storage: the local library of parsed documents (SQLite)."""

from docparse.store.library import Library, LibraryError, default_path

__all__ = ["Library", "LibraryError", "default_path"]
