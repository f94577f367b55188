"""The library store: idempotent adds, durable reads, corruption reported never replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docparse.cli import app
from docparse.model import Citation, Document, Location, Metadata, Source
from docparse.store.library import ENV_VAR, Library, LibraryError, default_path


def make_doc(sha: str, number: str | None = "116", cites: tuple[str, ...] = ()) -> Document:
    citations = [
        Citation(id=f"c{i + 1}", raw=key, span=(0, len(key)), key=key, number=key.split("@")[0],
                 type="Kế hoạch", relation="implements",
                 location=Location(kind="paragraph", id="p1", section_label="I", page=1))
        for i, key in enumerate(cites)
    ]
    return Document(
        source=Source(file_name=f"{sha[:4]}.txt", sha256=sha, format="text", size_bytes=10),
        metadata=Metadata(number=number, symbol="KH-UBND", date="2025-04-21",
                          doc_type="Kế hoạch"),
        citations=citations,
    )


def test_add_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    doc = make_doc("a" * 64, cites=("1/KH-UBND@2024", "27-CT/TW"))
    with Library(path) as library:
        assert library.add(doc) is True
        assert library.add(doc) is False
        assert library.count() == (1, 2)
    with Library(path) as library:  # reopened: durable, still once
        assert library.add(doc) is False
        assert library.count() == (1, 2)
        assert library.has("a" * 64)
        stored = library.document("a" * 64)
        assert stored == doc
        (row,) = list(library.documents())
        assert row.doc_key == "116/KH-UBND@2025"
        assert {c.key for c in library.citations()} == {"1/KH-UBND@2024", "27-CT/TW"}


def test_add_many_counts_only_new(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite") as library:
        docs = [make_doc(c * 64) for c in "abc"]
        assert library.add_many(docs) == 3
        assert library.add_many([*docs, make_doc("d" * 64)]) == 1
        assert library.count() == (4, 0)


def test_garbage_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    junk = b"this is not a database\x00" * 100
    path.write_bytes(junk)
    with pytest.raises(LibraryError, match="not a readable SQLite database"):
        Library(path)
    assert path.read_bytes() == junk


def test_damaged_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite"
    with Library(path) as library:
        library.add_many([make_doc(f"{i:064x}", cites=("27-CT/TW",) * 3) for i in range(200)])
    data = bytearray(path.read_bytes())
    # Overwrite the middle pages (b-tree pages of the tables) with noise.
    page = 4096
    for offset in range(2 * page, min(len(data), 6 * page)):
        data[offset] = (offset * 31) % 251
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(LibraryError):
        Library(path)
    assert path.read_bytes() == before


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="not a docparse library"):
        Library(path)


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite"))
    assert default_path() == tmp_path / "env.sqlite"
    with Library() as library:
        assert library.path == tmp_path / "env.sqlite"
    monkeypatch.delenv(ENV_VAR)
    assert default_path().name == "library.sqlite"


def test_cli_add_twice_changes_nothing(tmp_path: Path) -> None:
    text = tmp_path / "plan.txt"
    text.write_text(
        "UBND TỈNH LẠNG SƠN\n\nSố: 116/KH-UBND\n\nKẾ HOẠCH\n\nVề việc thử\n\n"
        "Thực hiện Nghị quyết số 168/NQ-CP ngày 11/10/2023 của Chính phủ; "
        "UBND tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\nCăn cứ Luật Đất đai năm 2024.\n",
        "utf-8",
    )
    library = tmp_path / "lib.sqlite"
    runner = CliRunner()
    first = runner.invoke(app, ["add", str(text), "--library", str(library)])
    assert first.exit_code == 0, first.output
    assert "added" in first.output
    with Library(library) as lib:
        counts = lib.count()
    second = runner.invoke(app, ["add", str(text), "--library", str(library)])
    assert second.exit_code == 0
    assert "unchanged" in second.output
    with Library(library) as lib:
        assert lib.count() == counts


def test_cli_reports_corrupt_library(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite"
    library.write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(app, ["graph", "stats", "--library", str(library)])
    assert result.exit_code == 13
    assert "Traceback" not in result.output
    assert library.read_bytes() == b"garbage" * 1000


def test_read_commands_do_not_create_a_library(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    with pytest.raises(LibraryError, match="no library"):
        Library(missing, create=False)
    result = CliRunner().invoke(app, ["graph", "stats", "--library", str(missing)])
    assert result.exit_code == 13
    assert not missing.exists()
