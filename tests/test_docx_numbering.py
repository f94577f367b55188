"""Word's automatic numbering: labels kept in numbering.xml come back in front of their text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml

from docparse.pipeline import ParseOptions, parse_bytes, parse_path
from tests.docx_tables import docx_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'

def _abstract(number: int, levels: list[tuple[str, str]]) -> str:
    """An abstract list definition: (format, label text) per level, counting from 1."""
    body = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    return f'<w:abstractNum {NS} w:abstractNumId="{number}">{body}</w:abstractNum>'


# A Decree 30 outline: I. > 1. > a) > - > (a Symbol-font dot), set up as a multilevel list.
OUTLINE = _abstract(90, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"),
                         ("bullet", "-"), ("bullet", "&#61623;")])
# "1.1." style decimals for a second list, started over by a start override.
DECIMAL = _abstract(91, [("decimal", "%1."), ("decimal", "%1.%2.")])


def _lists(document: Any) -> None:
    numbering = document.part.numbering_part.element
    first_num = numbering.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for xml in (OUTLINE, DECIMAL):
        if first_num is not None:
            first_num.addprevious(parse_xml(xml))  # abstract definitions come before lists
        else:
            numbering.append(parse_xml(xml))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {NS} w:numId="92"><w:abstractNumId w:val="91"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))


def _numbered(document: Any, text: str, num_id: int, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


# The plan's paragraphs: (text, list, level); list None = a plain paragraph.
PLAN: list[tuple[str, int | None, int]] = [
    ("KẾ HOẠCH", None, 0), ("Chuyển đổi số năm 2026", None, 0),
    ("MỤC ĐÍCH, YÊU CẦU", 90, 0),
    ("Đẩy mạnh chuyển đổi số trong cơ quan nhà nước.", None, 0),
    ("NHIỆM VỤ, GIẢI PHÁP", 90, 0),
    ("Số hóa hồ sơ", 90, 1),
    ("Số hóa hồ sơ thủ tục hành chính.", 90, 2),
    ("Cơ quan chủ trì: Sở Khoa học và Công nghệ.", 90, 3),
    ("Thời gian: Quý II/2026.", 90, 3),
    ("Cập nhật kho dữ liệu.", 90, 2),
    ("Dữ liệu dân cư;", 90, 4),
    ("Tập huấn kỹ năng số", 90, 1),
    ("TỔ CHỨC THỰC HIỆN", 90, 0),
    ("Các sở, ngành", 91, 0),
    ("Sở Nội vụ theo dõi, tổng hợp.", 91, 1),
    ("Sở Tài chính bố trí kinh phí.", 91, 1),
    ("UBND các xã", 91, 0),
    ("Một danh sách bắt đầu lại", 92, 0),  # restarted: "1." again
]


def _plan() -> bytes:
    document = docx.Document()
    _lists(document)
    for text, num_id, level in PLAN:
        if num_id is None:
            document.add_paragraph(text)
        else:
            _numbered(document, text, num_id, level)
    return docx_bytes(document)


@pytest.fixture(scope="module")
def labels() -> list[tuple[str, int]]:
    doc = parse_bytes(_plan(), "plan.docx", ParseOptions(enrich=False))
    return [(s.label, s.level) for s in doc.iter_sections()]


def test_outline_labels_come_back(labels: list[tuple[str, int]]) -> None:
    # Levels: the outline's depth; "1.1." under "1." of a second list; the restarted list
    # counts from 1 again; a symbol-font dot under a dash level reads as "+".
    assert labels == [
        ("I.", 1), ("II.", 1), ("1.", 2), ("a)", 3), ("-", 4), ("-", 4), ("b)", 3), ("+", 4),
        ("2.", 2), ("III.", 1), ("1.", 2), ("1.1.", 3), ("1.2.", 3), ("2.", 2), ("1.", 2)]


def test_numbered_plan_gives_its_tasks() -> None:
    from docparse.link.tasks import extract_tasks

    doc = parse_bytes(_plan(), "plan.docx", ParseOptions(enrich=False))
    first = extract_tasks(doc)[0]
    assert (first.label_path, first.units) == ("II.1.a", ["Sở Khoa học và Công nghệ"])
    assert first.deadline is not None and first.deadline.value == "2026-Q2"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_word_numbering_survives_a_round_trip_and_print_to_pdf(
    tmp_path: Path, labels: list[tuple[str, int]]
) -> None:
    # LibreOffice writes its own numbering XML (another writer than python-docx), and its PDF
    # puts a tab stop between each label and its text, as Word's PDFs do.
    (tmp_path / "plan.docx").write_bytes(_plan())
    out = tmp_path / "out"
    for target in ("docx", "pdf"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
             "--convert-to", target, "--outdir", str(out), str(tmp_path / "plan.docx")],
            check=True, capture_output=True, timeout=180,
        )
    again = parse_path(out / "plan.docx", ParseOptions(enrich=False))
    assert [(s.label, s.level) for s in again.iter_sections()] == labels
    printed = parse_path(out / "plan.pdf", ParseOptions(enrich=False))
    sections = list(printed.iter_sections())
    # The PDF draws the symbol-font dot as a bullet: "•" where the DOCX reads "+".
    assert [(s.label, s.level) for s in sections] == [
        ("•", 4) if label == "+" else (label, level) for label, level in labels]
    assert [s.title for s in sections[:3]] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP",
                                               "Số hóa hồ sơ"]


def test_task_table_numbered_by_word() -> None:
    # The STT column of a task table, numbered by Word ("%1" in each first cell).
    from docparse.link.tasks import extract_tasks
    from tests.docx_tables import fill_table

    document = docx.Document()
    _lists(document)
    numbering = document.part.numbering_part.element
    numbering.find(f"{{{W}}}num").addprevious(parse_xml(_abstract(80, [("decimal", "%1")])))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    for text in ("KẾ HOẠCH", "Cải cách hành chính năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                 "Nâng cao hiệu quả.", "II. NHIỆM VỤ, GIẢI PHÁP"):
        document.add_paragraph(text)
    table = fill_table(document, [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Quý II/2026"],
        ["", "Số hóa hồ sơ", "Văn phòng UBND tỉnh", "Tháng 9/2026"],
    ], ruled=True)
    for row in (1, 2):
        table.cell(row, 0).paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="80"/></w:numPr>'))
    doc = parse_bytes(docx_bytes(document), "plan.docx", ParseOptions(enrich=False))
    assert [(t.label_path, t.units, t.deadline.value if t.deadline else None)
            for t in extract_tasks(doc)] == [
        ("II.1", ["Sở Tư pháp"], "2026-Q2"), ("II.2", ["Văn phòng UBND tỉnh"], "2026-09")]
