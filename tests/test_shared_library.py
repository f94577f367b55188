"""The commands over a shared PostgreSQL library: `check` (documents by id, and its
embedding cache in the database) and `serve` (uploads stored, listed, graphed). The
SQLite library is covered by test_coverage and test_service_api."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docparse.cli import app
from docparse.store.library import Library
from tests.libraries import raw_sql
from tests.test_coverage import PLAN, REPORT

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from docparse.service.app import create_app

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
TEXT_PLAN = ROOT / "corpus/text/002_4e8fcf440fea68e7.txt"  # Kế hoạch 116/KH-UBND


def test_check_reads_documents_and_caches_embeddings_in_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    plan, report = tmp_path / "plan.txt", tmp_path / "report.txt"
    plan.write_text(PLAN, "utf-8")
    report.write_text(REPORT, "utf-8")
    runner = CliRunner()
    added = runner.invoke(app, ["add", str(plan), str(report), "--library", postgres_url])
    assert added.exit_code == 0, added.output
    with Library(postgres_url) as library:
        ids = {row.file_name: row.sha256 for row in library.documents()}
    result = runner.invoke(app, ["check", ids["plan.txt"][:12], ids["report.txt"],
                                 "--format", "json", "--library", postgres_url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["total"] == 3
    assert raw_sql(postgres_url, "SELECT COUNT(*) FROM embeddings")[0][0] > 0
    assert raw_sql(postgres_url, "SELECT COUNT(*) FROM segments")[0][0] > 0


@pytest.fixture
def client(postgres_url: str, tmp_path: Path) -> Iterator[TestClient]:
    app_ = create_app(postgres_url, data=tmp_path / "data", workers=1, entities=False)
    with TestClient(app_) as test_client:
        yield test_client


def test_serve_on_postgres(client: TestClient, postgres_url: str, tmp_path: Path) -> None:
    data = TEXT_PLAN.read_bytes()
    first = client.post("/api/v1/documents", files={"file": (TEXT_PLAN.name, data)})
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/documents", files={"file": ("copy.txt", data)})
    assert again.status_code == 200 and again.json()["created"] is False
    doc_id = first.json()["id"]
    assert (tmp_path / "data" / "files" / doc_id).read_bytes() == data  # uploads in --data
    assert client.get("/api/v1/documents").json()["total"] == 1
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 200
    cites = client.get(f"/api/v1/documents/{doc_id}/citations").json()
    assert cites["total"] > 0
    assert client.get("/api/v1/graph").status_code == 200
    assert client.get("/api/v1/health").json()["documents"] == 1
    with Library(postgres_url) as library:  # the same library, seen from outside
        assert library.count()[0] == 1
