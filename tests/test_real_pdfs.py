"""What real published PDFs do that our renditions never did (issue 14), one pattern a test.

Each test builds the pattern itself (a PDF whose annotations reference each other in a cycle,
layered signing widgets, a text layer that is not Vietnamese, a run-in heading, a second
office under the signer's title, ...); none reads a file of ../shared/realdocs.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from signed_pdf import FONT, signed_pdf

from docparse.ingest.lines import Line, Page, RawDocument
from docparse.ingest.pdf_annotations import widget_text
from docparse.ingest.pdf_lines import lines_of
from docparse.ingest.pdfium_pages import open_document, read_page
from docparse.ingest.vietnamese import not_vietnamese
from docparse.layout.pdf_layout import lay_out_pdf
from docparse.pipeline import ParseOptions, parse_bytes, parse_path
from docparse.structure.attachments import is_annex_head, leading_type
from docparse.structure.labels import find_label, heading_title, run_in_end
from docparse.structure.metadata import NUMBER_LINE, SECOND_OFFICE

needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans is not installed")


@pytest.fixture(scope="module")
def cyclic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return signed_pdf(tmp_path_factory.mktemp("signed"), cycle=True)


@needs_font
def test_the_pattern_takes_pdfplumber_down(cyclic: Path) -> None:
    # The failure class as users met it: resolving the annotations never ends.
    with pdfplumber.open(cyclic) as pdf, pytest.raises(Exception, match="recursion"):
        _ = pdf.pages[0].annots


@needs_font
def test_annotations_in_a_cycle_do_not_fail_the_document(cyclic: Path) -> None:
    doc = parse_path(cyclic, ParseOptions(ocr=False))
    assert doc.warnings == []
    assert doc.metadata.doc_type == "Kế hoạch"
    assert [s.title for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG"]


@needs_font
def test_layered_widgets_fill_the_number_and_the_day(cyclic: Path) -> None:
    meta = parse_path(cyclic, ParseOptions(ocr=False)).metadata
    assert (meta.number, meta.symbol, meta.date) == ("116", "KH-UBND", "2026-03-12")
    assert (meta.signer.title, meta.signer.name) == ("CHỦ TỊCH", "Nguyễn Văn An")


@needs_font
def test_the_signing_stamp_is_not_text_of_the_document(cyclic: Path) -> None:
    doc = parse_path(cyclic, ParseOptions(ocr=False))
    texts = [p.text for p, _ in doc.iter_paragraphs()] + [doc.metadata.title or ""]
    assert not any("Ký bởi" in t or "Thời gian ký" in t for t in texts)


def _char(text: str, x0: float, widget: int = 0) -> dict[str, object]:
    char: dict[str, object] = {"text": text, "x0": x0, "x1": x0 + 6.0, "top": 100.0,
                               "bottom": 114.0, "size": 13.0, "fontname": "Times"}
    if widget:
        char["widget"] = widget
    return char


# (page characters, what is left of them): stamps go, blanks and covered digits under a drawn
# value go, the value's own spaces go.
WIDGET_CASES = [
    ([_char("4", 100), _char("5", 100, widget=1)], ["5"]),  # a month drawn over a printed one
    ([_char(" ", 100), _char("3", 98, widget=1)], ["3"]),  # a blank under the drawn number
    ([_char("/", 100), _char("7", 98, widget=1)], ["/", "7"]),  # never a printed slash
    ([_char("3", 100, widget=1), _char(" ", 104, widget=1), _char("6", 106, widget=1)],
     ["3", "6"]),
    ([_char("K", 10 + i, widget=2) for i in range(41)] + [_char("1", 300, widget=1)], ["1"]),
]


@pytest.mark.parametrize(("chars", "kept"), WIDGET_CASES)
def test_widget_values_and_stamps(chars: list[dict[str, object]], kept: list[str]) -> None:
    assert [c["text"] for c in widget_text(chars)] == kept  # type: ignore[arg-type]


# Text layers: real Vietnamese, and the two ways a layer can carry letters that are not it.
VIETNAMESE = ("Thực hiện Kế hoạch số 116/KH-UBND ngày 21 tháng 4 năm 2025 của Ủy ban nhân dân "
              "tỉnh về công tác cải cách hành chính, Sở Nội vụ báo cáo kết quả như sau: ") * 3
TEXT_LAYERS = [
    (VIETNAMESE, False),
    ("6Ӣ C‘NG 7+ѬѪ1* &Ӝ1* H“A XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM Ĉ2¬1 .,ӆ0 TRA " * 6, True),
    ("uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia DQc l$p Tg do H4nh phric Ldm D6ng " * 5, True),
    ("UBND SNV PCI PAPI SIPAS 2025 12,5 % 1.250 " * 10, False),  # nothing to judge
]


@pytest.mark.parametrize(("text", "rejected"), TEXT_LAYERS)
def test_text_layers_that_are_not_vietnamese(text: str, rejected: bool) -> None:
    assert not_vietnamese(text) is rejected


# (block text after its label, the heading's title)
RUN_IN = [
    ("Đơn vị chủ trì: Sở Văn hoá và Thể thao.", "Đơn vị chủ trì:"),
    ("Thời gian: thường xuyên.", "Thời gian:"),
    ("Mục tiêu chung:", "Mục tiêu chung:"),  # nothing after the colon: the whole block
    ("Kết quả phát hiện, xử lý tham nhũng, tiêu cực qua hoạt động tự kiểm tra nội bộ: trong kỳ",
     "Kết quả phát hiện, xử lý tham nhũng, tiêu cực qua hoạt động tự kiểm tra nội bộ: trong kỳ"),
    ("Họp lúc 17:00 tại hội trường tầng 2", "Họp lúc 17:00 tại hội trường tầng 2"),
    ("Triển khai (theo Kế hoạch: số 12) ngay: trong tháng 3", "Triển khai (theo Kế hoạch: số 12) "
     "ngay:"),
]


@pytest.mark.parametrize(("text", "title"), RUN_IN)
def test_run_in_headings(text: str, title: str) -> None:
    assert heading_title(text) == title
    assert (run_in_end(text) is None) is (title == text)


# (line under the signer's title, is it a second office rather than the title's end)
OFFICES = [
    ("GIÁM ĐỐC SỞ NỘI VỤ", True), ("PHÓ GIÁM ĐỐC SỞ NỘI VỤ", True), ("THỨ TRƯỞNG", True),
    ("VỤ TỔ CHỨC PHI CHÍNH PHỦ", False), ("VỤ CẢI CÁCH HÀNH CHÍNH", False),
]


@pytest.mark.parametrize(("line", "second"), OFFICES)
def test_a_second_office_under_the_title(line: str, second: bool) -> None:
    assert bool(SECOND_OFFICE.match(line)) is second


def test_signer_title_over_two_lines_and_a_second_office() -> None:
    text = ("CÔNG VĂN\n\nV/v thử\n\nNội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n"
            "TL. BỘ TRƯỞNG\nVỤ TRƯỞNG\nVỤ CẢI CÁCH HÀNH CHÍNH\n\nPhạm Minh Hùng\n")
    assert parse_bytes(text.encode(), "a.txt").metadata.signer.title == (
        "VỤ TRƯỞNG VỤ CẢI CÁCH HÀNH CHÍNH")
    text = text.replace("TL. BỘ TRƯỞNG\nVỤ TRƯỞNG\nVỤ CẢI CÁCH HÀNH CHÍNH",
                        "TM. HỘI ĐỒNG\nCHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ")
    assert parse_bytes(text.encode(), "a.txt").metadata.signer.title == "CHỦ TỊCH"


# Headings: capital-letter parts, and label-like words that a wrap put at a line start.
LABELS = [
    ("A. TÌNH HÌNH CHUNG", ("alpha", "A.")), ("B. Nhiệm vụ năm 2026", ("alpha", "B.")),
    ("Chương II của Luật Đất đai", None), ("Chương II", ("chapter", "Chương II")),
    ("Phần thứ nhất: Thẩm định", ("part", "Phần thứ nhất")), ("A. nguyễn văn", None),
]


@pytest.mark.parametrize(("text", "expected"), LABELS)
def test_labels_of_real_documents(text: str, expected: tuple[str, str] | None) -> None:
    label = find_label(text)
    assert (label.kind, label.label) == expected if expected else label is None


@pytest.mark.parametrize(("text", "head"), [
    ("PHỤ LỤC I", True), ("Phụ lục", True), ("Phụ lục số 02", True),
    ("Phụ lục kèm theo báo cáo này có 12 biểu mẫu chi tiết.", False),
])
def test_annex_heads(text: str, head: bool) -> None:
    assert is_annex_head(Line(text=text)) is head


@pytest.mark.parametrize(("text", "expected"), [
    ("QUYẾT ĐỊNH CHẤP THUẬN CHỦ TRƯƠNG", ("Quyết định", "QĐ", "CHẤP THUẬN CHỦ TRƯƠNG")),
    ("ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)", ("Điều lệ", None, "(SỬA ĐỔI, BỔ SUNG)")),
    ("QUYẾT ĐỊNH:", None), ("KẾ HOẠCH", None),
])
def test_a_type_word_that_opens_the_title(text: str, expected: tuple[str, ...] | None) -> None:
    assert leading_type(text) == expected


@pytest.mark.parametrize(("line", "number", "symbol"), [
    ("Số: 1925 /STC- HTDN", "1925", "STC- HTDN"), ("Số: 36 /BC-HĐTĐ", "36", "BC-HĐTĐ"),
    ("Số: 2775/SNV-CCHC&VTLT", "2775", "SNV-CCHC&VTLT"), ("Số:    /BC-UBND", None, "BC-UBND"),
])
def test_number_lines(line: str, number: str | None, symbol: str) -> None:
    match = NUMBER_LINE.match(line)
    assert match is not None and (match["num"], match["sym"]) == (number, symbol)


def _line(text: str, top: float, size: float, page: int = 1) -> Line:
    return Line(text=text, page=page, bbox=(85.0, top, 400.0, top + size), size=size)


def test_lines_under_a_link_underline_stay_in_the_body() -> None:
    # The last body line's link is underlined; the signature block under it is set smaller.
    # No footnote starts there, so nothing under the rule may be lost.
    body = [_line(f"Dòng {i} của văn bản.", 100 + 16 * i, 14.0) for i in range(30)]
    tail = [_line("Nơi nhận:", 620, 12.0), _line("- Lưu: VT.", 634, 11.0),
            _line("Phạm Minh Hùng", 700, 12.0)]
    page = Page(number=1, width=595, height=842, lines=body + tail, rules=[610.0])
    laid = lay_out_pdf(RawDocument(format="pdf", pages=[page]))
    assert laid.footnotes == []
    assert [ln.text for ln in laid.lines][-3:] == ["Nơi nhận:", "- Lưu: VT.", "Phạm Minh Hùng"]


def _glyph(text: str, x0: float, x1: float, index: int, **extra: object) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "bottom": 114.0, "size": 14.0,
            "fontname": "Liberation", "i": index, **extra}


# Word breaks between glyphs (x in points, 14 pt type): "Kế hoạch" where "ế" and "ạ" are drawn
# in a fallback font after the rest, their loose boxes overhanging their advance, and pdfium
# replacing the space glyph after "ế" with a generated one at "ế"'s advance.
WORD_BREAKS = [
    ([_glyph("K", 157.0, 167.0, 80, break_after=True), _glyph("ế", 166.5, 176.6, 136),
      _glyph("h", 178.6, 185.6, 82, break_x=175.1), _glyph("o", 185.6, 192.6, 83),
      _glyph("ạ", 192.6, 200.9, 138), _glyph("c", 200.9, 207.1, 85, break_x=200.85)],
     "Kế hoạc"),
    # A generated space in justified text, narrower than a gap alone would say.
    ([_glyph("a", 10.0, 16.0, 1, break_after=True), _glyph("b", 17.0, 23.0, 3)], "a b"),
    # Neighbours in the stream, no break, glyphs touching: one word.
    ([_glyph("a", 10.0, 16.0, 1), _glyph("b", 16.5, 23.0, 2)], "ab"),
    # A wide gap with no space glyph: a word break.
    ([_glyph("a", 10.0, 16.0, 1), _glyph("b", 20.0, 26.0, 2)], "a b"),
]


@pytest.mark.parametrize(("chars", "text"), WORD_BREAKS)
def test_word_breaks(chars: list[dict[str, object]], text: str) -> None:
    assert [line.text for line in lines_of(chars, 1)] == [text]  # type: ignore[arg-type]


def test_table_rules_drawn_as_one_path_of_thin_boxes(tmp_path: Path) -> None:
    # Word and its converters draw a table's rules as thin filled boxes, many in one path
    # ("re re re f"): each box is a rule, so the table's grid is found.
    pdf = pypdfium2.PdfDocument.new()
    page = pdf.new_page(400.0, 400.0)
    path = pdfium_c.FPDFPageObj_CreateNewPath(100.0, 100.0)
    boxes = [(100, 100, 300, 100.5), (100, 200, 300, 200.5), (100, 300, 300, 300.5),
             (100, 100, 100.5, 300.5), (200, 100, 200.5, 300.5), (300, 100, 300.5, 300.5)]
    for x0, y0, x1, y1 in boxes:
        pdfium_c.FPDFPath_MoveTo(path, x0, y0)
        for x, y in ((x1, y0), (x1, y1), (x0, y1)):
            pdfium_c.FPDFPath_LineTo(path, x, y)
        pdfium_c.FPDFPath_Close(path)
    pdfium_c.FPDFPageObj_SetFillColor(path, 0, 0, 0, 255)
    pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_WINDING, False)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    target = tmp_path / "grid.pdf"
    pdf.save(target)
    content = read_page(open_document(target), 0)
    assert sorted((e["orientation"], round(e["x0"]), round(e["top"])) for e in content.edges) \
        == [("h", 100, 100), ("h", 100, 200), ("h", 100, 300),
            ("v", 100, 100), ("v", 200, 100), ("v", 300, 100)]
