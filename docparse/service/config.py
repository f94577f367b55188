"""Settings of one running service, and where it keeps its files.

The service writes only inside one library folder: the SQLite database, the
uploaded files by content hash (files/<sha256>) and its scratch space (tmp/,
uploads being received and the PDF copies the parser needs). `--library` may
name the folder or, as for the other library commands, the database file; the
folder is then the one that holds the file. A PostgreSQL library (a postgresql://
URL) has no folder of its own: its files go to the folder given with `--data`, or
to ~/.local/share/docparse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docparse.store.library import default_location, is_postgres, sqlite_path

DATABASE_NAME = "library.sqlite"
_DATABASE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
DATA_FOLDER = Path.home() / ".local" / "share" / "docparse"

# A SQLite file, or the URL of a PostgreSQL library.
Database = Path | str


def resolve_library(
    location: Path | str | None, data: Path | None = None
) -> tuple[Path, Database]:
    """(folder, database) for a --library value; None means the default library. `data`
    overrides the folder (where uploads are kept)."""
    if location is None:
        location = default_location()
    if is_postgres(location):
        return (data or DATA_FOLDER).expanduser(), str(location)
    path = sqlite_path(location)
    if path.is_file() or (not path.is_dir() and path.suffix.lower() in _DATABASE_SUFFIXES):
        return (data or path.parent), path
    return (data or path), path / DATABASE_NAME


@dataclass(frozen=True)
class ServiceConfig:
    folder: Path
    database: Database
    max_mb: float = 200.0
    max_pages: int = 2000
    parse_timeout_s: float = 120.0
    workers: int = 2
    entities: bool = True  # the web page shows entities and figures, so parse them by default
    coverage_timeout_s: float = 300.0  # the first check loads the segmenter and the embedder

    @property
    def files(self) -> Path:
        return self.folder / "files"

    @property
    def tmp(self) -> Path:
        return self.folder / "tmp"

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    def make_dirs(self) -> None:
        for folder in (self.folder, self.files, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
