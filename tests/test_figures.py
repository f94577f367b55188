"""Figures: a table of sentences and the figures they hold, plus what is not a figure."""

from __future__ import annotations

import pytest

from docparse.enrich.figures import FoundFigure, extract_figures, find_figures, parse_number
from docparse.model import Document, Footnote, Paragraph, Source


def fig(
    raw: str,
    kind: str,
    value: float,
    unit: str | None = None,
    counted: str | None = None,
    total: float | None = None,
) -> tuple:
    return (raw, kind, value, unit, counted, total)


def as_rows(found: list[FoundFigure]) -> list[tuple]:
    return [(f.raw, f.kind, f.value, f.unit, f.counted, f.total) for f in found]


NUMBERS = [
    ("27.062.009.000", 27062009000.0),
    ("7.339,7", 7339.7),
    ("33,17", 33.17),
    ("02", 2.0),
    ("0", 0.0),
    ("1.400", 1400.0),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


FIGURES = [
    # money, normalised to VND (scale words multiply)
    ("Đã thu hồi 12,5 triệu đồng chi sai.", [fig("12,5 triệu đồng", "money", 12_500_000, "VND")]),
    (
        "Thu ngân sách đạt 5.120,4 tỷ đồng.",
        [fig("5.120,4 tỷ đồng", "money", 5_120_400_000_000, "VND")],
    ),
    ("số tiền là 1.250.000.000 đồng", [fig("1.250.000.000 đồng", "money", 1_250_000_000, "VND")]),
    ("kim ngạch đạt 12,3 triệu USD", [fig("12,3 triệu USD", "money", 12_300_000, "USD")]),
    (
        "thu hồi 2,5 tỷ đồng/3 tỷ đồng",
        [fig("2,5 tỷ đồng/3 tỷ đồng", "ratio", 2.5e9, "VND", None, 3e9)],
    ),
    # percentages, with or without a space, and changes (giảm is negative)
    (
        "chiếm 12,75%, còn lại 0,5 %",
        [fig("12,75%", "percent", 12.75, "%"), fig("0,5 %", "percent", 0.5, "%")],
    ),
    ("doanh thu tăng 15,2% so với cùng kỳ", [fig("tăng 15,2%", "change", 15.2, "%")]),
    ("tỷ lệ hộ nghèo giảm 1,8%", [fig("giảm 1,8%", "change", -1.8, "%")]),
    ("số cán bộ giảm 12 người", [fig("giảm 12 người", "change", -12, None, "người")]),
    # ratios done/total with the counted noun
    ("đã hoàn thành 37/52 dự án", [fig("37/52 dự án", "ratio", 37, None, "dự án", 52)]),
    ("kết thúc 09/12 cuộc thanh tra", [fig("09/12 cuộc", "ratio", 9, None, "cuộc", 12)]),
    ("đã hoàn thành 03/04 nhiệm vụ", [fig("03/04 nhiệm vụ", "ratio", 3, None, "nhiệm vụ", 4)]),
    # areas and lengths, glued or spaced
    (
        "diện tích 4.520,35 km² và 120 ha rừng",
        [fig("4.520,35 km²", "area", 4520.35, "km²"), fig("120 ha", "area", 120, "ha")],
    ),
    ("tuyến đường dài 58,6km", [fig("58,6km", "length", 58.6, "km")]),
    ("kè dài 350 m", [fig("350 m", "length", 350, "m")]),
    # counts with their noun, zero-padded
    (
        "có 05 cửa khẩu và 12 xã biên giới",
        [fig("05 cửa khẩu", "count", 5, None, "cửa khẩu"), fig("12 xã", "count", 12, None, "xã")],
    ),
    (
        "thụ lý 15 vụ 42 bị can",
        [fig("15 vụ", "count", 15, None, "vụ"), fig("42 bị can", "count", 42, None, "bị can")],
    ),
    ("tiếp nhận 3.418 hồ sơ", [fig("3.418 hồ sơ", "count", 3418, None, "hồ sơ")]),
    (
        "đình chỉ 01 vụ 0 bị can",
        [fig("01 vụ", "count", 1, None, "vụ"), fig("0 bị can", "count", 0, None, "bị can")],
    ),
    (
        "đón khoảng 2,4 triệu lượt khách",
        [fig("2,4 triệu lượt khách", "count", 2_400_000, None, "lượt khách")],
    ),
    ("gồm 15 đồng chí", [fig("15 đồng chí", "count", 15, None, "đồng chí")]),
    # durations
    ("báo cáo định kỳ 06 tháng một lần", [fig("06 tháng", "duration", 6, "tháng")]),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES, ids=[t for t, _ in FIGURES])
def test_figures(text: str, expected: list[tuple]) -> None:
    assert as_rows(find_figures(text)) == expected


NOT_FIGURES = [
    "Thực hiện Kế hoạch số 116/KH-UBND ngày 21/4/2025 của UBND tỉnh",  # number, date
    "Chỉ thị số 27-CT/TW, ngày 25/12/2023 của Bộ Chính trị",  # party symbol
    "Nghị định số 130/2020/NĐ-CP và Nghị định 29/2023/NĐ-CP",  # legal numbers
    "theo quy định tại Điều 55, 56 Luật Phòng, chống tham nhũng năm 2018",  # labels, year
    "khoản 2 Điều 10, Chương VII, Phụ lục 2, Biểu số 01",  # labels
    "kết quả Quý II/2025 và 6 tháng đầu năm 2025",  # dates and periods
    "nhiệm kỳ 2025 - 2030, giai đoạn 2021-2025",  # year ranges
    "từ ngày 01/7 đến nay; hết tháng 02/2025; định kỳ 31/10 hàng năm",  # day/month
    "Kỳ họp thứ 10, Đại hội lần thứ 9",  # ordinals
    "Ngân hàng Nhà nước Khu vực 5, Hệ thống 751, Ban Chỉ đạo 751",  # numbers in names
    "Quốc lộ 4A đoạn Km45+100-Km108+500, QL.1B",  # road codes
    "Hội nghị Trung ương 4 khóa XII",  # a name with a term
    "chính quyền địa phương hai cấp",  # numbers in words are not read
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_heading_label_is_not_a_figure() -> None:
    assert find_figures("2.1. Công tác tuyên truyền") == []
    assert as_rows(find_figures("3. Giao 02 đơn vị")) == [
        fig("02 đơn vị", "count", 2, None, "đơn vị")
    ]


def test_spans_point_at_raw() -> None:
    text = "Kết quả: thu hồi 1,5 triệu đồng; tăng 10% so với 2024."
    for f in find_figures(text):
        assert text[f.span[0] : f.span[1]] == f.raw


def test_extract_figures_locations() -> None:
    doc = Document(
        source=Source(file_name="x.txt", sha256="0", format="text", size_bytes=1),
        preamble=[Paragraph(id="p1", text="Có 12 xã.", pages=[1])],
        footnotes=[Footnote(id="fn1", number=1, text="Trong đó 03 xã biên giới.")],
    )
    figures = extract_figures(doc)
    assert [(f.id, f.raw, f.location.kind, f.location.id) for f in figures] == [
        ("fig1", "12 xã", "paragraph", "p1"),
        ("fig2", "03 xã", "footnote", "fn1"),
    ]
    assert figures[0].location.page == 1
