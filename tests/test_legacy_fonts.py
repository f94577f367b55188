"""Legacy Vietnamese fonts: TCVN3 (.VnTime, .VnTimeH) and VNI (VNI-Times) text read as Unicode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx_tables import docx_bytes

from docparse.ingest.docx import read_docx
from docparse.ingest.legacy_fonts import decode_legacy_fonts, tcvn3_to_unicode, vni_to_unicode
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
    return [{"fontname": font, "text": c, "x0": 5.0 * i, "x1": 5.0 * i + 5}
            for i, c in enumerate(text)]


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


@pytest.mark.parametrize(("vni", "unicode"), [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛY BAN NHAÂN DAÂN TÆNH LAÏNG SÔN", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    ("ngöôøi, kinh phí, naêm 2025, ñöôïc, Ñieàu 5", "người, kinh phí, năm 2025, được, Điều 5"),
    ("Ngaøy 21/4/2025: ñaày ñuû, kòp thôøi; tyû leä 47,11%",
     "Ngày 21/4/2025: đầy đủ, kịp thời; tỷ lệ 47,11%"),
    ("aém, aúm, aüm, aëm, yù, yõ, î", "ắm, ẳm, ẵm, ặm, ý, ỹ, ỵ"),
])
def test_vni_to_unicode(vni: str, unicode: str) -> None:
    assert vni_to_unicode(vni) == unicode


def test_only_legacy_fonts_change() -> None:
    chars = [*_chars(".VnTime", "n¨m"), *_chars("Times-Roman", "µ"),
             *_chars("VNI-Times", "naêm ñoù")]
    out, fonts = decode_legacy_fonts(chars)
    assert "".join(c["text"] for c in out) == "nămµnăm đó"
    assert fonts == {".VnTime", "VNI-Times"}
    assert chars[0]["text"] == "n" and chars[1]["text"] == "¨"  # input left untouched


def test_vni_base_and_mark_become_one_char() -> None:
    chars = [{"fontname": "ABCDEF+VNI-Times", "text": t, "x0": x, "x1": x + w}
             for t, x, w in (("V", 0, 7), ("i", 7, 3), ("e", 10, 5), ("ä", 10, 5), ("t", 15, 3))]
    out, fonts = decode_legacy_fonts(chars)
    assert [(c["text"], c["x0"], c["x1"]) for c in out] == [
        ("V", 0, 7), ("i", 7, 10), ("ệ", 10, 15), ("t", 15, 18)]
    assert fonts == {"VNI-Times"}
    # A font named VNI that draws Unicode Vietnamese ("ư") is left alone.
    unicode = _chars("VNI-Times", "người được")
    assert decode_legacy_fonts(unicode)[0] == unicode


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
    assert raw.warnings == ["text in legacy Vietnamese fonts (.VnTime, .VnTimeH) on page(s) 1 was "
                            "converted to Unicode"]


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
    assert raw.warnings == ["text in legacy Vietnamese fonts (.VnTime, .VnTimeH) was converted "
                            "to Unicode"]
    # The warning reaches the document, as the PDF path's do.
    assert parse_bytes(docx_bytes(document), "old.docx").warnings == raw.warnings
