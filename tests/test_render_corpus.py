"""Tests for scripts/render_corpus.py: the .fodt it writes and, with LibreOffice, the PDF."""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "render_corpus.py"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def load_script() -> ModuleType:
    # scripts/ is not a package; load the file as a module under its own name.
    spec = importlib.util.spec_from_file_location("render_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rc = load_script()

FILLER = (
    "Năm 2025, UBND tỉnh tiếp tục quán triệt, chỉ đạo các cấp, các ngành thực hiện nghiêm túc chủ "
    "trương của Đảng, pháp luật của Nhà nước; tăng cường kỷ luật, kỷ cương hành chính, phát huy "
    "trách nhiệm của người đứng đầu các cơ quan, đơn vị trong thực hiện nhiệm vụ, công vụ."
)
# Long enough that LibreOffice has to continue it in the next page's footnote area.
LONG_FOOTNOTE = (
    "; ".join(
        f"Kế hoạch số {100 + i}/KH-UBND ngày {i + 1:02d}/03/2025 của UBND tỉnh về triển khai "
        "công tác phòng, chống tham nhũng, tiêu cực tại các cơ quan, đơn vị thuộc tỉnh "
        f"(đợt {i + 1})"
        for i in range(18)
    )
    + " - HẾT CHÚ THÍCH."
)


def heading(label: str, kind: str, level: int, text: str) -> dict[str, Any]:
    return {"type": "heading", "label": label, "kind": kind, "level": level, "text": text}


def sample_doc() -> dict[str, Any]:
    """A small document in the gold format with every feature the renderer handles."""
    blocks: list[dict[str, Any]] = [
        {"type": "paragraph", "text": "Thực hiện Nghị quyết số 168/NQ-CP ngày 11/10/2023."},
        heading("Phần thứ nhất", "part", 1, "KẾT QUẢ THỰC HIỆN"),
        heading("I.", "roman", 2, "KHÁI QUÁT CHUNG"),
        {"type": "paragraph", "text": "Có 07 dân tộc chính[^1]. Tỷ lệ a < b & c > d."},
        heading("1.", "arabic", 3, "Lãnh đạo"),
        heading("1.1.", "decimal", 4, "Tuyên truyền"),
        heading("a)", "letter", 5, "Báo chí"),
        {"type": "paragraph", "text": f"{FILLER} {FILLER} Ban hành các văn bản[^2]."},
        heading("-", "dash", 6, "Đơn vị: Sở Tư pháp."),
        heading("+", "plus", 7, "Thời gian: 2026."),
        *({"type": "paragraph", "text": FILLER} for _ in range(8)),
        {"type": "paragraph", "text": "UBND tỉnh trân trọng báo cáo./."},
    ]
    return {
        "document": "sample",
        "metadata": {
            "parent_issuer": "UBND TỈNH LẠNG SƠN",
            "issuer": "THANH TRA TỈNH",
            "number": None,
            "symbol": "KH-TTr",
            "doc_type": "Kế hoạch",
            "doc_type_code": "KH",
            "place": "Lạng Sơn",
            "date": None,
            "title": "Triển khai Chương trình hành động số 04",
            "signer": {
                "authority": ["KT. CHÁNH THANH TRA"],
                "title": "PHÓ CHÁNH THANH TRA",
                "name": "Nguyễn Mai Loan",
            },
            "recipients": ["UBND tỉnh (B/c)", "Lưu: VT"],
        },
        "inferred": [],
        "blocks": blocks,
        "footnotes": [
            {"number": 1, "text": "Nùng (42,9%) & Tày <36,1%>."},
            {"number": 2, "text": LONG_FOOTNOTE},
        ],
        "annexes": [
            {
                "label": "PHỤ LỤC I",
                "title": "DANH MỤC NHIỆM VỤ",
                "blocks": [
                    {"type": "paragraph", "text": "Nhiệm vụ rà soát văn bản."},
                    {"type": "table", "rows": [["STT", "Nhiệm vụ"], ["1", "Rà soát"]]},
                ],
            }
        ],
    }


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.encode("utf-8"))


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_fodt_is_well_formed_in_every_variant() -> None:
    for variant in (rc.CANONICAL, *rc.VARIANTS):
        root = parse(rc.build_fodt(sample_doc(), variant))
        assert root.tag.endswith("document")


def test_fodt_has_real_footnotes_where_the_markers_are() -> None:
    root = parse(rc.build_fodt(sample_doc(), rc.CANONICAL))
    notes = root.findall(f".//{{{TEXT_NS}}}note")
    assert [n.get(f"{{{TEXT_NS}}}note-class") for n in notes] == ["footnote", "footnote"]
    citations = [n.find(f"{{{TEXT_NS}}}note-citation") for n in notes]
    assert [c.text for c in citations if c is not None] == ["1", "2"]
    # The note sits inside the paragraph right after the word it follows.
    paragraph = next(p for p in root.iter(f"{{{TEXT_NS}}}p") if "dân tộc chính" in all_text(p))
    first_note = paragraph.find(f"{{{TEXT_NS}}}note")
    assert first_note is not None and first_note.tail is not None
    assert first_note.tail.startswith(". Tỷ lệ")
    assert "[^" not in all_text(root)


def test_special_characters_are_escaped() -> None:
    xml = rc.build_fodt(sample_doc(), rc.CANONICAL)
    assert "a &lt; b &amp; c &gt; d" in xml
    text = all_text(parse(xml))
    assert "a < b & c > d" in text
    assert "Nùng (42,9%) & Tày <36,1%>." in text


def test_first_page_style_and_page_number_header() -> None:
    root = parse(rc.build_fodt(sample_doc(), rc.CANONICAL))
    styles = {s.get(f"{{{STYLE_NS}}}name"): s for s in root.iter(f"{{{STYLE_NS}}}style")}
    header_style = styles["Header_Table"]
    assert header_style.get(f"{{{STYLE_NS}}}master-page-name") == "First_20_Page"
    masters = {m.get(f"{{{STYLE_NS}}}name"): m for m in root.iter(f"{{{STYLE_NS}}}master-page")}
    assert masters["First_20_Page"].get(f"{{{STYLE_NS}}}next-style-name") == "Standard"
    assert masters["Standard"].find(f".//{{{TEXT_NS}}}page-number") is not None
    assert masters["First_20_Page"].find(f"{{{STYLE_NS}}}header") is None


def test_blank_number_and_date_keep_their_spaces() -> None:
    meta = sample_doc()["metadata"]
    assert rc.number_line(meta, party=False) == f"Số: {rc.BLANK}/KH-TTr"
    assert rc.date_line(meta, None) == f"Lạng Sơn, ngày {rc.BLANK} tháng {rc.BLANK} năm {rc.BLANK}"
    assert rc.date_line(meta, (None, "01", "2026")).endswith(f"ngày {rc.BLANK} tháng 01 năm 2026")
    # ODF collapses runs of spaces, so the blank must become a text:s element.
    assert '<text:s text:c="6"/>' in rc.xml_text(rc.number_line(meta, party=False))


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2025-02-05", "ngày 05 tháng 02 năm 2025"),
        ("2025-03-07", "ngày 07 tháng 3 năm 2025"),
        ("2025-10-29", "ngày 29 tháng 10 năm 2025"),
    ],
)
def test_dates_follow_decree_30_zero_padding(iso: str, expected: str) -> None:
    assert rc.date_line({"place": "Lạng Sơn", "date": iso}, None) == f"Lạng Sơn, {expected}"


def test_party_document_header() -> None:
    doc = sample_doc()
    doc["metadata"].update(
        parent_issuer="ĐẢNG BỘ TỈNH LẠNG SƠN", issuer="TỈNH ỦY", number="04", symbol="CTr/TU"
    )
    text = all_text(parse(rc.build_fodt(doc, rc.CANONICAL)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số 04-CTr/TU" in text


def test_out_of_sequence_footnotes_keep_gold_numbers() -> None:
    doc = sample_doc()
    doc["blocks"] = [{"type": "paragraph", "text": "Một[^2] hai[^5]."}]
    doc["footnotes"] = [{"number": 2, "text": "Hai."}, {"number": 5, "text": "Năm."}]
    doc["annexes"] = []
    root = parse(rc.build_fodt(doc, rc.CANONICAL))
    labels = [c.get(f"{{{TEXT_NS}}}label") for c in root.iter(f"{{{TEXT_NS}}}note-citation")]
    assert labels == ["2", "5"]


def test_nfd_variant_decomposes_the_text() -> None:
    variant = next(v for v in rc.VARIANTS if v.unicode_form == "NFD")
    xml = rc.build_fodt(sample_doc(), variant)
    assert unicodedata.normalize("NFD", "Lạng Sơn") in xml
    assert "Lạng Sơn" not in xml


def test_normalize_pdf_is_length_preserving_and_stable() -> None:
    def fake(stamp: bytes, ident: bytes) -> bytes:
        # The tail of a LibreOffice PDF: Info dictionary, then the trailer.
        info = b"%PDF-1.6\n/CreationDate(D:" + stamp + b"Z')>>\n"
        trailer = b"trailer\n<</ID [ <" + ident + b">\n<" + ident + b"> ]\n"
        return info + trailer + b"/DocChecksum /" + ident + b"\n>>\n%%EOF\n"

    first = rc.normalize_pdf(fake(b"20261123192234", b"BB05A0DF393AFFDC22CFC6F5AA69352F"))
    second = rc.normalize_pdf(fake(b"20261123192299", b"0123456789ABCDEF0123456789ABCDEF"))
    assert first == second
    assert len(first) == len(fake(b"20261123192234", b"BB05A0DF393AFFDC22CFC6F5AA69352F"))
    assert b"D:20000101000000" in first


@pytest.mark.slow
@pytest.mark.skipif(rc.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_sample_renders_to_pdf(tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "sample.json").write_text(json.dumps(sample_doc(), ensure_ascii=False), "utf-8")
    out = tmp_path / "pdf"
    written = rc.render([gold / "sample.json"], out, tmp_path / "no-text", with_variants=False)
    assert [path.name for path, _ in written] == ["sample.pdf"]
    pages = written[0][1]
    assert pages >= 3  # body runs onto page 2, the annex starts a new page

    with pdfplumber.open(out / "sample.pdf") as pdf:
        assert len(pdf.pages) == pages
        first, second = pdf.pages[0], pdf.pages[1]
        # No page number on page 1; "2" at the top centre of page 2.
        assert all(w["top"] > 45 for w in first.extract_words())
        top = second.extract_words()[0]
        assert top["text"] == "2" and top["top"] < 45
        # Footnote citations are superscript: smaller than the 14 pt body text.
        sizes = {round(c["size"], 1) for c in first.chars if c["text"] in "12"}
        assert any(size < 9 for size in sizes)
        # Footnote text is 10 pt, at the page bottom.
        footnote_words = [w for w in first.extract_words(extra_attrs=["size"]) if w["size"] == 10]
        assert footnote_words and min(w["top"] for w in footnote_words) > first.height / 2
        # The long footnote continues in the next page's footnote area.
        assert "HẾT CHÚ THÍCH" not in " ".join(first.extract_text().split())
        assert "HẾT CHÚ THÍCH" in " ".join(second.extract_text().split())
        assert "PHỤ LỤC I" in pdf.pages[-1].extract_text()

    # Deterministic: a second run writes the same bytes.
    again = tmp_path / "again"
    rc.render([gold / "sample.json"], again, tmp_path / "no-text", with_variants=False)
    assert (again / "sample.pdf").read_bytes() == (out / "sample.pdf").read_bytes()


def test_printed_date_hint_reads_the_seed_text(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("Số: /BC-UBND\n\nLạng Sơn, ngày tháng 01 năm 2026\n\nBÁO CÁO\n", "utf-8")
    assert rc.printed_date_hint(seed) == (None, "01", "2026")
    assert rc.printed_date_hint(tmp_path / "missing.txt") is None


def test_cli_rejects_unknown_stem(tmp_path: Path) -> None:
    (tmp_path / "sample.json").write_text(json.dumps(sample_doc(), ensure_ascii=False), "utf-8")
    assert rc.main(["--gold", str(tmp_path), "--only", "nope", "--out", str(tmp_path)]) == 2


def letter_doc() -> dict[str, Any]:
    doc = sample_doc()
    doc["metadata"].update(doc_type="Công văn", doc_type_code=None, symbol="UBND-NC",
                           title="tăng cường công tác phòng, chống tham nhũng",
                           addressees=["Các sở, ban, ngành tỉnh", "UBND các xã, phường"])
    doc["annexes"] = []
    return doc


def test_letter_prints_its_subject_and_addressees() -> None:
    fodt = rc.build_fodt(letter_doc(), rc.CANONICAL)
    assert "V/v tăng cường công tác phòng, chống tham nhũng" in fodt
    assert fodt.index("Kính gửi:") < fodt.index("- Các sở, ban, ngành tỉnh;") < fodt.index(
        "- UBND các xã, phường.") < fodt.index("Thực hiện Nghị quyết số 168/NQ-CP")
    one = letter_doc()
    one["metadata"]["addressees"] = ["Sở Tài chính"]
    assert "Kính gửi: Sở Tài chính." in rc.build_fodt(one, rc.CANONICAL)


@pytest.mark.slow
@pytest.mark.skipif(rc.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_docx_rendition_is_stable_and_reads_back(tmp_path: Path) -> None:
    from docparse.pipeline import ParseOptions, parse_path

    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "letter.json").write_text(json.dumps(letter_doc(), ensure_ascii=False), "utf-8")
    rc.render([gold / "letter.json"], tmp_path / "pdf", tmp_path / "no-text", False,
              docx_dir=tmp_path / "docx")
    first = (tmp_path / "docx" / "letter.docx").read_bytes()
    rc.render([gold / "letter.json"], tmp_path / "pdf", tmp_path / "no-text", False,
              docx_dir=tmp_path / "docx")
    assert (tmp_path / "docx" / "letter.docx").read_bytes() == first
    meta = parse_path(tmp_path / "docx" / "letter.docx", ParseOptions(enrich=False)).metadata
    assert meta.doc_type == "Công văn"
    assert meta.title == "tăng cường công tác phòng, chống tham nhũng"
    assert meta.addressees == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"]
