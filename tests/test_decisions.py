"""Decisions (Quyết định): who decides under the title, articles, and the attached regulation."""

from __future__ import annotations

from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes
from docparse.structure.metadata import AUTHORITY

DECISION = """\
SỞ NỘI VỤ
TỈNH HÀ GIANG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 47/QĐ-SNV

Hà Giang, ngày 03 tháng 9 năm 2026

QUYẾT ĐỊNH

Ban hành Quy định về văn hóa công vụ tại Sở Nội vụ

GIÁM ĐỐC SỞ NỘI VỤ

Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án văn hóa công vụ;

Xét đề nghị của Chánh Văn phòng Sở.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Quy định về văn hóa công vụ tại Sở Nội vụ.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Chánh Văn phòng, Trưởng các phòng thuộc Sở chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

TL. GIÁM ĐỐC
CHÁNH VĂN PHÒNG

Trần Thị Mai

SỞ NỘI VỤ TỈNH HÀ GIANG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

QUY ĐỊNH

Về văn hóa công vụ tại Sở Nội vụ

(Ban hành kèm theo Quyết định số 47/QĐ-SNV ngày 03/9/2026 của Giám đốc Sở Nội vụ)

Mục 1

NHỮNG QUY ĐỊNH CHUNG

Điều 1. Đối tượng áp dụng

Quy định này áp dụng đối với công chức, người lao động của Sở.

Điều 2. Trang phục

1. Công chức mặc trang phục lịch sự khi thi hành công vụ.

2. Đeo thẻ công chức theo quy định tại Điều 5 Nghị định số 30/2020/NĐ-CP.
"""


def parse(text: str) -> Document:
    return parse_bytes(text.encode("utf-8"), "quyet-dinh.txt", ParseOptions())


def test_the_deciding_authority_is_not_part_of_the_title() -> None:
    doc = parse(DECISION)
    assert doc.metadata.doc_type == "Quyết định"
    assert doc.metadata.title == "Ban hành Quy định về văn hóa công vụ tại Sở Nội vụ"
    assert doc.preamble[0].text == "GIÁM ĐỐC SỞ NỘI VỤ"  # kept as body text, not lost


def test_enacting_words_and_articles_are_body_not_signature() -> None:
    doc = parse(DECISION)
    texts = [p.text for p in doc.preamble]
    assert "QUYẾT ĐỊNH:" in texts
    assert texts[-2].startswith("Xét đề nghị")
    assert [(s.kind, s.label, s.level) for s in doc.sections] == [
        ("article", "Điều 1.", 1), ("article", "Điều 2.", 1), ("article", "Điều 3.", 1)
    ]
    assert doc.metadata.signer.authority == ["TL. GIÁM ĐỐC"]
    assert doc.metadata.signer.title == "CHÁNH VĂN PHÒNG"
    assert doc.metadata.signer.name == "Trần Thị Mai"
    assert doc.metadata.recipients == ["Như Điều 3", "Lưu: VT"]


def test_the_attached_regulation_is_a_document_of_its_own() -> None:
    doc = parse(DECISION)
    assert doc.annexes == [] and len(doc.attachments) == 1
    attached = doc.attachments[0]
    assert attached.metadata.doc_type == "Quy định"
    assert attached.metadata.title == "Về văn hóa công vụ tại Sở Nội vụ"
    assert attached.metadata.attached_by == (
        "Ban hành kèm theo Quyết định số 47/QĐ-SNV ngày 03/9/2026 của Giám đốc Sở Nội vụ")
    tree = [(s.label, s.level, s.title) for s in attached.iter_sections()]
    assert tree == [("Mục 1", 1, "NHỮNG QUY ĐỊNH CHUNG"), ("Điều 1.", 2, "Đối tượng áp dụng"),
                    ("Điều 2.", 2, "Trang phục"), ("1.", 3, "Công chức mặc trang phục lịch sự "
                                                   "khi thi hành công vụ."),
                    ("2.", 3, "Đeo thẻ công chức theo quy định tại Điều 5 Nghị định số "
                              "30/2020/NĐ-CP.")]
    # The decision keeps its own signature; the regulation's citation is the regulation's,
    # and the decision's own number is not a citation.
    assert doc.metadata.signer.name == "Trần Thị Mai"
    assert {c.key for c in doc.citations} == {"1847/QĐ-TTg@2018"}
    assert {c.key for c in attached.citations} == {"30/2020/NĐ-CP"}


def test_authority_abbreviations_need_their_stop() -> None:
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. GIÁM ĐỐC", "Q. CHÁNH VĂN PHÒNG",
                 "TM ỦY BAN NHÂN DÂN", "THỪA LỆNH BỘ TRƯỞNG"):
        assert AUTHORITY.match(line), line
    for line in ("QUYẾT ĐỊNH:", "QUY CHẾ", "QUY ĐỊNH CHUNG", "TLĐLĐ TỈNH"):
        assert not AUTHORITY.match(line), line


RESOLUTION = """\
HỘI ĐỒNG NHÂN DÂN
TỈNH TUYÊN QUANG

Số: 15/2026/NQ-HĐND

Tuyên Quang, ngày 10 tháng 7 năm 2026

NGHỊ QUYẾT

Quy định mức chi hỗ trợ công tác phòng, chống tham nhũng trên địa bàn tỉnh

HỘI ĐỒNG NHÂN DÂN TỈNH TUYÊN QUANG
KHÓA XIX, KỲ HỌP THỨ BA

Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;

QUYẾT NGHỊ:

Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng

1. Phạm vi điều chỉnh: Nghị quyết này quy định mức chi hỗ trợ công tác phòng, chống tham nhũng.

2. Đối tượng áp dụng: các cơ quan, đơn vị thuộc tỉnh.

Điều 2. Hiệu lực thi hành

Nghị quyết này có hiệu lực từ ngày 20 tháng 7 năm 2026./.

Nơi nhận:
- Ủy ban Thường vụ Quốc hội;
- Chính phủ;
- Lưu: VT.

CHỦ TỊCH

Lê Thị Kim Dung
"""


def test_resolution_signed_without_tm_or_kt() -> None:
    doc = parse(RESOLUTION)
    assert doc.metadata.doc_type == "Nghị quyết"
    assert doc.metadata.title == (
        "Quy định mức chi hỗ trợ công tác phòng, chống tham nhũng trên địa bàn tỉnh"
    )
    assert doc.metadata.signer.title == "CHỦ TỊCH"
    assert doc.metadata.signer.name == "Lê Thị Kim Dung"
    assert doc.metadata.recipients == ["Ủy ban Thường vụ Quốc hội", "Chính phủ", "Lưu: VT"]
    assert "QUYẾT NGHỊ:" in [p.text for p in doc.preamble]
    first = doc.sections[0]
    assert (first.kind, first.label, first.title) == (
        "article", "Điều 1.", "Phạm vi điều chỉnh và đối tượng áp dụng"
    )
    assert [(c.label, c.level) for c in first.children] == [("1.", 2), ("2.", 2)]


def test_an_annex_titled_with_a_type_word_stays_one_annex() -> None:
    doc = parse(
        "KẾ HOẠCH\n\nTuyên truyền năm 2026\n\nI. NỘI DUNG\n\n1. Tổ chức hội nghị quán triệt.\n\n"
        "Nơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn Bình\n\nPHỤ LỤC\n\nBÁO CÁO\n\n"
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 01/02/2026)\n\n1. Số hội nghị đã tổ chức.\n"
    )
    assert [(a.label, a.title) for a in doc.annexes] == [("PHỤ LỤC", "BÁO CÁO")]
    assert doc.annexes[0].paragraphs[-1].text == "1. Số hội nghị đã tổ chức."


def test_a_footnote_number_is_looked_for_only_on_its_own_pages() -> None:
    """A footnote of the decision (page 1) is not taken for a glued marker in the regulation
    attached on page 3 ("QH15" keeps its 15)."""
    from docparse.ingest.lines import Line
    from docparse.ingest.text import read_text
    from docparse.layout import lay_out
    from docparse.layout.model import RawFootnote
    from docparse.model import Source
    from docparse.structure.build import build_document

    text = DECISION.replace("30/2020/NĐ-CP", "74/2022/QH15 ngày 15/11/2022")
    laid = lay_out(read_text(text.encode("utf-8"), "quyet-dinh.txt"))
    regulation = next(i for i, ln in enumerate(laid.lines) if ln.text == "QUY ĐỊNH")
    for index, line in enumerate(laid.lines):
        line.page = 1 if index < regulation - 3 else 3
    laid.footnotes = [RawFootnote(number=15, lines=[Line(text="Ghi chú.", page=1)])]
    doc = build_document(laid, Source(file_name="x.pdf", sha256="0", format="pdf", pages=3,
                                      size_bytes=1))
    attached = doc.attachments[0]
    last = [p.text for p, _ in attached.iter_paragraphs()][-1]
    assert "74/2022/QH15 ngày" in last
    assert [fn.number for fn in doc.footnotes] == [15] and not attached.footnotes
