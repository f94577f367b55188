"""Text that other tools extract from PDFs. Plain `pdftotext` (no -layout) reads the header's
cells apart and moves the raised number of the first note of a page's footnote area to the
area's end; pdfplumber's `extract_text()` glues each row's two columns one space apart and sets
a note's number before its text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from docparse.ingest.lines import Line
from docparse.layout.page_tails import (
    find_tail,
    long_line_length,
    runs_on,
    split_at_page_numbers,
)
from docparse.pipeline import ParseOptions, parse_bytes, parse_path
from docparse.structure.metadata import rejoin_header, split_glued_signature

ROOT = Path(__file__).resolve().parent.parent

BODY = [  # lines of running text, about 75 characters each
    "Ủy ban nhân dân tỉnh tiếp tục chỉ đạo các cơ quan, đơn vị thực hiện nghiêm",
    "túc các quy định về công khai, minh bạch trong hoạt động của cơ quan, tổ chức,",
    "đơn vị; kiểm tra việc thực hiện quy tắc ứng xử của cán bộ, công chức, viên chức",
    "và người lao động trong các cơ quan hành chính nhà nước trên địa bàn tỉnh năm",
]
NOTE = (  # a note's lines are set smaller, so they run longer (about 105 characters)
    "Kế hoạch số 12/KH-UBND ngày 10/01/2026 về công tác phòng, chống tham nhũng, tiêu cực trên địa "
    "bàn tỉnh")

RAW = "\n".join([
    "ỦY BAN NHÂN DÂN TỈNH", "HÀ GIANG", "Số:", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "",
    "/BC-UBND", "", "Độc lập - Tự do - Hạnh phúc", "", "Hà Giang, ngày", "", "tháng 3 năm 2026",
    "", "BÁO CÁO", "Kết quả công tác phòng, chống tham nhũng quý I năm 2026",
    "I. KẾT QUẢ", *BODY, "2026 theo kế hoạch1. Các cơ quan đã tổ chức kê khai tài sản, thu",
    "nhập2 đúng thời hạn quy định. Công tác thanh tra được triển khai theo kế hoạch,",
    NOTE, "năm 2026.", "2", NOTE, "1",
    "\f2",
    *BODY, "2026. Các kết quả cụ thể được tổng hợp tại phụ lục kèm theo báo cáo3 này.",
    NOTE, "3",
    "\f3",
    "II. NHIỆM VỤ", *BODY, "2026 và những năm tiếp theo./.",
])


def test_moved_note_numbers_are_put_back() -> None:
    doc = parse_bytes(RAW.encode("utf-8"), "report.txt", ParseOptions(enrich=False))
    assert [f.number for f in doc.footnotes] == [1, 2, 3]
    first, second, third = doc.footnotes
    assert first.text == f"{NOTE} năm 2026."  # its number was moved past note 2
    assert second.text == NOTE
    assert third.text == NOTE  # alone on its page, its number under it
    assert all(f.anchors for f in doc.footnotes)
    # No note text is left in the body.
    assert not any("Kế hoạch số 12/KH-UBND" in p.text for p, _ in doc.iter_paragraphs())


def test_header_cells_read_apart_are_rejoined() -> None:
    meta = parse_bytes(RAW.encode("utf-8"), "report.txt", ParseOptions(enrich=False)).metadata
    assert (meta.issuer, meta.number, meta.symbol, meta.place) == (
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", None, "BC-UBND", "Hà Giang")
    lines = rejoin_header([Line(text=t) for t in ["ĐẢNG ỦY UBND TỈNH", "Số", "-BC/ĐU",
                                                    "ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Giang, ngày",
                                                    "tháng", "năm", "BÁO CÁO"]], 40)
    assert [ln.text for ln in lines] == ["ĐẢNG ỦY UBND TỈNH", "Số -BC/ĐU",
                                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Giang, ngày tháng năm",
                                         "BÁO CÁO"]


def _page(texts: list[str]) -> list[Line]:
    return [Line(text=t) for t in texts]


@pytest.mark.parametrize(
    ("texts", "expected", "numbers", "firsts", "skip"),
    [
        # -layout: the number above its note
        (["3", *BODY, "1", NOTE, NOTE], 1, {5: 1}, {}, set()),
        # plain: the first note's number moved to the end, after note 2
        (["3", *BODY, NOTE, "2", NOTE, "1"], 1, {6: 2}, {5: 1}, {8}),
        # two notes whose numbers both moved
        (["3", *BODY, "Gồm: 37 dự án thuộc Kế hoạch số 116/KH-UBND.", NOTE, "4", "5"], 4, {},
         {5: 4, 6: 5}, {7, 8}),
    ],
)
def test_page_tails(texts: list[str], expected: int, numbers: dict[int, int],
                    firsts: dict[int, int], skip: set[int]) -> None:
    tail = find_tail(_page(texts), expected, 95.0)
    assert tail is not None
    assert (tail.numbers, tail.firsts, tail.skip) == (numbers, firsts, skip)


def test_what_is_not_a_footnote_area() -> None:
    # A numbered table row (short cells under each number) is no note.
    table = ["3", *BODY, "STT", "1", "Rà soát thủ tục", "Sở Nội vụ", "2", "Tổ chức kiểm tra",
             "Văn phòng", "Quý II"]
    assert find_tail(_page(table), 1, 95.0) is None
    # Long numbered table rows ("1 text" as pdfplumber prints a landscape row): no marker for
    # them in the text above, so no notes.
    rows = ["3", *BODY, f"1 {NOTE}", f"2 {NOTE}"]
    assert find_tail(_page(rows), 1, 95.0) is None
    assert find_tail(_page(["3", BODY[0] + "1", *BODY[1:], f"1 {NOTE}", f"2 {NOTE}"]), 1,
                     95.0) is not None
    # A page number at the page's foot with nothing above it that reads as a note.
    assert find_tail(_page([*BODY, "1"]), 1, 95.0) is None
    # The rest of a note cut at the page end: only where that note ran to the edge unfinished.
    rest = ["4", *BODY, NOTE]
    assert find_tail(_page(rest), 2, 95.0, open_note=True) is not None
    assert find_tail(_page(rest), 2, 95.0, open_note=False) is None
    assert runs_on([Line(text=NOTE)], 95.0)
    assert not runs_on([Line(text="Về việc chỉ định Ban Chấp hành nhiệm kỳ 2020-2025")], 95.0)


def test_note_lines_are_measured_against_the_body() -> None:
    pages = [_page(["1", *BODY, *BODY, "1", NOTE, "năm 2026."]),
             _page(["2", *BODY, *BODY, "2", NOTE, "3", NOTE])]
    long_at = long_line_length(pages)
    assert long_at is not None and len(BODY[2]) < long_at < len(NOTE)
    # No contrast between note and body lines: length says nothing.
    assert long_line_length([_page(["1", *BODY, *BODY, "1", BODY[0], BODY[1]])] * 2) is None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_plain_pdftotext_of_a_report_matches_its_gold(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    subprocess.run(["pdftotext", str(ROOT / "corpus/pdf/004_04442b88a8ca4fe8.pdf"),
                    str(target)], check=True)
    doc = parse_path(target, ParseOptions(enrich=False))
    gold = json.loads((ROOT / "gold/structure/004_04442b88a8ca4fe8.json").read_text("utf-8"))
    meta = doc.metadata
    assert (meta.issuer, meta.parent_issuer, meta.symbol, meta.place) == (
        gold["metadata"]["issuer"], gold["metadata"]["parent_issuer"],
        gold["metadata"]["symbol"], gold["metadata"]["place"])
    assert [(f.number, " ".join(f.text.split())) for f in doc.footnotes] == [
        (f["number"], " ".join(f["text"].split())) for f in gold["footnotes"]]


# pdfplumber's extract_text(), pages joined by line breaks: each row's two columns one space
# apart, the page number alone at the top of the page, a note as "1 text" at the page's foot.
PLUMBER = "\n".join([
    "ỦY BAN NHÂN DÂN TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "HÀ GIANG Độc lập - Tự do - Hạnh phúc",
    "Số: 12/BC-UBND Hà Giang, ngày 05 tháng 3 năm 2026",
    "BÁO CÁO", "Kết quả công tác phòng, chống tham nhũng quý I năm 2026",
    "I. KẾT QUẢ", *BODY,
    "2026 theo kế hoạch1. Thanh tra tỉnh đã xác minh tài sản, thu nhập của",
    "3 cá nhân2 theo kế hoạch năm 2026 đã được phê duyệt.",
    f"1 {NOTE}", "năm 2026.", f"2 {NOTE}",
    "2",
    *BODY, "2026 và những năm tiếp theo./.",
    "Nơi nhận: TM. ỦY BAN NHÂN DÂN",
    "- Thanh tra Chính phủ; KT. CHỦ TỊCH",
    "- Lưu: VT, NC. PHÓ CHỦ TỊCH",
    "Nguyễn Văn Sơn",
])


def test_pdfplumber_text() -> None:
    doc = parse_bytes(PLUMBER.encode("utf-8"), "report.txt", ParseOptions(enrich=False))
    meta = doc.metadata
    assert (meta.issuer, meta.number, meta.symbol, meta.place, meta.date) == (
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "12", "BC-UBND", "Hà Giang", "2026-03-05")
    # The signature column glued to the recipients is read as the signature.
    assert (meta.signer.authority, meta.signer.title, meta.signer.name) == (
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Nguyễn Văn Sơn")
    assert meta.recipients == ["Thanh tra Chính phủ", "Lưu: VT, NC"]
    # "1 text" at the foot of page 1 is a note; "3 cá nhân ..." in the body is not.
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, f"{NOTE} năm 2026."), (2, NOTE)]
    assert all(f.anchors for f in doc.footnotes)
    body = " ".join(p.text for p, _ in doc.iter_paragraphs())
    assert "3 cá nhân" in body and "Kế hoạch số 12/KH-UBND" not in body


def test_pages_are_cut_at_their_numbers() -> None:
    lines = _page(["Số: 12/BC-UBND", "3", "body", "2", "body", "3", "body"])
    pages = split_at_page_numbers(lines)
    assert [[ln.text for ln in page] for page in pages] == [
        ["Số: 12/BC-UBND", "3", "body"], ["2", "body"], ["3", "body"]]
    assert split_at_page_numbers(_page(["body", "1", "body"])) == [_page(["body", "1", "body"])]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Nơi nhận: T/M ĐẢNG ỦY", ["Nơi nhận:", "T/M ĐẢNG ỦY"]),
        ("- Như Điều 3; PHÓ CHỦ TỊCH", ["- Như Điều 3;", "PHÓ CHỦ TỊCH"]),
        ("- Lưu: VT, NC. Nguyễn Văn Sơn", ["- Lưu: VT, NC.", "Nguyễn Văn Sơn"]),
        # the archive's codes and an item in title case stay whole
        ("- Lưu: VT, KSTT.", ["- Lưu: VT, KSTT."]),
        ("- Bộ Nội vụ; Bộ Tư Pháp;", ["- Bộ Nội vụ; Bộ Tư Pháp;"]),
    ],
)
def test_signature_glued_to_recipients(text: str, pieces: list[str]) -> None:
    assert split_glued_signature(text, Line(text=text)) == pieces
    # Where the input has columns (a PDF), the line is never cut.
    assert split_glued_signature(text, Line(text=text, column="left")) == [text]
