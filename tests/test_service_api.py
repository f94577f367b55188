"""The HTTP API (docparse serve): every endpoint, every error, and what it writes where."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("python_multipart")
from docx import Document as DocxDocument
from fastapi.testclient import TestClient
from pypdf import PdfReader, PdfWriter

from docparse.model import Document
from docparse.service.app import create_app
from docparse.service.pool import JobTimeout, ParsePool, PoolBusy, WorkerCrashed
from docparse.service.uploads import safe_name

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "corpus/pdf"
REPORT = PDF / "000_8f58422a01f4422a.pdf"  # Báo cáo, 16 pages
PLAN = PDF / "001_b6d80c2a7c03c546.pdf"  # Kế hoạch, 7 pages
PLAN_UBND = PDF / "002_4e8fcf440fea68e7.pdf"  # Kế hoạch with tasks, 6 pages
TEXT = ROOT / "corpus/text/002_4e8fcf440fea68e7.txt"


# --- inputs --------------------------------------------------------------------------


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(PLAN_UBND))
    writer.encrypt(user_password="secret", owner_password="owner")
    return pdf_bytes(writer)


def scanned_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return pdf_bytes(writer)


def long_pdf(copies: int = 3) -> bytes:
    """A PDF that takes seconds to parse: the corpus report, several times over."""
    writer = PdfWriter()
    for _ in range(copies):
        writer.append(PdfReader(REPORT))
    return pdf_bytes(writer)


def docx_bytes() -> bytes:
    doc = DocxDocument()
    for line in ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 12/KH-UBND", "KẾ HOẠCH",
                 "Thực hiện Kế hoạch số 116/KH-UBND ngày 21/4/2025 của UBND tỉnh",
                 "I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm thực hiện nghiêm túc."):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def multipart(filename: bytes, data: bytes, field: bytes = b"file") -> tuple[bytes, str]:
    """A multipart body written by hand, so that the file name goes out exactly as given."""
    boundary = "docparse-test-boundary"
    body = (
        b"--" + boundary.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="' + field + b'"; filename="' + filename
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + data + b"\r\n--"
        + boundary.encode() + b"--\r\n"
    )
    return body, f"multipart/form-data; boundary={boundary}"


BAD_INPUTS: dict[str, tuple[str, bytes, int, str]] = {
    # case: (file name, bytes, status, error code)
    "wrong type (gif)": ("scan.gif", b"GIF89a" + b"\x00" * 64, 415, "unsupported"),
    "corrupt image": ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 422, "corrupt"),
    "wrong type (zip)": ("archive.zip", b"PK\x03\x04" + b"\x00" * 64, 415, "unsupported"),
    "non-PDF named .pdf": ("not-a.pdf", "Đây không phải PDF".encode(), 422, "corrupt"),
    "truncated PDF": ("truncated.pdf", PLAN_UBND.read_bytes()[:1500], 422, "corrupt"),
    "encrypted PDF": ("encrypted.pdf", b"", 422, "encrypted"),  # bytes made below
    "PDF without text": ("scanned.pdf", b"", 422, "no_text"),
    "non-UTF-8 text": ("latin1.txt", b"K\xe1 ho\xe1ch caf\xe9 \xff\xfe", 422, "encoding"),
    "empty file": ("empty.txt", b"", 400, "empty"),
}


def bad_bytes(case: str) -> bytes:
    if case == "encrypted PDF":
        return encrypted_pdf()
    if case == "PDF without text":
        return scanned_pdf()
    return BAD_INPUTS[case][1]


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("service") / "library"


@pytest.fixture(scope="module")
def client(library: Path) -> Iterator[TestClient]:
    app = create_app(library, workers=2, entities=False, max_mb=5, max_pages=100,
                     parse_timeout_s=120)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def uploaded(client: TestClient) -> dict[str, dict]:
    """The report and two plans, uploaded once for the tests that read them back."""
    out = {}
    for path in (REPORT, PLAN, PLAN_UBND):
        response = client.post("/api/v1/documents", files={"file": (path.name, path.read_bytes())})
        assert response.status_code in (200, 201), response.text
        out[path.name] = response.json()
    return out


def upload(client: TestClient, name: str, data: bytes) -> object:
    return client.post("/api/v1/documents", files={"file": (name, data)})


def stored_files(library: Path) -> set[str]:
    return {p.name for p in (library / "files").iterdir()}


# --- endpoints -------------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["workers"] == 2
    assert body["limits"] == {"max_mb": 5, "max_pages": 100, "parse_timeout_s": 120}


def test_upload_returns_the_document_with_its_id(uploaded: dict, library: Path) -> None:
    body = uploaded[PLAN.name]
    assert body["id"] == hashlib.sha256(PLAN.read_bytes()).hexdigest()
    doc = Document.model_validate(body["document"])  # the CLI's contract, unknown fields refused
    assert doc.source.file_name == PLAN.name and doc.source.format == "pdf"
    assert doc.metadata.doc_type == "Kế hoạch" and doc.sections
    assert (library / "files" / body["id"]).read_bytes() == PLAN.read_bytes()


def test_same_file_twice_gives_the_same_id(client: TestClient, uploaded: dict) -> None:
    first = uploaded[PLAN.name]
    before = client.get("/api/v1/documents").json()["total"]
    again = upload(client, "another-name.pdf", PLAN.read_bytes())
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert again.headers["location"] == f"/api/v1/documents/{first['id']}"
    assert client.get("/api/v1/documents").json()["total"] == before


def test_text_and_docx_uploads(client: TestClient) -> None:
    text = upload(client, TEXT.name, TEXT.read_bytes())
    assert text.status_code in (200, 201), text.text
    assert text.json()["document"]["source"]["format"] == "text"
    docx = upload(client, "plan.docx", docx_bytes())
    assert docx.status_code in (200, 201), docx.text
    assert docx.json()["document"]["source"]["format"] == "docx"
    assert docx.json()["document"]["metadata"]["symbol"] == "KH-UBND"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_rtf_upload_is_read_through_libreoffice(client: TestClient) -> None:
    # "KẾ HOẠCH / Chuyển đổi số năm 2026 / I. MỤC ĐÍCH / Nâng cao hiệu quả." as RTF escapes.
    rtf = (b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 "
           b"K\\u7870? HO\\u7840?CH\\par "
           b"Chuy\\u7875?n \\u273?\\u7893?i s\\u7889? n\\u259?m 2026\\par "
           b"I. M\\u7908?C \\u272?\\u205?CH\\par "
           b"N\\u226?ng cao hi\\u7879?u qu\\u7843?.\\par}")
    response = upload(client, "plan.rtf", rtf)
    assert response.status_code in (200, 201), response.text
    document = response.json()["document"]
    assert document["source"]["format"] == "rtf"
    assert document["metadata"]["doc_type"] == "Kế hoạch"
    assert [s["label"] for s in document["sections"]] == ["I."]


def test_list_and_get(client: TestClient, uploaded: dict) -> None:
    listing = client.get("/api/v1/documents").json()
    ids = {d["id"] for d in listing["documents"]}
    assert {b["id"] for b in uploaded.values()} <= ids
    assert listing["total"] == len(listing["documents"]) and listing["offset"] == 0
    page = client.get("/api/v1/documents", params={"limit": 1, "offset": 1}).json()
    assert len(page["documents"]) == 1 and page["documents"][0] == listing["documents"][1]
    plan = uploaded[PLAN.name]
    got = client.get(f"/api/v1/documents/{plan['id']}")
    assert got.status_code == 200
    assert got.json() == plan["document"]


def test_citations_and_cited_by(client: TestClient, uploaded: dict) -> None:
    report = uploaded[REPORT.name]
    answer = client.get(f"/api/v1/documents/{report['id']}/citations").json()
    assert answer["total"] > 10 and answer["groups"]
    item = next(i for items in answer["groups"].values() for i in items if "/" in i["key"])
    # A key holds slashes ("116/KH-UBND@2025"): sent URL-encoded, it still names one key.
    cited = client.get(f"/api/v1/citations/{quote(item['key'], safe='')}/cited-by")
    assert cited.status_code == 200, cited.text
    citing = {c["file_name"] for c in cited.json()["cited_by"]}
    assert REPORT.name in citing


def test_graph(client: TestClient, uploaded: dict) -> None:
    graph = client.get("/api/v1/graph").json()
    loaded = {n["document_id"] for n in graph["nodes"] if n["loaded"]}
    assert {b["id"] for b in uploaded.values()} <= loaded
    assert graph["links"] and graph["stats"]["documents"] >= 3
    small = client.get("/api/v1/graph", params={"max_nodes": 3}).json()
    assert len(small["nodes"]) == 3 and small["dropped"] == graph["stats"]["nodes"] - 3


def test_coverage(client: TestClient, uploaded: dict) -> None:
    pytest.importorskip("docparse.link.coverage")
    from docparse.link.embed import EmbedError, resolve

    try:
        resolve(None)
    except EmbedError as exc:
        pytest.skip(f"embedding model missing: {exc}")
    plan, report = uploaded[PLAN_UBND.name], uploaded[REPORT.name]
    response = client.post("/api/v1/coverage",
                           json={"plan": plan["id"], "reports": [report["id"]]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["plan"]["sha256"] == plan["id"] and body["tasks"]
    assert body["summary"]["total"] == len(body["tasks"])
    assert any(t["evidence"] for t in body["tasks"])


def test_page_and_openapi(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/documents", "/api/v1/documents/{id}", "/api/v1/documents/{id}/citations",
            "/api/v1/citations/{key}/cited-by", "/api/v1/graph", "/api/v1/coverage",
            "/api/v1/health"} <= paths
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()  # the API docs work on a closed network
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert client.get(asset).status_code == 200


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_upload(case: str, client: TestClient, library: Path) -> None:
    name, _, status, code = BAD_INPUTS[case]
    before = stored_files(library)
    response = upload(client, name, bad_bytes(case))
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and name in error["message"]
    assert stored_files(library) == before  # nothing kept of a refused file
    assert list((library / "tmp").iterdir()) == []


def test_not_multipart(client: TestClient) -> None:
    response = client.post("/api/v1/documents", content=b"%PDF-1.4",
                           headers={"content-type": "application/pdf"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_multipart_without_file_part(client: TestClient) -> None:
    body, ctype = multipart(b"x.txt", b"hello", field=b"other")
    response = client.post("/api/v1/documents", content=body, headers={"content-type": ctype})
    assert response.status_code == 400 and "'file'" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", [
    "/api/v1/documents/{}", "/api/v1/documents/{}/citations",
    "/api/v1/citations/{}/cited-by",
])
def test_unknown_id(path: str, client: TestClient) -> None:
    response = client.get(path.format("0" * 64))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_ids_in_coverage(client: TestClient, uploaded: dict) -> None:
    known = uploaded[PLAN.name]["id"]
    for body in ({"plan": "f" * 64, "reports": [known]}, {"plan": known, "reports": ["f" * 64]}):
        response = client.post("/api/v1/coverage", json=body)
        assert response.status_code in (404, 503), response.text
        if response.status_code == 404:
            assert "f" * 64 in response.json()["error"]["message"]


def test_invalid_requests_are_json(client: TestClient) -> None:
    response = client.get("/api/v1/documents", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
    response = client.post("/api/v1/coverage", json={"plan": "x"})
    assert response.status_code == 422 and "reports" in response.json()["error"]["message"]
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_coverage_unavailable(client: TestClient, uploaded: dict,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from docparse.service.routes import coverage

    monkeypatch.setattr(coverage, "available", lambda: False)
    plan = uploaded[PLAN.name]["id"]
    response = client.post("/api/v1/coverage", json={"plan": plan, "reports": [plan]})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "coverage_unavailable" and "not installed" in error["message"]


def test_coverage_job_without_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from docparse.service.jobs import coverage_job

    monkeypatch.setitem(sys.modules, "docparse.link.coverage", None)  # import now fails
    outcome = coverage_job("{}", [], "unused.sqlite", 5)
    assert outcome.kind == "unavailable" and "not installed" in outcome.message


def test_coverage_job_without_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("docparse.link.coverage")
    from docparse.pipeline import parse_path
    from docparse.service.jobs import coverage_job

    monkeypatch.setenv("DOCPARSE_MODELS", str(tmp_path / "no-models"))
    doc = parse_path(TEXT).model_dump_json()
    outcome = coverage_job(doc, [doc], str(tmp_path / "lib.sqlite"), 5)
    assert outcome.kind == "unavailable" and "embedding model" in outcome.message


# --- limits and timeouts (apps of their own) -------------------------------------------------


def test_size_and_page_limits(tmp_path: Path) -> None:
    app = create_app(tmp_path / "lib", workers=1, entities=False, max_mb=0.2, max_pages=3)
    with TestClient(app) as client:
        big = upload(client, "big.txt", ("Kế hoạch. " * 30000).encode())
        assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
        pages = upload(client, PLAN.name, PLAN.read_bytes())  # 7 pages, 75 KB
        assert pages.status_code == 413, pages.text
        assert "too large" in pages.json()["error"]["message"]
        # A declared length over the limit is refused before the body is read.
        body, ctype = multipart(b"x.txt", b"x" * 400_000)
        early = client.post("/api/v1/documents", content=body, headers={"content-type": ctype})
        assert early.status_code == 413
        assert list((tmp_path / "lib" / "files").iterdir()) == []


def test_timeout_kills_the_parse_and_the_service_recovers(tmp_path: Path) -> None:
    app = create_app(tmp_path / "lib", workers=1, entities=False, parse_timeout_s=0.3)
    with TestClient(app) as client:
        slow = upload(client, "long.pdf", long_pdf())
        assert slow.status_code == 504, slow.text
        assert slow.json()["error"]["code"] == "timeout"
        quick = upload(client, "note.txt", "Kế hoạch số 5/KH-UBND\nI. MỤC ĐÍCH\n".encode())
        assert quick.status_code == 201, quick.text
        assert client.get("/api/v1/health").json()["worker_restarts"] == 1


def test_file_names_never_become_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The system temporary folder is pointed at a sentinel: nothing may land there either.
    sentinel = tmp_path / "system-tmp"
    sentinel.mkdir()
    monkeypatch.setenv("TMPDIR", str(sentinel))
    monkeypatch.setattr(tempfile, "tempdir", str(sentinel))
    library = tmp_path / "lib"
    names = [b"../../evil.txt", b"..\\..\\evil2.txt", b"/etc/passwd", b"a/../../../evil3.txt",
             b"..", b"C:\\Windows\\evil4.txt", "../../bản-sao.pdf".encode()]
    app = create_app(library, workers=1, entities=False)
    with TestClient(app) as client:
        for i, name in enumerate(names):
            data = (PLAN_UBND.read_bytes() if name.endswith(b".pdf")
                    else f"Kế hoạch số {i}/KH-UBND\nI. MỤC ĐÍCH\n".encode())
            body, ctype = multipart(name, data)
            response = client.post("/api/v1/documents", content=body,
                                   headers={"content-type": ctype})
            assert response.status_code == 201, response.text
            stored = response.json()["document"]["source"]["file_name"]
            assert "/" not in stored and "\\" not in stored and stored not in ("", ".", "..")
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    outside = {p for p in written if p.parts[0] != "lib"}
    assert outside == set(), outside
    inside = {p.relative_to("lib") for p in written - outside}
    assert all(p.parts[0] == "files" or str(p).startswith("library.sqlite") for p in inside)
    assert all(len(p.name) == 64 for p in inside if p.parts[0] == "files")
    assert list((library / "tmp").iterdir()) == []


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../evil.txt", "evil.txt"), ("..\\..\\evil.txt", "evil.txt"), ("/etc/passwd", "passwd"),
    ("..", "upload"), ("", "upload"), ("a\x00b\x1f.txt", "ab.txt"),
    ("Kế hoạch 116.pdf", "Kế hoạch 116.pdf"), ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
])
def test_safe_name(raw: str, safe: str) -> None:
    assert safe_name(raw) == safe


# --- the worker pool ---------------------------------------------------------------------


def test_pool_kills_a_hung_job_and_recovers(tmp_path: Path) -> None:
    async def scenario() -> None:
        pool = ParsePool(2, str(tmp_path))
        try:
            await pool.start()
            started = time.monotonic()
            with pytest.raises(JobTimeout):
                await pool.run(0.5, time.sleep, 30)
            assert time.monotonic() - started < 10  # killed, not waited for
            assert await pool.run(30, os.getpid) > 0  # the other worker, or the new one
            with pytest.raises(WorkerCrashed):
                await pool.run(30, os._exit, 3)
            pids = {await pool.run(30, os.getpid) for _ in range(4)}
            assert pids and pool.restarts == 2
            with pytest.raises(TypeError):  # a job that raises leaves its worker in the pool
                await pool.run(30, time.sleep, "not a number")
            for _ in range(600):  # the replacement of the crashed worker may still be starting
                if pool.idle == 2:
                    break
                await asyncio.sleep(0.1)
            assert pool.idle == 2 and pool.restarts == 2
        finally:
            await pool.close()

    asyncio.run(scenario())


def test_pool_refuses_jobs_beyond_its_queue(tmp_path: Path) -> None:
    async def scenario() -> None:
        pool = ParsePool(1, str(tmp_path), max_waiting=1)
        try:
            await pool.start()
            running = asyncio.ensure_future(pool.run(30, time.sleep, 1.5))
            await asyncio.sleep(0.2)
            waiting = asyncio.ensure_future(pool.run(30, os.getpid))
            await asyncio.sleep(0.2)
            with pytest.raises(PoolBusy):
                await pool.run(30, os.getpid)
            await running
            assert await waiting > 0
        finally:
            await pool.close()

    asyncio.run(scenario())


# --- the load test, briefly ----------------------------------------------------------------


@pytest.mark.slow
def test_load_test_runs_clean() -> None:
    from docparse.bench.serve import run

    figures = run(ROOT / "corpus", duration_s=8, clients=3, workers=1, entities=False)
    assert figures["ok"], figures
    assert figures["failures"] == 0 and figures["lost"] == 0 and figures["duplicated"] == 0
    assert figures["uploads_new"] >= 3 and figures["latency_s"]["p95"] > 0
