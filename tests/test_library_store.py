"""The library store, on both backends (SQLite, and PostgreSQL when a server is given):
idempotent adds, durable reads, refresh by version, caches, versioned schemas; and for
the SQLite file, corruption reported, never replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from docparse import __version__
from docparse.cli import app
from docparse.store.library import (
    ENV_VAR,
    Library,
    LibraryError,
    default_location,
    default_path,
    describe,
)
from docparse.store.sqlite import SCHEMA
from tests.libraries import is_postgres, make_doc, raw_sql

PLAN_TEXT = (
    "UBND TỈNH LẠNG SƠN\n\nSố: 116/KH-UBND\n\nKẾ HOẠCH\n\nVề việc thử\n\n"
    "Thực hiện Nghị quyết số 168/NQ-CP ngày 11/10/2023 của Chính phủ; "
    "UBND tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\nCăn cứ Luật Đất đai năm 2024.\n"
)


# --- both backends ----------------------------------------------------------------------


def test_location_picks_the_backend(library_location: str) -> None:
    with Library(library_location) as library:
        expected = "PostgresLibrary" if is_postgres(library_location) else "SqliteLibrary"
        assert type(library).__name__ == expected
        assert isinstance(library, Library)


def test_add_is_idempotent(library_location: str) -> None:
    doc = make_doc("a" * 64, cites=("1/KH-UBND@2024", "27-CT/TW"))
    with Library(library_location) as library:
        assert library.add(doc) is True
        assert library.add(doc) is False
        assert library.count() == (1, 2)
    with Library(library_location) as library:  # reopened: durable, still once
        assert library.add(doc) is False
        assert library.count() == (1, 2)
        assert library.has("a" * 64) and not library.has("b" * 64)
        assert library.document("a" * 64) == doc
        (row,) = list(library.documents())
        assert row.doc_key == "116/KH-UBND@2025"
        assert {c.key for c in library.citations()} == {"1/KH-UBND@2024", "27-CT/TW"}
        with pytest.raises(LibraryError, match="no document"):
            library.document("b" * 64)


def test_add_many_counts_only_new(library_location: str) -> None:
    with Library(library_location) as library:
        docs = [make_doc(c * 64) for c in "abc"]
        assert library.add_many(docs) == 3
        assert library.add_many([*docs, make_doc("d" * 64)]) == 1
        assert library.add_many([make_doc("e" * 64)] * 2) == 1  # the same one twice at once
        assert library.count() == (5, 0)


def test_documents_and_citations_come_in_a_stable_order(library_location: str) -> None:
    keys = tuple(f"{n}/KH-UBND@2024" for n in range(12, 0, -1))  # not in sorted order
    with Library(library_location) as library:
        library.add_many([make_doc(c * 64, cites=keys) for c in "cab"])
        assert [r.sha256[0] for r in library.documents()] == ["a", "b", "c"]
        rows = list(library.citations())
    assert [r.sha256[0] for r in rows] == ["a"] * 12 + ["b"] * 12 + ["c"] * 12
    assert tuple(r.key for r in rows[:12]) == keys  # each document's own order


def test_refresh_replaces_only_what_another_version_stored(library_location: str) -> None:
    sha = "a" * 64
    first = make_doc(sha, cites=("1/KH-UBND@2024", "27-CT/TW"))
    second = make_doc(sha, number="117", cites=("5/KH-UBND@2024",))
    with Library(library_location) as library:
        assert library.add(first)
        assert library.parsed_by([sha, "b" * 64]) == {sha: __version__}
        assert library.add_many([second], refresh=True) == 0  # same version: done already
        assert library.document(sha) == first
    raw_sql(library_location, "UPDATE documents SET docparse_version = ? WHERE sha256 = ?",
            ("0.0.1", sha))
    with Library(library_location) as library:
        assert library.parsed_by([sha]) == {sha: "0.0.1"}
        assert library.add(second) is False  # a plain add never replaces
        assert library.add_many([second], refresh=True) == 1
        assert library.document(sha) == second
        assert library.count() == (1, 1)
        assert [c.key for c in library.citations()] == ["5/KH-UBND@2024"]
        assert library.parsed_by([sha]) == {sha: __version__}


def test_text_with_nul_is_stored_and_read_back_whole(library_location: str) -> None:
    doc = make_doc("a" * 64, title="Về việc\x00 thử", cites=("27-CT/TW",))
    with Library(library_location) as library:
        assert library.add(doc)
        assert library.document("a" * 64) == doc  # the JSON keeps it


def test_caches_round_trip(library_location: str) -> None:
    with Library(library_location) as library:
        library.put_vectors("m", {"k": np.arange(3, dtype=np.float32),
                                  "j": np.ones(2, dtype=np.float32)})
        library.put_vectors("m", {"k": np.full(3, 7, dtype=np.float32)})  # replaced
        library.put_tokens({"k": ["tài_sản", "công"], "e": []})
        vectors = library.get_vectors("m", ["k", "j", "x"])
        assert sorted(vectors) == ["j", "k"] and vectors["k"].tolist() == [7.0, 7.0, 7.0]
        assert library.get_vectors("other", ["k"]) == {}
        assert library.get_tokens(["k", "e", "x"]) == {"k": ["tài_sản", "công"], "e": []}
        assert library.count() == (0, 0)  # the caches are not documents


def test_read_commands_do_not_create_a_library(library_location: str) -> None:
    with pytest.raises(LibraryError, match="no library"):
        Library(library_location, create=False)
    result = CliRunner().invoke(app, ["graph", "stats", "--library", library_location])
    assert result.exit_code == 13
    if is_postgres(library_location):
        assert raw_sql(library_location, "SELECT to_regclass('documents')") == [(None,)]
    else:
        assert not Path(library_location).exists()


def test_cli_add_twice_changes_nothing(library_location: str, tmp_path: Path) -> None:
    text = tmp_path / "plan.txt"
    text.write_text(PLAN_TEXT, "utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["add", str(text), "--library", library_location])
    assert first.exit_code == 0, first.output
    assert "added" in first.output
    assert "password" not in first.output
    with Library(library_location) as lib:
        counts = lib.count()
    assert counts[0] == 1 and counts[1] >= 2
    second = runner.invoke(app, ["add", str(text), "--library", library_location])
    assert second.exit_code == 0
    assert "unchanged" in second.output
    with Library(library_location) as lib:
        assert lib.count() == counts


def test_library_from_the_environment(library_location: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, library_location)
    with Library() as library:
        library.add(make_doc("a" * 64))
    with Library(library_location) as library:
        assert library.count() == (1, 0)


# --- locations ---------------------------------------------------------------------------


def test_default_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite"))
    assert default_path() == tmp_path / "env.sqlite"
    with Library() as library:
        assert library.location == str(tmp_path / "env.sqlite")
    monkeypatch.setenv(ENV_VAR, "postgresql://team@db.example/docparse")
    assert default_location() == "postgresql://team@db.example/docparse"
    assert default_path().name == "library.sqlite"  # a URL is not a file
    monkeypatch.delenv(ENV_VAR)
    assert default_path().name == "library.sqlite"


@pytest.mark.parametrize(("given", "file"), [
    ("lib.sqlite", "lib.sqlite"),
    ("sqlite:///lib.sqlite", "lib.sqlite"),
    ("sqlite:///sub/lib.db", "sub/lib.db"),
])
def test_sqlite_locations(given: str, file: str, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Library(given).close()
    assert (tmp_path / file).is_file()


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://team:s3cret@db.example:5433/lib", "postgresql://team@db.example:5433/lib"),
    ("postgres://db.example/lib?sslmode=require", "postgresql://db.example/lib"),
    ("postgresql:///lib", "postgresql://localhost/lib"),
])
def test_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert describe(url) == shown


def test_unreachable_server_is_one_line_and_exit_13() -> None:
    url = "postgresql://nobody:s3cret@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(LibraryError, match="cannot connect") as caught:
        Library(url)
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)
    result = CliRunner().invoke(app, ["graph", "stats", "--library", url])
    assert result.exit_code == 13 and "Traceback" not in result.output


# --- the SQLite file ---------------------------------------------------------------------


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


# The schema of the first release, as its files are on users' disks.
_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, doc_key TEXT,
    doc_type TEXT, number TEXT, symbol TEXT, date TEXT, issuer TEXT, title TEXT,
    json TEXT NOT NULL);
CREATE TABLE citations (sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    id TEXT NOT NULL, key TEXT NOT NULL, grp TEXT NOT NULL, type TEXT, number TEXT, date TEXT,
    issuer TEXT, name TEXT, year INTEGER, pinpoint TEXT, relation TEXT NOT NULL,
    in_footnote INTEGER NOT NULL, location_kind TEXT NOT NULL, location_id TEXT NOT NULL,
    section_label TEXT, page INTEGER, raw TEXT NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (sha256, id));
INSERT INTO meta VALUES ('schema', '1');
"""


def test_schema_1_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    doc = make_doc("a" * 64, cites=("27-CT/TW",))
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA_1)
    conn.execute("INSERT INTO documents VALUES (?, 'aaaa.txt', NULL, NULL, NULL, NULL, NULL, "
                 "NULL, NULL, ?)", ("a" * 64, doc.model_dump_json()))
    conn.commit()
    conn.close()
    with Library(path) as library:
        assert library.document("a" * 64) == doc
        assert library.parsed_by(["a" * 64]) == {"a" * 64: None}  # version unknown: redo
        library.put_tokens({"k": ["a"]})
        assert library.add_many([doc], refresh=True) == 1
        assert library.parsed_by(["a" * 64]) == {"a" * 64: __version__}
    assert raw_sql(str(path), "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA),)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Library(path).close()
    raw_sql(str(path), "UPDATE meta SET value = '9' WHERE key = 'schema'")
    with pytest.raises(LibraryError, match="newer docparse"):
        Library(path)


def test_cli_reports_corrupt_library(tmp_path: Path) -> None:
    library = tmp_path / "lib.sqlite"
    library.write_bytes(b"garbage" * 1000)
    result = CliRunner().invoke(app, ["graph", "stats", "--library", str(library)])
    assert result.exit_code == 13
    assert "Traceback" not in result.output
    assert library.read_bytes() == b"garbage" * 1000


# --- the PostgreSQL database -------------------------------------------------------------


def test_postgres_schema_is_versioned_and_upgraded(postgres_url: str) -> None:
    import psycopg

    from docparse.store.postgres_schema import LATEST, migrate

    with psycopg.connect(postgres_url, autocommit=True) as conn:  # as the first release left it
        assert migrate(conn, create=True, where="test", upto=1) == 0
    assert raw_sql(postgres_url, "SELECT version FROM schema_version") == [(1,)]
    assert raw_sql(postgres_url, "SELECT to_regclass('embeddings')") == [(None,)]
    with Library(postgres_url) as library:  # opening upgrades it, step by step
        library.put_tokens({"k": ["a"]})
    versions = raw_sql(postgres_url, "SELECT version, docparse_version FROM schema_version "
                                     "ORDER BY version")
    assert versions == [(v, __version__) for v in range(1, LATEST + 1)]
    raw_sql(postgres_url, "INSERT INTO schema_version VALUES (99, 'future', '9.0', now())")
    with pytest.raises(LibraryError, match="newer than this docparse"):
        Library(postgres_url)


def test_postgres_foreign_tables_are_refused(postgres_url: str) -> None:
    raw_sql(postgres_url, "CREATE TABLE documents (id INTEGER)")
    with pytest.raises(LibraryError, match="not a docparse library"):
        Library(postgres_url)
