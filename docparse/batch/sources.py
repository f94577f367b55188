"""What a batch reads: files, folders (walked recursively) and glob patterns.

A glob is expanded here as well as by the shell, so a pattern quoted against the
shell's limit on arguments ("archive/**/*.pdf") works on an archive of any size.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

# What a folder contributes: the formats docparse reads. A file named on the command line
# is taken whatever its name (it fails alone, with its reason, if it is not a document).
DOCUMENT_SUFFIXES = frozenset({
    ".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
})


class SourceError(Exception):
    """A SOURCE that names nothing: no such file or folder, and no glob match."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    # Where its JSON goes under --out: the path below the folder it was found in, or its
    # name alone for a file named (or matched) by itself.
    relative: Path


def find_files(sources: list[str]) -> list[SourceFile]:
    """Every document the sources name, each once, in a stable order."""
    found: dict[Path, SourceFile] = {}
    for source in sources:
        matched = _expand(source)
        if not matched:
            raise SourceError(f"{source}: no such file or folder, and no file matches it")
        for path in matched:
            entries = _walk(path) if path.is_dir() else [SourceFile(path, Path(path.name))]
            for entry in entries:
                found.setdefault(entry.path.resolve(), entry)
    return sorted(found.values(), key=lambda f: str(f.path))


def _expand(source: str) -> list[Path]:
    path = Path(source).expanduser()
    if path.exists():
        return [path]
    if glob.has_magic(source):
        return [Path(p) for p in sorted(glob.glob(os.path.expanduser(source), recursive=True))]
    return []


def _walk(folder: Path) -> list[SourceFile]:
    out = []
    for root, dirs, files in os.walk(folder):
        # Hidden folders and files are a tool's own (.git, a batch's .tmp outputs).
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in DOCUMENT_SUFFIXES:
                out.append(SourceFile(path, path.relative_to(folder)))
    return out
