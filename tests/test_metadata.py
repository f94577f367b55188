"""Decree 30 metadata: header and tail, table-driven where the language is small."""

import pytest

from docparse.ingest.lines import Line
from docparse.model import Metadata
from docparse.structure.metadata import parse_header, parse_tail

NUMBERS = [
    ("Số: 116/KH-UBND", "116", "KH-UBND", "KH"),
    ("Số: /BC-UBND", None, "BC-UBND", "BC"),
    ("Số:    /KH-TTr", None, "KH-TTr", "KH"),
    ("Số: 68/QĐ-TTTV-VP", "68", "QĐ-TTTV-VP", "QĐ"),
    ("Số: 1897/UBND-NC", "1897", "UBND-NC", None),
    ("Số 45-BC/ĐU", "45", "BC/ĐU", "BC"),
    ("Số -KH/TU", None, "KH/TU", "KH"),
    ("Số: 281/QĐ -TTr", "281", "QĐ-TTr", "QĐ"),
]


@pytest.mark.parametrize(("text", "number", "symbol", "code"), NUMBERS)
def test_number_and_symbol(text: str, number: str | None, symbol: str, code: str | None) -> None:
    meta = Metadata()
    parse_header([Line(text=text)], meta)
    assert (meta.number, meta.symbol, meta.doc_type_code) == (number, symbol, code)


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("Lạng Sơn, ngày 21 tháng 4 năm 2025", "Lạng Sơn", "2025-04-21"),
        ("Lạng Sơn, ngày tháng 01 năm 2026", "Lạng Sơn", None),
        ("Hà Nội, ngày 05 tháng 12 năm 2024", "Hà Nội", "2024-12-05"),
        ("Đồng Tháp, ngày    tháng    năm", "Đồng Tháp", None),
    ],
)
def test_place_and_date(text: str, place: str, date: str | None) -> None:
    meta = Metadata()
    parse_header([Line(text=text)], meta)
    assert (meta.place, meta.date) == (place, date)


def test_issuer_with_parent_by_weight() -> None:
    meta = Metadata()
    head = [
        Line(text="UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=False),
        Line(text="THANH TRA TỈNH", bold=True),
        Line(text="Độc lập - Tự do - Hạnh phúc", bold=True, column="right"),
        Line(text="Số: 12/KH-TTr"),
    ]
    parse_header(head, meta)
    assert (meta.parent_issuer, meta.issuer) == ("UBND TỈNH LẠNG SƠN", "THANH TRA TỈNH")


@pytest.mark.parametrize(("head", "bold", "parent", "issuer"), [
    (["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"], [False, False], None, "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    # Only the second line bold (as a parent/issuer pair is set): still one body.
    (["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC"], [False, True], None, "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"),
    (["ỦY BAN NHÂN DÂN TỈNH", "LẠNG SƠN"], [False, False], None, "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    (["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "SỞ TƯ PHÁP"], [False, False, True],
     "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ TƯ PHÁP"),
])
def test_issuer_on_two_lines(head: list[str], bold: list[bool], parent: str | None,
                             issuer: str) -> None:
    meta = Metadata()
    lines = [Line(text=t, bold=b) for t, b in zip(head, bold, strict=True)]
    parse_header([*lines, Line(text="Số: 1/KH-UBND")], meta)
    assert (meta.parent_issuer, meta.issuer) == (parent, issuer)


def test_tail_recipients_and_signer() -> None:
    meta = Metadata()
    tail = [Line(text=t) for t in [
        "Nơi nhận:", "- Thanh tra Chính phủ (B/c);", "- Cơ quan Đảng, Ủy ban MTTQ Việt Nam tỉnh,",
        "các tổ chức chính trị - xã hội tỉnh;", "- Lưu: VT, NC(HTMĐ).",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đinh Hữu Học",
    ]]
    parse_tail(tail, meta)
    assert meta.recipients == [
        "Thanh tra Chính phủ (B/c)",
        "Cơ quan Đảng, Ủy ban MTTQ Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh",
        "Lưu: VT, NC(HTMĐ)",
    ]
    assert meta.signer.authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert (meta.signer.title, meta.signer.name) == ("PHÓ CHỦ TỊCH", "Đinh Hữu Học")


LETTER = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 1234/UBND-KT
V/v tăng cường quản lý giá vật liệu xây dựng
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 9 năm 2025
Kính gửi:
{addressees}
Thực hiện Chỉ thị số 12/CT-TTg ngày 20/8/2025 của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh yêu cầu:
1. Sở Xây dựng theo dõi, công bố giá vật liệu xây dựng hằng tháng.
Nơi nhận:
- Như trên;
- Lưu: VT, KT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Đoàn Thu Hà
"""


@pytest.mark.parametrize(("addressees", "expected"), [
    ("- Các sở, ban, ngành tỉnh;\n- UBND các xã, phường.",
     ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"]),
    ("Sở Xây dựng tỉnh Lạng Sơn.", ["Sở Xây dựng tỉnh Lạng Sơn"]),
])
def test_letter_subject_stops_at_the_motto_and_addressees_are_read(
    addressees: str, expected: list[str]
) -> None:
    from docparse.pipeline import ParseOptions, parse_bytes

    text = LETTER.format(addressees=addressees)
    doc = parse_bytes(text.encode("utf-8"), "cong-van.txt", ParseOptions(enrich=False))
    meta = doc.metadata
    # In exported text the motto comes after the "V/v" line; it is not part of the subject.
    assert (meta.doc_type, meta.title) == ("Công văn", "tăng cường quản lý giá vật liệu xây dựng")
    assert meta.addressees == expected
    assert meta.recipients == ["Như trên", "Lưu: VT, KT"]
    assert doc.preamble[0].text.startswith("Thực hiện Chỉ thị số 12/CT-TTg")


HEADED = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}
{subject}
Cao Bằng, ngày 15 tháng 7 năm 2025
{rest}
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""

# (number line, lines between it and the date, the rest, expected title, first body text)
HEADERS = [
    # A wrapped "V/v" whose second line starts "số ...": not the number line.
    ("1542/UBND-KT", "V/v triển khai thực hiện Chỉ thị\nsố 20/CT-TTg của Thủ tướng Chính phủ",
     "Thực hiện Chỉ thị số 20/CT-TTg, Chủ tịch UBND tỉnh yêu cầu:",
     "triển khai thực hiện Chỉ thị số 20/CT-TTg của Thủ tướng Chính phủ", "Thực hiện Chỉ thị"),
    # A "V/v" over five lines, as a narrow header column sets it.
    ("88/UBND-NC",
     "V/v rà soát,\nbáo cáo kết quả\nthực hiện các\nkiến nghị sau\nthanh tra năm 2025",
     "Căn cứ kết quả thanh tra, UBND tỉnh đề nghị:",
     "rà soát, báo cáo kết quả thực hiện các kiến nghị sau thanh tra năm 2025", "Căn cứ kết quả"),
    # One paragraph per line, the title printed over two lines: the lower-case line goes on it.
    ("85/TTr-UBND", "",
     "TỜ TRÌNH\nVề việc ban hành Nghị quyết quy định mức chi\ncông tác phòng, chống tham nhũng\n"
     "Kính gửi: Hội đồng nhân dân tỉnh.\nỦy ban nhân dân tỉnh kính trình như sau:",
     "Về việc ban hành Nghị quyết quy định mức chi công tác phòng, chống tham nhũng",
     "Ủy ban nhân dân tỉnh kính trình"),
    # The opening "Tại hội nghị ..." is the body, not the title's third line.
    ("42/TB-UBND", "",
     "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh về tăng cường công tác\nphòng, chống tham nhũng, "
     "lãng phí, tiêu cực\nTại hội nghị ngày 15/10/2025, sau khi nghe Thanh tra tỉnh báo cáo "
     "kết quả thực hiện Chỉ thị số 27-CT/TW, ngày 10/01/2019 của Bộ Chính trị, Chủ tịch UBND tỉnh "
     "kết luận như sau:\n1. Các sở, ngành thực hiện nghiêm các quy định về phòng, chống "
     "tham nhũng.",
     "Kết luận của Chủ tịch UBND tỉnh về tăng cường công tác phòng, chống tham nhũng, lãng phí, "
     "tiêu cực", "Tại hội nghị ngày 15/10/2025"),
]


@pytest.mark.parametrize(("number", "subject", "rest", "title", "body"), HEADERS)
def test_title_lines_and_where_the_body_starts(
    number: str, subject: str, rest: str, title: str, body: str
) -> None:
    from docparse.pipeline import ParseOptions, parse_bytes

    text = HEADED.format(number=number, subject=subject, rest=rest)
    doc = parse_bytes(text.encode("utf-8"), "doc.txt", ParseOptions(enrich=False))
    assert doc.metadata.title == title
    assert doc.metadata.number == number.split("/")[0]
    assert doc.metadata.date == "2025-07-15"
    first = doc.preamble[0] if doc.preamble else doc.sections[0].heading
    assert first.text.startswith(body)
