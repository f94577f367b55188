"""Glossary: abbreviations a document defines and the standard ones it uses."""

from __future__ import annotations

import pytest

from docparse.enrich.abbreviations import expand, find_definitions, glossary, standard_abbreviations

DEFINITIONS = [
    (
        "công tác phòng, chống tham nhũng, tiêu cực (PCTNTC) năm 2025",
        ("PCTNTC", "phòng, chống tham nhũng, tiêu cực"),
    ),
    ("rà soát văn bản quy phạm pháp luật (VBQPPL)", ("VBQPPL", "văn bản quy phạm pháp luật")),
    ("phối hợp với Sở Giáo dục và Đào tạo (SGDĐT)", ("SGDĐT", "Sở Giáo dục và Đào tạo")),
    ("Chương trình (CTr) công tác", ("CTr", "Chương trình")),
    ("phát triển kinh tế - xã hội (KT-XH)", ("KT-XH", "kinh tế - xã hội")),
    ("Ban Chấp hành Đảng bộ Ủy ban nhân dân (UBND) tỉnh", ("UBND", "Ủy ban nhân dân")),
    ("Thanh tra Chính phủ (sau đây gọi tắt là TTCP)", ("TTCP", "Thanh tra Chính phủ")),
    ("kiểm soát tài sản, thu nhập (TSTN) của người có chức vụ", ("TSTN", "tài sản, thu nhập")),
]


@pytest.mark.parametrize(("text", "expected"), DEFINITIONS, ids=[e[0] for _, e in DEFINITIONS])
def test_definitions(text: str, expected: tuple[str, str]) -> None:
    found = find_definitions(text)
    assert [(d.abbreviation, d.expansion) for d in found] == [expected]
    d = found[0]
    assert text[d.span[1] - 1] == ")"


@pytest.mark.parametrize(
    "text",
    [
        "cải cách hành chính (PAR) và chuyển đổi số (DTI)",  # foreign acronyms: initials differ
        "Phòng Cảnh sát điều tra tội phạm (PC03)",  # a code, not initials
        "theo quy định (nếu có)",  # not an abbreviation
    ],
)
def test_not_definitions(text: str) -> None:
    assert find_definitions(text) == []


def test_glossary_defined_then_standard() -> None:
    texts = [
        "UBND tỉnh ban hành kế hoạch phòng, chống tham nhũng, tiêu cực (PCTNTC).",
        "HĐND tỉnh giám sát công tác PCTNTC; Kế hoạch số 12/KH-UBND.",
    ]
    terms = glossary(texts)
    assert next(iter(terms)) == "PCTNTC"
    assert terms["PCTNTC"] == "phòng, chống tham nhũng, tiêu cực"
    assert terms["UBND"] == "Ủy ban nhân dân"
    assert terms["HĐND"] == "Hội đồng nhân dân"
    assert "KH" not in terms  # codes inside document symbols are not uses


def test_document_definition_overrides_standard() -> None:
    terms = glossary("công tác thi hành án dân sự (THADS) và THADS tỉnh")
    assert terms["THADS"] == "thi hành án dân sự"


def test_symbol_codes_are_not_uses() -> None:
    assert "CT" not in glossary("Chỉ thị số 27-CT/TW ngày 10/01/2019")
    assert "CT" in glossary("Kính gửi: CT, các PCT UBND tỉnh")


def test_expand_whole_tokens_only() -> None:
    terms = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
    assert expand("UBND tỉnh", terms) == "Ủy ban nhân dân tỉnh"
    assert (
        expand("Thường trực HĐND, UBND", terms) == "Thường trực Hội đồng nhân dân, Ủy ban nhân dân"
    )
    assert expand("116/KH-UBND", terms) == "116/KH-UBND"  # inside a symbol: kept


def test_standard_file_is_clean() -> None:
    standard = standard_abbreviations()
    assert standard["UBND"] == "Ủy ban nhân dân"
    assert standard["TTCP"] == "Thanh tra Chính phủ"
    assert all(k and v and k.strip() == k for k, v in standard.items())
