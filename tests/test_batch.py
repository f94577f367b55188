"""`docparse batch`: finding the files, one document's work, the local pool (timeouts and
crashes charged to their document alone), resuming, the report and the exit code, a batch
killed and restarted, and a real two-worker Dask cluster. Libraries of both backends."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docparse import __version__
from docparse.batch import (
    BatchOptions,
    Item,
    LocalPool,
    SourceError,
    Target,
    find_files,
    process_file,
    run_batch,
)
from docparse.batch.run import MANIFEST
from docparse.cli import app
from docparse.store.library import CitationRow, DocumentRow, Library
from tests.batch_work import hang_or_crash
from tests.libraries import raw_sql

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpus/text").glob("*.txt"))
DOCX = sorted((ROOT / "corpus/docx").glob("*.docx"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Four text documents in two folders, a copy of one, a broken PDF, and noise."""
    root = tmp_path / "archive"
    (root / "2025").mkdir(parents=True)
    (root / "2026" / "q1").mkdir(parents=True)
    for i, source in enumerate(TEXTS[:4]):
        folder = root / ("2025" if i < 2 else "2026/q1")
        shutil.copy(source, folder / source.name)
    shutil.copy(TEXTS[0], root / "2026" / "copy.txt")  # same content as 2025/000_...
    (root / "2026" / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 50)
    (root / "notes.json").write_text("{}", "utf-8")  # not a document format: not taken
    (root / ".hidden").mkdir()
    shutil.copy(TEXTS[4], root / ".hidden" / "x.txt")  # hidden: a tool's own
    return root


def snapshot(location: str) -> tuple[list[DocumentRow], list[CitationRow], dict[str, str]]:
    """Everything a library holds, in a comparable form."""
    with Library(location) as library:
        documents = list(library.documents())
        citations = list(library.citations())
        jsons = {d.sha256: library.document(d.sha256).model_dump_json() for d in documents}
    return documents, citations, jsons


# --- finding the files ------------------------------------------------------------------


@pytest.mark.parametrize(("sources", "expected"), [
    # what each found file's JSON is named after under --out, in the order found
    (["archive"], ["2025/000", "2025/001", "2026/broken.pdf", "2026/copy.txt",
                   "2026/q1/002", "2026/q1/003"]),
    (["archive/2026/q1"], ["002", "003"]),  # below the folder given
    (["archive/2026/copy.txt", "archive/notes.json"], ["copy.txt", "notes.json"]),
    (["archive/**/0*.txt"], ["000", "001", "002", "003"]),  # matched files: their names
    (["archive/2025", "archive/2025/*.txt"], ["000", "001"]),  # each file once
])
def test_find_files(sources: list[str], expected: list[str], archive: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive.parent)
    found = [str(f.relative) for f in find_files(sources)]
    assert len(found) == len(expected), found
    assert all(name.startswith(prefix) for name, prefix in zip(found, expected, strict=True))


def test_a_source_that_names_nothing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        find_files([str(tmp_path / "nope"), str(tmp_path)])
    with pytest.raises(SourceError):
        find_files([str(tmp_path / "*.pdf")])


# --- one document ------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "status", "code"), [
    (TEXTS[1].read_bytes(), "added", ""),
    (b"%PDF-1.7\n" + b"\x00" * 50, "failed", "CORRUPT"),
    (b"", "failed", "EMPTY"),
    ("văn bản".encode("utf-16"), "failed", "ENCODING"),
], ids=["text", "corrupt-pdf", "empty", "utf-16"])
def test_process_file(content: bytes, status: str, code: str, library_location: str,
                      tmp_path: Path) -> None:
    path = tmp_path / ("doc.pdf" if content.startswith(b"%PDF") else "doc.txt")
    path.write_bytes(content)
    item = Item(str(path), "", len(content), str(tmp_path / "out" / "doc.json"))
    result = process_file(item, Target(library=library_location, out=str(tmp_path / "out")))
    assert (result.status, result.code) == (status, code)
    if status == "failed":
        assert "doc." in result.message  # the message names the file
    with Library(library_location) as library:
        assert library.count()[0] == (1 if status == "added" else 0)
    assert (tmp_path / "out" / "doc.json").exists() == (status == "added")


def test_a_parser_bug_is_a_failure_with_its_place(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("docparse.batch.work.parse_path", broken)
    result = process_file(Item(str(TEXTS[0]), "", 1), Target(out=str(tmp_path)))
    assert result.status == "failed" and result.code == "INTERNAL"
    assert "KeyError: 'boom' (at " in result.message and "test_batch.py" in result.message


# --- the local pool -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_hung_or_crashing_document_fails_alone(tmp_path: Path) -> None:
    names = ["hang.txt", "a.txt", "crash.txt", "b.txt", "c.txt"]
    for name, source in zip(names, TEXTS, strict=False):
        shutil.copy(source, tmp_path / name)
    items = [Item(str(tmp_path / n), "", 1, None) for n in names]
    pool = LocalPool(2, timeout_s=3, work=hang_or_crash)
    try:
        results = {Path(r.path).name: r for r in pool.run(items, Target(out=str(tmp_path)))}
    finally:
        pool.close()
    assert results["hang.txt"].code == "TIMEOUT"
    assert results["crash.txt"].code == "WORKER_CRASH"
    others = {n: r.status for n, r in results.items() if n in ("a.txt", "b.txt", "c.txt")}
    assert others == {"a.txt": "unchanged", "b.txt": "unchanged", "c.txt": "unchanged"}


# --- a batch -------------------------------------------------------------------------------


def test_batch_stores_skips_and_reports(archive: Path, library_location: str) -> None:
    options = BatchOptions(library=library_location)
    pool = LocalPool(2)  # one pool for the three runs: each would start its own
    try:
        first = run_batch([str(archive)], options, runner=pool)
        assert (first.files, first.added, first.skipped, first.failed) == (6, 4, 1, 1)
        (failure,) = first.failures
        assert failure["file"] == str(archive / "2026" / "broken.pdf")
        assert failure["code"] == "CORRUPT"
        (line,) = first.summary_lines()
        assert line.startswith("CORRUPT: 1 file (first: ") and "broken.pdf" in line
        with Library(library_location) as library:
            assert library.count()[0] == 4
        # Again: only the failed document is tried again.
        second = run_batch([str(archive)], options, runner=pool)
        assert (second.added, second.skipped, second.failed) == (0, 5, 1)
        # A document stored by another docparse version is done again (and only that one).
        sha = raw_sql(library_location, "SELECT sha256 FROM documents ORDER BY sha256")[0][0]
        raw_sql(library_location, "UPDATE documents SET docparse_version = '0.0.1' "
                                  "WHERE sha256 = ?", (sha,))
        third = run_batch([str(archive)], options, runner=pool)
        assert (third.added, third.skipped, third.failed) == (1, 4, 1)
    finally:
        pool.close()
    with Library(library_location) as library:
        assert library.count()[0] == 4
        assert set(library.parsed_by([sha]).values()) == {__version__}


def test_batch_to_a_folder_mirrors_the_sources(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for folder, source in (("other", TEXTS[1]), ("other2", TEXTS[5])):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "copy.txt")
    sources = [str(archive), str(tmp_path / "other/copy.txt"), str(tmp_path / "other2/copy.txt")]
    pool = LocalPool(2)
    try:
        report = run_batch(sources, BatchOptions(out=out), runner=pool)
        assert (report.added, report.failed) == (7, 1)
        written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
        # Two files named copy.txt given on their own: the second keeps its sha256's start.
        renamed = f"copy.txt.{hashlib.sha256(TEXTS[5].read_bytes()).hexdigest()[:12]}.json"
        assert written == sorted([
            f"2025/{TEXTS[0].name}.json", f"2025/{TEXTS[1].name}.json", "2026/copy.txt.json",
            f"2026/q1/{TEXTS[2].name}.json", f"2026/q1/{TEXTS[3].name}.json",
            "copy.txt.json", renamed,
        ])
        doc = json.loads((out / "2026/copy.txt.json").read_text("utf-8"))
        assert doc["source"]["file_name"] == "copy.txt"
        (out / "2025" / f"{TEXTS[0].name}.json").unlink()
        again = run_batch(sources, BatchOptions(out=out), runner=pool)
    finally:
        pool.close()
    assert (again.added, again.skipped) == (1, 6)  # only the JSON that went missing
    assert len((out / MANIFEST).read_text("utf-8").splitlines()) == 8


def test_cli_batch_report_and_exit_code(archive: Path, library_location: str,
                                        tmp_path: Path) -> None:
    runner = CliRunner()
    report = tmp_path / "report.json"
    args = ["batch", str(archive / "2025"), str(archive / "2026"),
            "--library", library_location, "-j", "2", "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "4 added" in result.stdout and "1 failed" in result.stdout
    assert "CORRUPT: 1 file" in result.stdout
    data = json.loads(report.read_text("utf-8"))
    assert data["failures_by_code"] == {"CORRUPT": 1} and data["failed"] == 1
    assert data["failures"][0]["file"].endswith("broken.pdf")
    (archive / "2026" / "broken.pdf").unlink()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "0 added" in result.stdout and "5 skipped" in result.stdout
    missing = runner.invoke(app, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path)])
    assert missing.exit_code == 3 and "no such file" in missing.output


@pytest.mark.slow
def test_a_killed_batch_restarted_ends_as_an_uninterrupted_one(
    library_location: str, tmp_path: Path
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for source in [*TEXTS, *DOCX]:
        shutil.copy(source, folder / source.name)
    total = len(TEXTS) + len(DOCX)
    reference = str(tmp_path / "reference.sqlite")
    assert run_batch([str(folder)], BatchOptions(library=reference, jobs=2)).added == total

    command = [sys.executable, "-m", "docparse", "batch", str(folder),
               "--library", library_location, "-j", "1",
               "--report", str(tmp_path / "report.json")]
    # Its own session, so that the kill takes its worker too, as a kill of a job would.
    batch = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 3 and batch.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            stored = raw_sql(library_location, "SELECT COUNT(*) FROM documents")[0][0]
        except Exception:  # not created yet, or locked by a writer
            continue
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    assert 3 <= stored < total, "the batch was not killed half-way"

    restarted = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert restarted.returncode == 0, restarted.stderr
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["skipped"] >= stored and data["added"] + data["skipped"] == total
    assert snapshot(library_location) == snapshot(reference)


# --- a Dask cluster ----------------------------------------------------------------------


@pytest.mark.slow
def test_cli_batch_on_a_local_cluster(archive: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, [
        "batch", str(archive), "--library", str(tmp_path / "lib.sqlite"),
        "--cluster", "local", "-j", "2", "--report", str(report)])
    assert result.exit_code == 1, result.output  # the broken PDF
    data = json.loads(report.read_text("utf-8"))
    assert data["runner"] == "a local cluster: 2 workers, 2 threads"
    assert (data["added"], data["skipped"], data["failed"]) == (4, 1, 1)


@pytest.mark.slow
def test_batch_on_a_running_cluster_of_two_workers(
    archive: Path, library_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    # Paths relative to here: the workers, which run elsewhere, must get them absolute.
    monkeypatch.chdir(archive.parent)
    library = library_location if "://" in library_location else "lib.sqlite"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        workers: set[str] = set()
        options = BatchOptions(library=library, out=Path("out"),
                               cluster=cluster.scheduler_address)
        report = run_batch(["archive"], options,
                           on_result=lambda r: workers.add(r.worker) if r.worker else None)
    assert report.runner.endswith("2 workers, 2 threads")
    # The copy is parsed too, for its own JSON (the library keeps one of the two).
    assert (report.added, report.skipped, report.failed) == (5, 0, 1)
    assert len(workers) == 2  # both workers parsed
    with Library(library) as stored:
        assert stored.count()[0] == 4
    assert len(list(Path("out").rglob("*.json"))) == 5  # a JSON for the copy too
