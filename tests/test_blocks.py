"""Paragraph re-joining decisions, table-driven over (previous line, line, joins?)."""

import pytest

from docparse.ingest.lines import Line
from docparse.structure.blocks import build_blocks, continues


def line(text: str, **facts: object) -> Line:
    return Line(text=text, page=facts.pop("page", 1), **facts)  # type: ignore[arg-type]


GEOMETRY = [
    # (prev, next, expected)
    (line("công tác quản lý kinh tế", full=True), line("xã hội và phòng, chống"), True),
    (line("kết thúc đoạn văn.", full=False, room=30), line("Đoạn mới", indented=True), False),
    (line("kết thúc câu ở cuối dòng.", full=True, room=0.5), line("Câu tiếp theo"), True),
    (line("hành lang Nam Ninh (Trung Quốc)", full=True), line("- Lạng Sơn - Hà Nội"), True),
    (line("các nhiệm vụ sau:", full=True), line("- Tổ chức kiểm tra", indented=True), False),
    (line("kinh tế", full=True), line("- xã hội", indented=True), True),
    (line("Phần thứ nhất", centered=True, bold=True),
     line("KẾT QUẢ CÔNG TÁC", centered=True, bold=True), True),
    (line("I. KẾT QUẢ CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRÊN", bold=True, full=True),
     line("CÁC LĨNH VỰC", bold=True), True),
    (line("trên địa bàn tỉnh", full=True, page=1), line("năm 2025 đạt kết quả", page=2), True),
    (line("đã hoàn thành.", full=False, room=20, page=1), line("Năm 2026", page=2), False),
    (line("đoạn một", full=True), line("2. Mục tiêu", indented=True), False),
]


@pytest.mark.parametrize(("prev", "nxt", "expected"), GEOMETRY)
def test_pdf_joins(prev: Line, nxt: Line, expected: bool) -> None:
    assert continues(prev, nxt, geometry=True, wrapped=True) is expected


def test_one_line_per_paragraph_joins_only_page_splits() -> None:
    lines = [line("Đoạn một chưa xong vì"), line("trang sau tiếp tục."), line("Đoạn hai.")]
    blocks = build_blocks(lines, geometry=False, wrapped=False)
    assert [b.text for b in blocks] == ["Đoạn một chưa xong vì trang sau tiếp tục.", "Đoạn hai."]


def test_symbol_broken_at_hyphen_joins_tight() -> None:
    lines = [line("thực hiện Chỉ thị số 27-", full=True), line("CT/TW của Bộ Chính trị.")]
    blocks = build_blocks(lines, geometry=True, wrapped=True)
    assert blocks[0].text == "thực hiện Chỉ thị số 27-CT/TW của Bộ Chính trị."
