"""A review's points as the tasks of a check: comments, an appraisal -> the answer to them."""

from __future__ import annotations

import pytest

from docparse.link.points import is_review, review_points
from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_bytes

COMMENTS = """\
SỞ KHOA HỌC VÀ CÔNG NGHỆ

Số: 171/SKHCN-CĐS

V/v góp ý dự thảo Kế hoạch kiểm tra cải cách hành chính năm 2026

Lâm Đồng, ngày 16 tháng 01 năm 2026

Kính gửi: Sở Nội vụ

Căn cứ Công văn số 215/SNV-CCHC ngày 14/01/2026 về việc lấy ý kiến dự thảo Kế hoạch;

Qua nghiên cứu, Sở Khoa học và Công nghệ có một số ý kiến góp ý như sau:

- Đối với nội dung dự thảo: Việc triển khai các nền tảng số của tỉnh.

Trên cơ sở quy định nêu trên, đề nghị cơ quan soạn thảo xem xét, điều chỉnh trọng tâm kiểm tra.

- Tên văn bản: Kế hoạch kiểm tra năm 2026.

- Đề nghị bổ sung nội dung kiểm tra việc công khai thông tin trên Trang thông tin điện tử.

Trên đây là nội dung góp ý của Sở Khoa học và Công nghệ, gửi Sở Nội vụ tổng hợp./.
"""

AGREES = """\
SỞ TÀI CHÍNH

Số: 464/STC-VP

V/v góp ý dự thảo Kế hoạch kiểm tra cải cách hành chính năm 2026

Lâm Đồng, ngày 15 tháng 01 năm 2026

Kính gửi: Sở Nội vụ

Theo đề nghị của Sở Nội vụ tại Công văn số 215/SNV-CCHC ngày 14/01/2026, Sở Tài chính thống \
nhất với dự thảo Kế hoạch và không có ý kiến tham gia thêm.
"""

PLAN = "KẾ HOẠCH\n\nKiểm tra năm 2026\n\nI. NỘI DUNG\n\n1. Kiểm tra việc ban hành văn bản.\n"


def parse(text: str) -> Document:
    return parse_bytes(text.encode("utf-8"), "van-ban.txt", ParseOptions())


@pytest.mark.parametrize(("text", "review"), [(COMMENTS, True), (AGREES, True), (PLAN, False)])
def test_a_review_is_told_by_its_title(text: str, review: bool) -> None:
    assert is_review(parse(text)) is review


def test_the_points_are_the_items_that_ask() -> None:
    points = review_points(parse(COMMENTS))
    # The first item asks in the paragraph under it; the second only names something; the
    # closing formula raises nothing.
    assert [p.label_path for p in points] == ["-1", "-3"]
    assert "đề nghị cơ quan soạn thảo xem xét" in points[0].text
    assert points[1].text.startswith("Đề nghị bổ sung nội dung kiểm tra")


def test_a_letter_that_only_agrees_raises_no_point() -> None:
    assert review_points(parse(AGREES)) == []


ANSWER = """\
SỞ NỘI VỤ

Số: 51/TTr-SNV

TỜ TRÌNH

Về việc ban hành Kế hoạch kiểm tra cải cách hành chính năm 2026

Sở Nội vụ đã tiếp thu ý kiến góp ý: điều chỉnh trọng tâm kiểm tra các nền tảng số của tỉnh và \
bổ sung nội dung kiểm tra việc công khai thông tin trên Trang thông tin điện tử.
"""


def test_check_reads_a_reviews_points(monkeypatch: pytest.MonkeyPatch) -> None:
    from docparse.link.cache import LinkCache
    from docparse.link.coverage import check

    monkeypatch.delenv("DOCPARSE_LIBRARY", raising=False)
    comments, answer = parse(COMMENTS), parse(ANSWER)
    coverage = check(comments, [answer], cache=LinkCache(memory=True))
    assert coverage.kind == "review"
    assert [t.task.label_path for t in coverage.tasks] == ["-1", "-3"]
    # Asked the other way, the same letter's own tasks: none (it is no plan).
    assert check(comments, [answer], cache=LinkCache(memory=True), kind="tasks").kind == "tasks"
