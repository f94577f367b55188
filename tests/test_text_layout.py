"""Text layout: footnote areas in both exported-text shapes, markers, page numbers."""

import unicodedata

from docparse.ingest.text import read_text
from docparse.layout import lay_out_text
from docparse.pipeline import parse_bytes

ONE_PER_LINE = """BÁO CÁO

Kết quả công tác năm 2025

Thực hiện Kế hoạch số 12/KH-UBND, UBND tỉnh báo cáo như sau.

I. KẾT QUẢ

Tỉnh có 07 dân tộc chính¹. Diện tích 8.310,18 km² và dân số đông².

¹ Nùng, Tày, Kinh.

² Số liệu của Cục Thống kê năm 2024 và các báo cáo của các sở, ngành nhằm

UBND tỉnh tiếp tục chỉ đạo thực hiện nghiêm túc các nhiệm vụ, chưa hoàn thành các

cao chất lượng số liệu.

³ Chú thích ba.

nội dung còn lại trong năm³.
"""

WRAPPED = """ KẾ HOẠCH 

Thực hiện nhiệm vụ năm 2026 

I. MỤC ĐÍCH 

1. Tiếp tục quán triệt các văn bản chỉ đạo của Trung ương về công tác phòng, 

chống lãng phí1. 

- Tăng cường các biện pháp phòng ngừa; tăng cường công tác rà soát, 

                                                           
1 Cụ thể: Luật Thực hành tiết kiệm, chống lãng phí ngày 10/12/2018; Chỉ thị số 27-CT/TW, ngày 

25/12/2023 của Bộ Chính trị. 
2
 kiểm tra, giám sát, thanh tra nhằm kịp thời phát hiện, xử lý dứt điểm các nội 

dung đã được chỉ ra. 
"""


def test_one_paragraph_per_line_shape() -> None:
    laid = lay_out_text(read_text(ONE_PER_LINE.encode(), "x.txt"))
    numbers = [f.number for f in laid.footnotes]
    assert numbers == [1, 2, 3]
    # The footnote cut at a page end continues just before the next page's footnotes.
    assert laid.footnotes[1].text.endswith("nhằm cao chất lượng số liệu.")
    body = next(ln for ln in laid.lines if ln.text.startswith("Tỉnh có"))
    assert "km²" in body.text  # an exponent, not footnote 2
    assert [(m.offset, m.number) for m in body.markers] == [
        (body.text.index(". Diện"), 1),
        (len(body.text) - 1, 2),
    ]


def test_page_split_paragraph_is_rejoined() -> None:
    doc = parse_bytes(ONE_PER_LINE.encode(), "x.txt")
    texts = [p.text for p, _ in doc.iter_paragraphs()]
    assert any(t.endswith("chưa hoàn thành các nội dung còn lại trong năm.") for t in texts)


def test_wrapped_shape_with_rule_and_glued_markers() -> None:
    doc = parse_bytes(WRAPPED.encode(), "x.txt")
    assert [f.number for f in doc.footnotes] == [1]
    assert doc.footnotes[0].text.endswith("25/12/2023 của Bộ Chính trị.")
    sections = doc.iter_sections()
    assert [s.label for s in sections] == ["I.", "1.", "-"]
    heading = sections[1].heading
    assert heading.text.endswith("phòng, chống lãng phí.")  # the glued "1" is taken out
    anchor = doc.footnotes[0].anchors[0]
    assert anchor.paragraph_id == heading.id
    assert heading.text[: anchor.offset].endswith("lãng phí")
    dash = sections[2].heading.text
    assert dash.endswith("rà soát, kiểm tra, giám sát, thanh tra nhằm kịp thời phát hiện, "
                         "xử lý dứt điểm các nội dung đã được chỉ ra.")


def test_decomposed_input_comes_out_nfc() -> None:
    text = unicodedata.normalize("NFD", "KẾ HOẠCH\n\nTriển khai nhiệm vụ\n\nThực hiện tốt.\n")
    doc = parse_bytes(text.encode(), "x.txt")
    assert doc.metadata.doc_type == "Kế hoạch"
    assert doc.preamble[0].text == "Thực hiện tốt."


def test_cong_van_subject_and_addressees() -> None:
    text = "\n".join([
        "Số: 1897/UBND-NC",
        "V/v tăng cường công tác phòng, chống tham nhũng",
        "Lạng Sơn, ngày 07 tháng 12 năm 2024",
        "Kính gửi:",
        "- Các sở, ban, ngành tỉnh;",
        "- UBND các huyện, thành phố.",
        "Thực hiện chỉ đạo của Thanh tra Chính phủ, UBND tỉnh yêu cầu như sau.",
        "1. Tăng cường kiểm tra.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Đinh Hữu Học",
    ])
    doc = parse_bytes(text.encode(), "cv.txt")
    meta = doc.metadata
    assert (meta.number, meta.symbol, meta.doc_type) == ("1897", "UBND-NC", "Công văn")
    assert meta.title == "tăng cường công tác phòng, chống tham nhũng"
    assert meta.date == "2024-12-07"
    assert doc.preamble[0].text.startswith("Thực hiện chỉ đạo")
    assert [s.label for s in doc.sections] == ["1."]
