"""Scanned pages: Tesseract's words into lines, the footnote rule from the image, labels.

The unit tests feed made-up word tables; the end-to-end ones OCR a page image and are
skipped where Tesseract or its Vietnamese data is not installed (CI installs both).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.lines import Line
from docparse.ingest.ocr import lines_from_words, ocr_available, repair_labels, short_rules
from docparse.layout.model import RawFootnote
from docparse.layout.ocr_anchors import place_ocr_anchors
from docparse.pipeline import ParseOptions, parse_bytes, parse_path
from docparse.structure.metadata import known_phrase

ROOT = Path(__file__).resolve().parent.parent
needs_ocr = pytest.mark.skipif(ocr_available() is not None, reason=f"OCR: {ocr_available()}")


def words(*rows: tuple[int, int, int, int, int, str]) -> dict[str, list[object]]:
    """A word table as pytesseract.image_to_data gives it: (line, left, top, w, h, text)."""
    keys = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "text", "conf")
    table: dict[str, list[object]] = {k: [] for k in keys}
    for line, left, top, width, height, text in rows:
        for key, value in zip(keys, (1, 1, line, left, top, width, height, text, 95), strict=True):
            table[key].append(value)
    return table


def test_words_become_lines_split_at_columns() -> None:
    # At scale 1 (pixels = points): a 14 pt line whose words are about 12 pt tall.
    data = words(
        (1, 80, 60, 60, 12, "UBND"), (1, 145, 60, 40, 12, "TỈNH"),  # left column
        (1, 300, 60, 80, 12, "CỘNG"), (1, 385, 60, 40, 12, "HÒA"),  # 115 pt further: right
        (2, 110, 100, 30, 12, "Số:"), (2, 170, 100, 60, 12, "/KH-UBND"),  # a blank, same line
        (3, 80, 130, 20, 12, "I.MỤC"), (3, 105, 130, 40, 12, "ĐÍCH"),
    )
    lines = lines_from_words(data, page=1, scale=1.0)
    assert [ln.text for ln in lines] == ["UBND TỈNH", "CỘNG HÒA", "Số: /KH-UBND", "I. MỤC ĐÍCH"]
    assert all(ln.ocr and ln.page == 1 for ln in lines)
    assert lines[0].bbox == (80, 60, 185, 72)
    assert lines[0].size == pytest.approx(13.8, abs=0.1)


def test_a_line_under_the_rule_keeps_its_size() -> None:
    # The words under the footnote rule took it into their boxes (top 734, 18 pt tall).
    data = words(
        (1, 85, 734, 10, 18, "*"), (1, 100, 734, 30, 18, "Xây"), (1, 135, 734, 40, 18, "dựng,"),
        *[(1, 180 + 40 * i, 741, 35, 9, "chữ") for i in range(6)],
    )
    (line,) = lines_from_words(data, page=4, scale=1.0, rules=[735.5])
    assert line.size == pytest.approx(10.3, abs=0.1)
    assert line.bbox is not None and line.bbox[1] > 735.5


def test_footnote_rule_found_in_the_image() -> None:
    dark = np.zeros((1100, 800), dtype=bool)
    dark[500, 100:330] = True  # the rule: one thin stroke, a third of the width
    dark[300:312, 100:700:3] = True  # text: broken strokes
    dark[800:830, 100:700] = True  # a filled box, not thin
    assert short_rules(dark, scale=0.5) == [250.0]


def test_roman_labels_repaired() -> None:
    lines = [Line(text=t) for t in (
        "L MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "IL NHIỆM VỤ, GIẢI PHÁP",
        "II. TỔ CHỨC THỰC HIỆN",  # "III" read as "II": a repeat is the next one
        "PHỤ LỤC", "I. DANH MỤC NHIỆM VỤ",  # an annex starts again at I
        "I. Về công tác",  # not an upper-case heading: left alone
    )]
    repair_labels(lines)
    assert [ln.text for ln in lines] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NHIỆM VỤ, GIẢI PHÁP",
        "III. TỔ CHỨC THỰC HIỆN", "PHỤ LỤC", "I. DANH MỤC NHIỆM VỤ", "I. Về công tác"]


def _scanned(source: Path, target: Path, pages: int) -> Path:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    images = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(pages)]
    pdf.close()
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=200)
    return target


@needs_ocr
@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    # The first two pages of a plan, as images only: a scanner's PDF.
    scan = _scanned(ROOT / "corpus/pdf/001_b6d80c2a7c03c546.pdf", tmp_path / "scan.pdf", 2)
    doc = parse_path(scan)
    meta = doc.metadata
    assert (meta.parent_issuer, meta.issuer, meta.doc_type_code) == (
        "UBND TỈNH LẠNG SƠN", "THANH TRA TỈNH", "KH")
    assert meta.title is not None and meta.title.startswith("Triển khai Chương trình hành động")
    assert meta.title.endswith("nhiệm kỳ 2025-2030")  # all three title lines, not one
    assert [s.title for s in doc.sections[:2]] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP"]
    assert any("read by OCR" in w for w in doc.warnings)
    assert doc.source.pages == 2


def test_no_ocr_refuses_a_scan_with_the_reason(tmp_path: Path) -> None:
    scan = _scanned(ROOT / "corpus/pdf/005_written_quyet_dinh.pdf", tmp_path / "scan.pdf", 1)
    with pytest.raises(DocparseError) as caught:
        parse_path(scan, ParseOptions(ocr=False))
    assert caught.value.code is ErrorCode.NO_TEXT
    assert "--no-ocr" in str(caught.value)


def _without_unicode(source: Path, target: Path, pages: int) -> Path:
    """The first pages of a PDF with their fonts' Unicode maps removed: text whose glyphs
    pdfminer can only name "(cid:12)", as some printers' and e-office PDFs have."""
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(source), PdfWriter()
    for page in reader.pages[:pages]:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop("/ToUnicode", None)
        writer.add_page(page)
    writer.write(target)
    return target


def test_fonts_without_unicode_give_a_clear_error_without_ocr(tmp_path: Path) -> None:
    pdf = _without_unicode(ROOT / "corpus/pdf/005_written_quyet_dinh.pdf", tmp_path / "x.pdf", 1)
    with pytest.raises(DocparseError) as caught:
        parse_path(pdf, ParseOptions(ocr=False))
    assert caught.value.code is ErrorCode.NO_TEXT
    assert "no Unicode map" in str(caught.value) and "--no-ocr" in str(caught.value)


@needs_ocr
@pytest.mark.slow
def test_fonts_without_unicode_are_read_by_ocr(tmp_path: Path) -> None:
    pdf = _without_unicode(ROOT / "corpus/pdf/001_b6d80c2a7c03c546.pdf", tmp_path / "x.pdf", 1)
    doc = parse_path(pdf)
    assert (doc.metadata.issuer, doc.metadata.doc_type_code) == ("THANH TRA TỈNH", "KH")
    assert doc.sections and doc.sections[0].title == "MỤC ĐÍCH, YÊU CẦU"
    assert not any("(cid:" in p.text for p, _ in doc.iter_paragraphs())
    assert any("Unicode map" in w and "read by OCR" in w for w in doc.warnings)


@needs_ocr
@pytest.mark.slow
def test_searchable_scan_text_layer_is_taken_as_ocr(tmp_path: Path) -> None:
    # A scanner's "searchable PDF": the page image under Tesseract's invisible text layer.
    from docparse.evaluation.corpus import CorpusFile, searchable_copies

    first = tmp_path / "first.pdf"
    _without_unicode(ROOT / "corpus/pdf/001_b6d80c2a7c03c546.pdf", first, 1)  # one page
    scan = _scanned(first, tmp_path / "scan.pdf", 1)
    (copy,) = searchable_copies([CorpusFile("001", "pdf", scan)], tmp_path / "out")
    doc = parse_path(copy.path)
    meta = doc.metadata
    assert (meta.issuer, meta.doc_type_code, meta.place) == ("THANH TRA TỈNH", "KH", "Lạng Sơn")
    assert doc.sections and doc.sections[0].title == "MỤC ĐÍCH, YÊU CẦU"
    assert any("text layer made by OCR" in w for w in doc.warnings)
    assert not any("read by OCR" in w for w in doc.warnings)  # the layer is read, not re-OCRed


def _page_images(source: Path, pages: int, dpi: int = 200) -> list[object]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(pages)]
    finally:
        pdf.close()


@needs_ocr
@pytest.mark.slow
def test_scan_saved_as_images_is_read_by_ocr(tmp_path: Path) -> None:
    import io

    images = _page_images(ROOT / "corpus/pdf/001_b6d80c2a7c03c546.pdf", 2)
    png, tiff = io.BytesIO(), io.BytesIO()
    images[0].save(png, "PNG", dpi=(200, 200))  # type: ignore[attr-defined]
    images[0].save(tiff, "TIFF", save_all=True, append_images=images[1:])  # type: ignore
    first = parse_bytes(png.getvalue(), "scan.png")
    assert first.source.format == "image" and first.source.pages == 1
    assert (first.metadata.issuer, first.metadata.doc_type_code) == ("THANH TRA TỈNH", "KH")
    assert any("read by OCR" in w for w in first.warnings)
    both = parse_bytes(tiff.getvalue(), "scan.tif", ParseOptions(enrich=False))
    assert both.source.pages == 2  # every frame of the TIFF is a page
    assert [s.title for s in both.sections[:2]] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP"]


@needs_ocr
@pytest.mark.slow
def test_page_scanned_sideways_is_read_upright() -> None:
    import io

    (image,) = _page_images(ROOT / "corpus/pdf/001_b6d80c2a7c03c546.pdf", 1)
    sideways = io.BytesIO()
    image.rotate(90, expand=True).save(sideways, "PNG", dpi=(200, 200))  # type: ignore
    doc = parse_bytes(sideways.getvalue(), "sideways.png", ParseOptions(enrich=False))
    assert (doc.metadata.issuer, doc.metadata.doc_type_code) == ("THANH TRA TỈNH", "KH")
    assert "page 1 was scanned turned 90°; it was read turned upright" in doc.warnings


def test_skew_angle_of_a_page_fed_askew() -> None:
    from PIL import Image

    from docparse.ingest.ocr import skew_angle

    page = np.full((2200, 1600), 255, dtype=np.uint8)
    for top in range(200, 2000, 60):  # lines of "text": dark bars with gaps between words
        for left in range(150, 1450, 130):
            page[top:top + 25, left:left + 100] = 0
    image = Image.fromarray(page)
    assert abs(skew_angle(image)) < 0.05
    askew = image.rotate(0.7, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert skew_angle(askew) == pytest.approx(-0.7, abs=0.1)


def test_image_pages_limit_and_size(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from docparse.ingest.image import image_to_pdf

    frames = [Image.new("L", (827, 1169), 255) for _ in range(3)]  # A4 at 100 dpi, no dpi set
    data = io.BytesIO()
    frames[0].save(data, "TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(DocparseError) as caught:
        image_to_pdf(data.getvalue(), "scan.tif", max_pages=2)
    assert caught.value.code is ErrorCode.TOO_LARGE
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(image_to_pdf(data.getvalue(), "scan.tif"))).pages[0]
    assert round(float(page.mediabox.width)) == 595  # taken as A4 wide: 8.27 in


@pytest.mark.parametrize(("read", "phrase"), [
    ("PHO CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("KT CHỦ TICH", "KT. CHỦ TỊCH"), ("KÉ HOẠCH", "KẾ HOẠCH"),
    ("TM. UY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"), ("Nơi nhân:", "Nơi nhận:"),
    ("Sở Tài chính", None), ("CHỦ TỊCH UBND TỈNH", None),  # not a whole fixed phrase
    ("T/M ĐẢNG ỦY", None), ("QUYẾT ĐỊNH:", None),  # letters right: kept as printed
])
def test_fixed_phrases_put_back(read: str, phrase: str | None) -> None:
    assert known_phrase(read) == phrase


def test_raised_numbers_become_anchors() -> None:
    body = [
        Line(text="thực hiện theo quy định°. Diện tích 8.310 km2 và", page=2, ocr=True),
        Line(text="báo cáo Thanh tra Chính phủ”. Tổ chức", page=2, ocr=True),
        Line(text="trên địa bàn tỉnh', các cơ quan", page=3, ocr=True),  # page 3: 1 of 2 read
    ]
    notes = [RawFootnote(n, [Line(text="…", page=p, ocr=True)]) for n, p in ((3, 2), (4, 2),
                                                                             (5, 3), (6, 3))]
    place_ocr_anchors(body, notes)
    assert body[0].text == "thực hiện theo quy định. Diện tích 8.310 km2 và"  # km2 is a unit
    assert [(m.number, body[0].text[: m.offset][-8:]) for m in body[0].markers] == [(3, "quy định")]
    assert [(m.number, body[1].text[: m.offset]) for m in body[1].markers] == [
        (4, "báo cáo Thanh tra Chính phủ")]
    # Two footnotes start on page 3 but one candidate: no anchor rather than a wrong one.
    assert body[2].markers == [] and body[2].text.endswith("tỉnh', các cơ quan")


# OCR lines under a footnote rule: how each one starts, and whether it opens the next note.
OCR_NOTE_LINES = [
    ("1 Thuận lợi: Nghị quyết được triển khai.", 1),
    ("2 Về việc chỉ định BCH, BTV nhiệm kỳ 2020-2025", 2),  # no final stop
    ("* Khối chính quyền giảm: 05 sở,", 3),  # a raised 3 read as "*" after an open note
    ("42 phòng chuyên môn và tương đương.", 3),  # a figure that goes on the note above
    ("” 100% các trường học triển khai thanh toán.", 4),  # sign, then a note opening on a figure
    ("5 Quy mô, mạng lưới trường lớp được sắp xếp.", 5),
    ("7 nhân kỷ niệm 75 năm thiết lập quan hệ ngoại giao", 5),  # a 6 read as 7, lower case
]


def test_ocr_footnote_starts_misread() -> None:
    from docparse.layout.pdf_layout import _collect_footnotes

    footnotes: list[RawFootnote] = []
    lines = [Line(text=text, page=1, ocr=True) for text, _ in OCR_NOTE_LINES]
    _collect_footnotes(lines, footnotes, marked=False)
    owner = [n for n, note in ((f.number, f) for f in footnotes) for _ in note.lines]
    assert owner == [number for _, number in OCR_NOTE_LINES]
    assert footnotes[2].lines[0].text.startswith("Khối chính quyền")
    assert footnotes[3].lines[0].text.startswith("100% các trường học")
