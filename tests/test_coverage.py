"""Plan-to-report coverage: text normalisation, the cache, the default model, check() end to end.

Offline and fast: the default embedding model loads from models/ (HF_HUB_OFFLINE=1) and
every library file lives in a temporary folder.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from docparse.link.cache import LinkCache
from docparse.link.coverage import Coverage, check, quote
from docparse.link.embed import DEFAULT_MODEL, Embedder, models_dir
from docparse.link.report import render_html, render_markdown
from docparse.link.text import canonical, fold_tones
from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PLAN = "\n\n".join([
    "KẾ HOẠCH\nPhòng, chống lãng phí trong quản lý tài sản công năm 2026",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Về quản lý tài sản công",
    "a) Rà soát, sắp xếp lại nhà, đất của các cơ quan, đơn vị sau khi sắp xếp bộ máy.",
    "- Thời gian thực hiện: Quý II/2026.",
    "- Đơn vị thực hiện: Sở Tài chính.",
    "b) Tổ chức kiểm kê, cập nhật dữ liệu tài sản công vào Cơ sở dữ liệu quốc gia.",
    "- Thời gian thực hiện: Năm 2026.",
    "- Đơn vị thực hiện: các sở, ban, ngành tỉnh.",
    "2. Về tiết kiệm năng lượng",
    ("Triển khai chương trình sử dụng năng lượng tiết kiệm và hiệu quả trong chiếu sáng "
     "công cộng."),
    "- Thời gian thực hiện: Thường xuyên.",
    "- Đơn vị thực hiện: Sở Công Thương.",
]) + "\n"

REPORT = "\n\n".join([
    "BÁO CÁO\nKết quả công tác năm 2026",
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Quản lý tài sản công",
    ("Sở Tài chính đã chủ trì rà soát, sắp xếp lại 124 cơ sở nhà, đất của các cơ quan, "
     "đơn vị sau sắp xếp bộ máy; đã xử lý 37 cơ sở dôi dư."),
    ("Các sở, ngành đã cập nhật dữ liệu tài sản công vào Cơ sở dữ liệu quốc gia về tài "
     "sản công, đạt 92%."),
    "2. Công tác tuyên truyền",
    "Tổ chức 15 hội nghị phổ biến pháp luật cho cán bộ, công chức.",
]) + "\n"


@pytest.fixture(scope="module")
def docs() -> tuple[Document, Document]:
    opts = ParseOptions(enrich=False)
    return (parse_bytes(PLAN.encode(), "plan.txt", opts),
            parse_bytes(REPORT.encode(), "report.txt", opts))


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "library.sqlite"
    monkeypatch.setenv("DOCPARSE_LIBRARY", str(path))
    return path


@pytest.mark.parametrize(("text", "folded"), [
    ("Văn hoá", "Văn hóa"), ("Uỷ ban", "Ủy ban"), ("quý", "quý"), ("thuỷ lợi", "thủy lợi"),
    ("toán", "toán"), ("khoẻ", "khỏe"), ("hoạt động", "hoạt động"), ("xoá", "xóa"),
])
def test_fold_tones(text: str, folded: str) -> None:
    assert fold_tones(text) == folded


def test_canonical_is_nfc_lowercase_single_spaced() -> None:
    import unicodedata

    assert canonical(unicodedata.normalize("NFD", "  Hoà   BÌNH ")) == "hòa bình"


def test_cache_round_trip_and_library_still_opens(library: Path) -> None:
    with LinkCache() as cache:
        assert cache.warning is None
        cache.put_vectors("m", {"k": np.arange(3, dtype=np.float32)})
        cache.put_tokens({"k": ["tài_sản", "công"]})
        assert cache.get_vectors("m", ["k", "x"])["k"].tolist() == [0.0, 1.0, 2.0]
        assert cache.get_tokens(["k"]) == {"k": ["tài_sản", "công"]}
    tables = {r[0] for r in sqlite3.connect(library).execute("SELECT name FROM sqlite_master")}
    assert {"embeddings", "segments"} <= tables
    store = pytest.importorskip("docparse.store")
    with store.Library(library) as lib:  # our tables do not make it a foreign file
        assert lib.count()[0] == 0


def test_unusable_library_falls_back_to_memory(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with LinkCache(bad) as cache:
        assert cache.warning and "disabled" in cache.warning
        cache.put_tokens({"k": ["a"]})
        assert cache.get_tokens(["k"]) == {"k": ["a"]}
    assert bad.read_bytes().startswith(b"not a database")


def test_default_model_is_shipped_small_and_offline() -> None:
    folder = models_dir() / DEFAULT_MODEL
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    assert size < 50 * 1024 * 1024
    assert (folder / "README.md").is_file()
    vectors = Embedder().encode(["kiểm kê tài sản công", "tài sản công được kiểm kê", "bóng đá"])
    assert vectors.shape[0] == 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.slow
def test_numpy_inference_equals_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    texts = ["Kiểm kê tài sản công năm 2026", "", "zzzz qqq"]
    ours = Embedder().encode(texts, use_cache=False)
    theirs = SentenceTransformer(str(models_dir() / DEFAULT_MODEL), device="cpu").encode(
        [fold_tones(t) for t in texts], normalize_embeddings=True)
    assert np.allclose(ours, theirs, atol=1e-5)


def test_check_end_to_end(docs: tuple[Document, Document], library: Path) -> None:
    plan, report = docs
    coverage = check(plan, [report])
    by_label = {t.task.label_path: t for t in coverage.tasks}
    assert list(by_label) == ["II.1.a", "II.1.b", "II.2"]
    first = by_label["II.1.a"]
    assert first.verdict != "not_reported"
    assert first.evidence and "124 cơ sở nhà, đất" in first.evidence[0].quote
    assert first.evidence[0].location.section_label == "I.1"
    assert len(first.evidence[0].quote) <= 200
    assert by_label["II.2"].verdict != "reported"  # nothing on energy saving
    for item in coverage.tasks:  # a flag comes with what came closest, evidence without it
        assert bool(item.nearest) == (item.verdict == "not_reported")
        assert not (item.nearest and item.evidence)
    assert coverage.summary.total == 3
    assert {u.unit for u in coverage.summary.by_unit} >= {"Sở Tài chính", "Sở Công Thương"}
    assert Coverage.model_validate_json(coverage.model_dump_json()) == coverage
    # The second run reads every embedding and segmentation from the library.
    rows = sqlite3.connect(library).execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
    assert rows > 0
    assert check(plan, [report]) == coverage


def test_reports_render(docs: tuple[Document, Document], tmp_path: Path) -> None:
    with LinkCache(memory=True) as cache:
        coverage = check(docs[0], [docs[1]], cache=cache)
    markdown = render_markdown(coverage)
    assert "| **II.1.a**" in markdown and "## Summary" in markdown
    assert "By responsible unit" in markdown
    page = render_html(coverage)
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page
    assert "http://" not in page and "https://" not in page  # self-contained
    # A flagged task shows what came closest (made here, whatever the shipped weights say).
    item = coverage.tasks[0]
    flagged = item.model_copy(update={"verdict": "not_reported", "evidence": [],
                                      "nearest": item.evidence[:1]})
    shown = coverage.model_copy(update={"tasks": [flagged]})
    assert f"closest: “{item.evidence[0].quote}”" in render_markdown(shown)
    assert "class=nearest" in render_html(shown)


def test_quote_picks_the_matching_sentence() -> None:
    text = "Mở đầu chung chung. Đã kiểm kê 45 cơ sở tài sản công. Kết thúc."
    assert quote(text, ["kiểm_kê", "tài_sản", "công"]) == "Đã kiểm kê 45 cơ sở tài sản công."
    assert len(quote("a " * 300, ["a"])) <= 200


def test_quote_keeps_numbers_and_symbols_whole() -> None:
    # Thousands are grouped with dots; a symbol has dots and slashes: neither ends a sentence.
    text = ("Tiếp nhận 12.450 hồ sơ, trong đó 10.380 hồ sơ trực tuyến, đạt 83,4%. "
            "Thực hiện Kế hoạch số 45/KH-UBND ngày 10.02.2026 về số hóa.")
    assert quote(text, ["hồ_sơ", "trực_tuyến"]).startswith("Tiếp nhận 12.450 hồ sơ")
    assert quote(text, ["số_hóa"]) == "Thực hiện Kế hoạch số 45/KH-UBND ngày 10.02.2026 về số hóa."


def test_cli_check(tmp_path: Path, library: Path) -> None:
    from docparse.cli import app

    plan, report = tmp_path / "plan.txt", tmp_path / "report.txt"
    plan.write_text(PLAN, "utf-8")
    report.write_text(REPORT, "utf-8")
    out = tmp_path / "coverage.json"
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(plan), str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "# Coverage of" in result.stdout
    assert json.loads(out.read_text("utf-8"))["summary"]["total"] == 3
    result = runner.invoke(app, ["check", str(plan), "no-such-report", "--format", "json"])
    assert result.exit_code == 3
