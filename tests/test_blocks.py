"""Paragraph re-joining decisions, table-driven over (previous line, line, joins?)."""

import pytest

from docparse.ingest.lines import CELL_SEPARATOR, Line, Marker
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


def row(cells: list[str], page: int, markers: list[Marker] | None = None) -> Line:
    return Line(text=CELL_SEPARATOR.join(cells), page=page, cells=cells, markers=markers or [])


HEAD = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]


@pytest.mark.parametrize("repeated_header", [False, True])
def test_table_row_split_by_a_page_break_is_one_row(repeated_header: bool) -> None:
    # Word lets a row break across pages: its rest opens the next page with no number.
    first = row(["1", "Xây dựng kho dữ liệu", "Sở Khoa học và", "Quý II"], 1,
                [Marker(offset=len("1 | Xây dựng kho"), number=3)])
    rest = row(["", "dùng chung của tỉnh", "Công nghệ", "năm 2026"], 2,
               [Marker(offset=len(" | dùng chung"), number=4)])
    lines = [row(HEAD, 1), first, *([row(HEAD, 2)] if repeated_header else []), rest,
             row(["2", "Tập huấn", "Sở Nội vụ", "Quý III/2026"], 2)]
    blocks = build_blocks(lines, geometry=True, wrapped=False)
    merged = blocks[1]
    assert merged.cells == ["1", "Xây dựng kho dữ liệu dùng chung của tỉnh",
                            "Sở Khoa học và Công nghệ", "Quý II năm 2026"]
    assert merged.text == CELL_SEPARATOR.join(merged.cells)
    assert merged.pages == [1, 2]
    before = [(m.number, merged.text[: m.offset]) for m in merged.markers]
    assert [n for n, _ in before] == [3, 4]
    assert before[0][1].endswith("| Xây dựng kho") and before[1][1].endswith("dữ liệu dùng chung")
    assert [b.cells[0] for b in blocks if b.cells] == (
        ["STT", "1", "STT", "2"] if repeated_header else ["STT", "1", "2"])


def test_unnumbered_rows_on_one_page_stay_rows() -> None:
    lines = [row(HEAD, 1), row(["1", "Nhiệm vụ", "Sở Nội vụ", "Quý I"], 1),
             row(["", "Ghi chú", "", ""], 1)]
    assert len(build_blocks(lines, geometry=True, wrapped=False)) == 3


@pytest.mark.parametrize(
    ("nxt", "expected"),
    [
        # an indented capital after a numbered heading's full line: its first paragraph
        (Line(text="Thực hiện Chỉ thị số 35-CT/TW, ngày 14/6/2024", indented=True, full=True),
         False),
        # the heading's own wrapped line is not indented, or starts in lower case
        (Line(text="hành Trung ương Đảng khoá XII một số vấn đề", indented=False, full=True),
         True),
        (Line(text="quyết khiếu nại, tố cáo của UBND tỉnh", indented=True, full=True), True),
    ],
)
def test_wrapped_text_numbered_heading_ends_at_an_indent(nxt: Line, expected: bool) -> None:
    heading = Line(text="1.3. Kết quả chỉ đạo đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030",
                   indented=False, full=True, room=4)
    assert continues(heading, nxt, geometry=False, wrapped=True, first=heading) is expected
    # Running text that is not a numbered item goes on over an indented line as before.
    plain = Line(text="Năm 2025, UBND tỉnh tiếp tục quán triệt, chỉ đạo các cấp, các ngành",
                 indented=True, full=True, room=2)
    body = Line(text="Ban Chấp hành Đảng bộ tỉnh và các cơ quan", indented=True, full=True)
    assert continues(plain, body, geometry=False, wrapped=True, first=plain) is True
