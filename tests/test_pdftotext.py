"""Text that `pdftotext -layout` extracts: columns side by side, raised footnote numbers on
their own lines, markers set apart by a space, page breaks as form feeds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from docparse.ingest.text import unfold_columns
from docparse.pipeline import ParseOptions, parse_bytes, parse_path

ROOT = Path(__file__).resolve().parent.parent

HEAD = "ỦY BAN NHÂN DÂN TỈNH HÀ                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
LAYOUT = "\n".join([
    HEAD,
    "         GIANG                                 Độc lập - Tự do - Hạnh phúc",
    "    Số: 77/KH-UBND                            Hà Giang, ngày 03 tháng 3 năm 2026",
    "", "",
    "                               KẾ HOẠCH",
    "  Triển khai Kết luận số 12-KL/TU ngày 05/01/2026 của Ban Thường vụ Tỉnh",
    " Ủy về tuyên truyền phòng, chống tham nhũng năm 2026 trên địa bàn tỉnh Hà Giang",
    "",
    "         Thực hiện Luật Phòng, chống tham nhũng năm 2018 1; Ủy ban nhân dân tỉnh ban hành",
    "    Kế hoạch tuyên truyền phòng, chống tham nhũng năm 2026 như sau:",
    "         I. MỤC ĐÍCH, YÊU CẦU",
    "         Nâng cao nhận thức của cán bộ, công chức về phòng, chống tham nhũng, tiêu cực",
    "    trong thi hành công vụ trên địa bàn tỉnh.",
    "",
    "    1",
    "      Luật số 36/2018/QH14 được Quốc hội thông qua ngày 20/11/2018, có hiệu lực từ ngày",
    "    01/7/2019.",
    "\f                                       2",
    "",
    "         II. TỔ CHỨC THỰC HIỆN",
    "         Các sở, ngành triển khai thực hiện Kế hoạch này./.",
    "",
    "Nơi nhận:                                          TM. ỦY BAN NHÂN DÂN",
    "- Sở Tư pháp;                                          CHỦ TỊCH",
    "- Lưu: VT.",
    "", "", "",
    "                                                   Nguyễn Văn Sơn",
    "",
])


def test_columns_side_by_side_are_read_left_then_right() -> None:
    lines = unfold_columns(LAYOUT.split("\f")[0].split("\n"))
    assert [t.strip() for t in lines[:6]] == [
        "ỦY BAN NHÂN DÂN TỈNH HÀ", "GIANG", "Số: 77/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hà Giang, ngày 03 tháng 3 năm 2026"]
    # A body line is never split, whatever its spaces.
    assert unfold_columns(["    Kế hoạch    tuyên truyền"]) == ["    Kế hoạch    tuyên truyền"]


def test_layout_text_parses_like_the_page() -> None:
    doc = parse_bytes(LAYOUT.encode("utf-8"), "plan.txt", ParseOptions(enrich=True))
    meta = doc.metadata
    assert (meta.issuer, meta.number, meta.symbol, meta.date) == (
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "77", "KH-UBND", "2026-03-03")
    # A title line set in by one space (centring) goes on; the indented body line does not.
    assert meta.title == ("Triển khai Kết luận số 12-KL/TU ngày 05/01/2026 của Ban Thường vụ "
                          "Tỉnh Ủy về tuyên truyền phòng, chống tham nhũng năm 2026 trên địa "
                          "bàn tỉnh Hà Giang")
    assert (meta.signer.authority, meta.signer.title, meta.signer.name) == (
        ["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn Sơn")
    assert meta.recipients == ["Sở Tư pháp", "Lưu: VT"]
    assert [(s.label, s.title) for s in doc.iter_sections()] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"), ("II.", "TỔ CHỨC THỰC HIỆN")]
    # The raised "1" and its text under it: one footnote, anchored after "năm 2018".
    (note,) = doc.footnotes
    assert note.text == ("Luật số 36/2018/QH14 được Quốc hội thông qua ngày 20/11/2018, có "
                         "hiệu lực từ ngày 01/7/2019.")
    opening = doc.preamble[0]
    assert note.anchors[0].paragraph_id == opening.id
    assert opening.text.startswith("Thực hiện Luật Phòng, chống tham nhũng năm 2018;")
    # The paragraph under I. is one paragraph, not cut at the margin's indentation.
    assert doc.iter_sections()[0].paragraphs[0].text.endswith("trên địa bàn tỉnh.")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_of_a_letter_matches_its_gold(tmp_path: Path) -> None:
    target = tmp_path / "letter.txt"
    subprocess.run(["pdftotext", "-layout", str(ROOT / "corpus/pdf/007_written_cong_van.pdf"),
                    str(target)], check=True)
    doc = parse_path(target, ParseOptions(enrich=False))
    gold = json.loads((ROOT / "gold/structure/007_written_cong_van.json").read_text("utf-8"))
    meta = doc.metadata.model_dump()
    assert meta.pop("attached_by") is None  # a document of its own
    assert meta == gold["metadata"]
    assert [f.number for f in doc.footnotes] == [1, 2]
    assert all(f.anchors for f in doc.footnotes)
