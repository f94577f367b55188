"""Heading labels, table-driven: every form in DOMAIN.md, and look-alikes that are not labels."""

import pytest

from docparse.structure.labels import find_label

LABELS = [
    ("Phần thứ nhất", "part", "Phần thứ nhất"),
    ("PHẦN THỨ HAI KẾT QUẢ", "part", "PHẦN THỨ HAI"),
    ("Phần IV. Tổ chức thực hiện", "part", "Phần IV"),
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I."),
    ("II- THỰC HIỆN CÁC NGUYÊN TẮC", "roman", "II-"),
    ("XIV. KẾT LUẬN", "roman", "XIV."),
    ("1. Mục đích", "arabic", "1."),
    ("12) Nhiệm vụ khác", "arabic", "12)"),
    ("2.1. Công tác quán triệt", "decimal", "2.1."),
    ("2.3.1. Kết quả", "decimal", "2.3.1."),
    ("2.4. 6. Kết quả xem xét", "decimal", "2.4. 6."),
    ("a) Nâng cao hiệu lực", "letter", "a)"),
    ("đ) Thực hiện", "letter", "đ)"),
    ("- Thời gian: thường xuyên.", "dash", "-"),
    ("– Cơ quan thực hiện: Sở Tài chính", "dash", "–"),
    ("+ Tổ chức 51 cuộc kiểm tra", "plus", "+"),
    ("Chương I", "chapter", "Chương I"),
    ("CHƯƠNG II QUY ĐỊNH CHUNG", "chapter", "CHƯƠNG II"),
    ("Mục 1. QUY ĐỊNH CHUNG", "subchapter", "Mục 1"),
    ("Điều 1. Ban hành kèm theo Quyết định này", "article", "Điều 1."),
    ("Điều 12a. Sửa đổi", "article", "Điều 12a."),
    ("Điều 5.", "article", "Điều 5."),
]

NOT_LABELS = [
    "Lạng Sơn là tỉnh miền núi",
    "2025, UBND tỉnh tiếp tục",  # a year starting a wrapped line
    "18/7/2025 của UBND tỉnh",
    "1.000 hồ sơ được giải quyết",  # a number with a thousands dot
    "f) is not a Vietnamese letter",
    "-2025.",  # a dash glued to a number: the tail of "2020 -2025"
    "Ingest",
    "Điều 10 Luật Phòng, chống tham nhũng",  # a pinpoint that a wrap put at a line start
    "Điều 7. quy định tại khoản 2",  # "... tại Điều 7." then the sentence goes on
    "Mục đích",
    "Mục 2 các cơ quan",
    "Chương trình công tác năm 2026",
    "Phần lớn các cơ quan",
    "",
]


@pytest.mark.parametrize(("text", "kind", "label"), LABELS)
def test_labels(text: str, kind: str, label: str) -> None:
    found = find_label(text)
    assert found is not None
    assert (found.kind, found.label) == (kind, label)


@pytest.mark.parametrize("text", NOT_LABELS)
def test_not_labels(text: str) -> None:
    assert find_label(text) is None


def test_ranks_follow_the_domain_order() -> None:
    order = ["Phần I", "Chương I", "Mục 1", "Điều 1.", "I.", "1.", "1.1.", "1.1.1.", "a)", "- x",
             "+ x"]
    ranks = [find_label(text + " Nội dung").rank for text in order]  # type: ignore[union-attr]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
