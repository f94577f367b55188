"""Legacy Vietnamese fonts: TCVN3 text (.VnTime, .VnTimeH) is read as Unicode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx_tables import docx_bytes

from docparse.ingest.docx import read_docx
from docparse.ingest.legacy_fonts import decode_legacy_fonts, tcvn3_to_unicode
from docparse.ingest.pdf import read_pdf
from docparse.pipeline import parse_bytes


@pytest.mark.parametrize(("tcvn3", "capitals", "unicode"), [
    ("Xin chµo tÊt c¶ mäi ng\u00adêi", False, "Xin chào tất cả mọi người"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", False, "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", False, "Độc lập - Tự do - Hạnh phúc"),
    ("Kinh phÝ thùc hiÖn n¨m 2025: 9.870 triÖu ®ång", False,
     "Kinh phí thực hiện năm 2025: 9.870 triệu đồng"),
    ("uû ban nh©n d©n tØnh l¹ng s¬n", True, "UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    ("kÕ ho¹ch", True, "KẾ HOẠCH"),
])
def test_tcvn3_to_unicode(tcvn3: str, capitals: bool, unicode: str) -> None:
    assert tcvn3_to_unicode(tcvn3, capitals=capitals) == unicode


def _chars(font: str, text: str) -> list[dict[str, Any]]:
    return [{"fontname": font, "text": c} for c in text]


@pytest.mark.parametrize(("font", "text", "decoded"), [
    ("ABCDEF+.VnTime", "b¸o c¸o", "báo cáo"),
    (".VnTimeH", "b¸o c¸o", "BÁO CÁO"),
    (".VnTimeH", "ubnd", "UBND"),  # a capital font uppercases plain letters too
    (".VnTime", "Report 2025", "Report 2025"),  # nothing to decode
    ("TimesNewRomanPSMT", "b¸o", "b¸o"),  # not a TCVN3 font: left as drawn
    ("VnTimesUnicode", "báo cáo", "báo cáo"),  # no capital after "Vn": not TCVN3
    (".VnTime", "báo cáo ư", "báo cáo ư"),  # draws "ư": a Unicode font named .Vn
])
def test_decode_by_font(font: str, text: str, decoded: str) -> None:
    chars, _ = decode_legacy_fonts(_chars(font, text))
    assert "".join(c["text"] for c in chars) == decoded


def test_only_legacy_fonts_change_and_vni_is_reported() -> None:
    chars = [*_chars(".VnTime", "n¨m"), *_chars("Times-Roman", "µ"), *_chars("VNI-Times", "naêm")]
    out, fonts = decode_legacy_fonts(chars)
    assert "".join(c["text"] for c in out) == "nămµnaêm"
    assert fonts == {".VnTime", "VNI:VNI-Times"}
    assert chars[0]["text"] == "n"  and chars[1]["text"] == "¨"  # input left untouched


def _pdf(runs: list[tuple[str, bytes, int]]) -> bytes:
    """A one-page PDF drawing each (font name, WinAnsi bytes, y) run at x = 72."""
    fonts = sorted({font for font, _, _ in runs})
    widths = " ".join(["500"] * 224)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    ]
    font_refs = " ".join(f"/F{i} {5 + i} 0 R" for i in range(len(fonts)))
    content = b"".join(
        b"BT /F%d 12 Tf 72 %d Td (%s) Tj ET\n" % (fonts.index(font), y, text)
        for font, text, y in runs
    )
    objects.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    f"/Resources << /Font << {font_refs} >> >> >>").encode())
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    for i, font in enumerate(fonts):  # pdfminer names a font by its descriptor
        objects.append((f"<< /Type /Font /Subtype /TrueType /BaseFont /{font} /Encoding "
                        f"/WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [{widths}] "
                        f"/FontDescriptor {5 + len(fonts) + i} 0 R >>").encode())
    for font in fonts:
        objects.append((f"<< /Type /FontDescriptor /FontName /{font} /Flags 32 /FontBBox "
                        "[0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
                        "/CapHeight 700 /StemV 80 >>").encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_pdf_in_tcvn3_fonts_reads_as_unicode(tmp_path: Path) -> None:
    path = tmp_path / "old.pdf"
    path.write_bytes(_pdf([
        (".VnTimeH", "uû ban nh\xa9n d\xa9n".encode("latin-1"), 780),
        (".VnTime", "B\xb8o c\xb8o k\xd5t qu\xb6 n\xa8m 2025".encode("latin-1"), 740),
    ]))
    raw = read_pdf(path, ocr=False)
    texts = [line.text for page in raw.pages for line in page.lines]
    assert texts == ["UỶ BAN NHÂN DÂN", "Báo cáo kết quả năm 2025"]
    assert any("TCVN3" in w and ".VnTime, .VnTimeH" in w for w in raw.warnings)


def test_docx_runs_in_tcvn3_fonts_read_as_unicode() -> None:
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    heading = document.add_paragraph().add_run("kÕ ho¹ch")
    heading.font.name = ".VnTimeH"
    # "cã" alone shows no TCVN3 code point; the rest of the text in the font does.
    document.add_paragraph("cã")
    document.add_paragraph("Tæ chøc thùc hiÖn n¨m 2025")
    unicode_run = document.add_paragraph().add_run("Tổ chức thực hiện")
    unicode_run.font.name = "Times New Roman"
    raw = read_docx(docx_bytes(document), "old.docx")
    assert [line.text for line in raw.pages[0].lines] == [
        "KẾ HOẠCH", "có", "Tổ chức thực hiện năm 2025", "Tổ chức thực hiện",
    ]
    assert raw.warnings == ["text in legacy TCVN3 fonts (.VnTime, .VnTimeH) was converted to "
                            "Unicode"]
    # The warning reaches the document, as the PDF path's do.
    assert parse_bytes(docx_bytes(document), "old.docx").warnings == raw.warnings
