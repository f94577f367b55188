"""Ruled tables: a row is one paragraph with its cells, and a plan's task table gives tasks."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import docx
import pytest
from docx_tables import docx_bytes, fill_table

from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes, parse_path

ROOT = Path(__file__).resolve().parent.parent
PLAN_PDF = ROOT / "corpus/pdf/006_written_ke_hoach_bang.pdf"  # rendered by LibreOffice
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def test_pdf_table_rows_keep_their_cells() -> None:
    doc = parse_path(PLAN_PDF, ParseOptions())
    rows = [p for p in doc.annexes[0].paragraphs if p.cells is not None]
    assert rows[0].cells == HEADER
    assert rows[1].cells == [
        "1", "Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đất đai, xây dựng và đầu tư",
        "Sở Nông nghiệp và Môi trường", "Sở Xây dựng; Sở Tài chính", "Quý II/2026",
    ]
    assert rows[1].text == " | ".join(rows[1].cells)
    assert len(rows) == 5 and all(r.pages == [2] and r.bbox for r in rows)
    # The wrapped note above the table is one paragraph, not two.
    assert doc.annexes[0].paragraphs[0].text.endswith("của Ủy ban nhân dân tỉnh)")


def test_task_table_gives_tasks_with_units_and_deadlines() -> None:
    doc = parse_path(PLAN_PDF, ParseOptions())
    got = [(t.label_path, t.units, t.partners, t.deadline.value if t.deadline else None)
           for t in doc.tasks]
    assert got == [
        ("PL1.1", ["Sở Nông nghiệp và Môi trường"], ["Sở Xây dựng", "Sở Tài chính"], "2026-Q2"),
        ("PL1.2", ["Sở Nội vụ"], ["Văn phòng UBND tỉnh"], "2026-10"),
        ("PL1.3", ["Sở Khoa học và Công nghệ"], ["Các sở, ban, ngành tỉnh"], None),
        ("PL1.4", ["Sở Nội vụ"], ["Các cơ quan liên quan"], "2026-12-31"),
    ]
    assert doc.tasks[2].deadline is not None and doc.tasks[2].deadline.kind == "continuous"


def _docx_plan() -> bytes:
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)  # the Decree 30 header: two columns, no data
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 31/KH-UBND"
    head.cell(1, 1).text = "Yên Bái, ngày 05 tháng 02 năm 2026"
    for text in ("KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2026", "I. NHIỆM VỤ",
                 "Các nhiệm vụ được phân công tại Phụ lục kèm theo."):
        d.add_paragraph(text)
    closing = d.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:\n- Bộ Khoa học và Công nghệ;\n- Lưu: VT."
    closing.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Huy Tuấn"
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph("PHÂN CÔNG NHIỆM VỤ")
    rows = [["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
            ["I", "Nhóm nhiệm vụ về hạ tầng số", "", "", ""],
            ["1", "Nâng cấp mạng truyền số liệu chuyên dùng", "Sở Khoa học và Công nghệ",
             "Viễn thông Yên Bái", "Quý III/2026"]]
    fill_table(d, rows)
    return docx_bytes(d)


def test_docx_task_table_and_line_breaks() -> None:
    doc: Document = parse_bytes(_docx_plan(), "ke-hoach.docx", ParseOptions())
    # Line breaks inside a Word paragraph (Shift+Enter) separate lines, not glue words.
    assert doc.metadata.recipients == ["Bộ Khoa học và Công nghệ", "Lưu: VT"]
    assert doc.metadata.signer.name == "Trần Huy Tuấn"
    assert [(t.label_path, t.text, t.units, t.partners) for t in doc.tasks] == [
        ("PL1.I.1", "Nâng cấp mạng truyền số liệu chuyên dùng", ["Sở Khoa học và Công nghệ"],
         ["Viễn thông Yên Bái"]),
    ]
    assert doc.tasks[0].deadline is not None and doc.tasks[0].deadline.value == "2026-Q3"


def test_task_table_in_the_task_part_itself() -> None:
    d = docx.Document()
    for text in ("KẾ HOẠCH", "Chuyển đổi số năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                 "Nâng cao hiệu quả chuyển đổi số.", "II. NHIỆM VỤ CỤ THỂ"):
        d.add_paragraph(text)
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
            ["1", "Xây dựng kho dữ liệu dùng chung", "Văn phòng UBND huyện",
             "Các phòng chuyên môn", "Quý III/2026"],
            ["2", "Tập huấn kỹ năng số cho công chức", "Phòng Nội vụ", "UBND các xã",
             "Tháng 6/2026"]]
    fill_table(d, rows)
    d.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("1. Phòng Nội vụ theo dõi, đôn đốc thực hiện Kế hoạch.")
    doc = parse_bytes(docx_bytes(d), "ke-hoach.docx", ParseOptions(enrich=False))
    from docparse.link.tasks import extract_tasks

    got = [(t.label_path, t.units, t.partners, t.deadline.value if t.deadline else None)
           for t in extract_tasks(doc)]
    assert got == [
        ("II.1", ["Văn phòng UBND huyện"], ["Các phòng chuyên môn"], "2026-Q3"),
        ("II.2", ["Phòng Nội vụ"], ["UBND các xã"], "2026-06"),
        ("III.1", ["Phòng Nội vụ"], [], None),
    ]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_footnote_marker_in_a_table_cell_is_anchored(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import render_corpus

    gold = json.loads((ROOT / "gold/structure/006_written_ke_hoach_bang.json").read_text("utf-8"))
    rows = gold["annexes"][0]["blocks"][0]["rows"]
    rows[2][1] = "Tổ chức kiểm tra công tác cải cách hành chính[^1] tại các cơ quan, đơn vị"
    gold["footnotes"] = [{"number": 1, "text": "Theo Bộ Chỉ số cải cách hành chính năm 2026."}]
    source = tmp_path / "gold" / "006_written_ke_hoach_bang.json"
    source.parent.mkdir()
    source.write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    (pdf, _pages), = render_corpus.render([source], tmp_path / "out", tmp_path, False)
    doc = parse_path(pdf, ParseOptions())
    row = next(p for p in doc.annexes[0].paragraphs if p.cells and p.cells[0] == "2")
    assert row.cells[1] == "Tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị"
    assert [(a.paragraph_id, row.text[: a.offset][-14:]) for a in doc.footnotes[0].anchors] == [
        (row.id, "cải cách hành chính"[-14:])
    ]


def _merged_table_plan() -> bytes:
    """A task table whose group row spans the columns and whose lead unit and deadline
    cells are merged down over two tasks, as Word users build them."""
    d = docx.Document()
    for text in ("KẾ HOẠCH", "Chuyển đổi số năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                 "Nâng cao hiệu quả chuyển đổi số.", "II. NHIỆM VỤ CỤ THỂ"):
        d.add_paragraph(text)
    rows = [HEADER,
            ["I", "Nhóm nhiệm vụ về hạ tầng số", "", "", ""],
            ["1", "Xây dựng kho dữ liệu dùng chung", "Văn phòng UBND huyện",
             "Các phòng chuyên môn", "Quý III/2026"],
            ["2", "Nâng cấp mạng nội bộ", "", "Viễn thông huyện", ""],
            ["3", "Tập huấn kỹ năng số cho công chức", "Phòng Nội vụ", "UBND các xã",
             "Tháng 6/2026"]]
    table = fill_table(d, rows, ruled=True)
    table.cell(1, 1).merge(table.cell(1, 4))
    table.cell(2, 2).merge(table.cell(3, 2))
    table.cell(2, 4).merge(table.cell(3, 4))
    d.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    return docx_bytes(d)


MERGED_TASKS = [
    ("II.I.1", ["Văn phòng UBND huyện"], ["Các phòng chuyên môn"], "2026-Q3"),
    ("II.I.2", ["Văn phòng UBND huyện"], ["Viễn thông huyện"], "2026-Q3"),  # merged cells
    ("II.I.3", ["Phòng Nội vụ"], ["UBND các xã"], "2026-06"),
]


def _tasks_of(doc: Document) -> list[tuple[str, list[str], list[str], str | None]]:
    from docparse.link.tasks import extract_tasks

    return [(t.label_path, t.units, t.partners, t.deadline.value if t.deadline else None)
            for t in extract_tasks(doc)]


def test_docx_merged_cells_keep_columns_in_place() -> None:
    doc = parse_bytes(_merged_table_plan(), "ke-hoach.docx", ParseOptions(enrich=False))
    rows = [p for s in doc.iter_sections() for p in s.paragraphs if p.cells]
    assert rows[1].cells == ["I", "Nhóm nhiệm vụ về hạ tầng số", "", "", ""]
    assert rows[1].text == "I | Nhóm nhiệm vụ về hạ tầng số"
    assert _tasks_of(doc) == MERGED_TASKS


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_pdf_merged_cells_keep_columns_in_place(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(_merged_table_plan())
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    doc = parse_path(tmp_path / "ke-hoach.pdf", ParseOptions(enrich=False))
    # pdfplumber leaves the covered cells out; the partner must not slide into the lead
    # unit's column.
    assert _tasks_of(doc) == MERGED_TASKS


def _landscape_annex_plan(rows: int) -> bytes:
    """A plan whose task table is an annex on landscape pages, as plans attach them, with
    no signature read above it (an image, or OCR that missed it)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    for text in ("KẾ HOẠCH", "Chuyển đổi số năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                 "Bảo đảm các nhiệm vụ được giao có địa chỉ và thời hạn.", "II. NHIỆM VỤ",
                 "Các nhiệm vụ cụ thể tại Phụ lục kèm theo.", "III. TỔ CHỨC THỰC HIỆN",
                 "Các cơ quan, đơn vị báo cáo kết quả hằng quý./."):
        d.add_paragraph(text)
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for text in ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2026"):
        paragraph = d.add_paragraph()
        paragraph.add_run(text).bold = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("(Kèm theo Kế hoạch số 88/KH-UBND ngày 10/3/2026 của UBND tỉnh)")
    body = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
             "Thời gian hoàn thành"]]
    for i in range(1, rows + 1):
        body.append([str(i), f"Rà soát, bảo đảm an toàn thông tin cho hệ thống dùng chung số {i}",
                     "Công an tỉnh", "Sở Khoa học và Công nghệ", "Thường xuyên"])
    fill_table(d, body, ruled=True)
    return docx_bytes(d)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_landscape_annex_table_without_signature(tmp_path: Path) -> None:
    import subprocess

    from docparse.link.tasks import extract_tasks

    source = tmp_path / "ke-hoach.docx"
    # 17 rows: the last one stands alone on the last page (a one-row table there).
    source.write_bytes(_landscape_annex_plan(rows=17))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    for path in (source, tmp_path / "ke-hoach.pdf"):
        doc = parse_path(path, ParseOptions(enrich=False))
        assert [(a.label, a.title) for a in doc.annexes] == [
            ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2026")], path.name
        tasks = extract_tasks(doc)
        assert [t.label_path for t in tasks] == [f"PL1.{i}" for i in range(1, 18)], path.name
        assert all(t.text.endswith(f"số {i}") for i, t in enumerate(tasks, start=1)), path.name
        assert all(t.partners == ["Sở Khoa học và Công nghệ"] for t in tasks), path.name
