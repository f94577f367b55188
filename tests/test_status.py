"""A report's own task table states each task's state; the state decides the verdict."""

from __future__ import annotations

import os

import docx
import pytest
from docx_tables import docx_bytes, fill_table

from docparse.link.coverage import check
from docparse.link.report import render_html, render_markdown
from docparse.link.status import stated_status
from docparse.pipeline import ParseOptions, parse_bytes

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# (row text as ingest writes it, verdict and cell, or None)
ROWS = [
    ("1 | Xây dựng kho dữ liệu | Đã xây dựng xong | Hoàn thành", ("reported", "Hoàn thành")),
    ("2 | Số hóa | 9.870 hồ sơ | Hoàn thành 100%", ("reported", "Hoàn thành 100%")),
    ("3 | Số hóa |  | hoàn thành đúng tiến độ.", ("reported", "hoàn thành đúng tiến độ.")),
    ("4 | Tập huấn | 4 lớp | Đang thực hiện (đạt 60%)",
     ("partial", "Đang thực hiện (đạt 60%)")),
    ("5 | Kho |  | Hoàn thành 80%", ("partial", "Hoàn thành 80%")),
    ("6 | Kho |  | Chưa hoàn thành", ("partial", "Chưa hoàn thành")),
    ("7 | Thanh toán | Không có | Chưa thực hiện", ("not_reported", "Chưa thực hiện")),
    ("Hoàn thành việc số hóa hồ sơ.", None),  # running text, not a table row
    ("8 | Hoàn thành việc số hóa hồ sơ của các xã | Sở Nội vụ", None),  # a sentence, not a state
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_stated_status(text: str, expected: tuple[str, str] | None) -> None:
    assert stated_status(text) == expected


def _docx(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    fill_table(d, rows)
    return docx_bytes(d)


def test_the_reports_table_decides_the_verdict() -> None:
    plan = _docx(["KẾ HOẠCH", "Chuyển đổi số năm 2026", "II. NHIỆM VỤ CỤ THỂ"], [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Xây dựng kho dữ liệu dùng chung của huyện", "Văn phòng UBND huyện", "Quý III/2026"],
        ["2", "Tập huấn kỹ năng số cho công chức cấp xã", "Phòng Nội vụ", "Tháng 6/2026"],
        ["3", "Triển khai thanh toán không dùng tiền mặt tại trường học", "Phòng Giáo dục",
         "Năm 2026"],
    ])
    report = _docx(["BÁO CÁO", "Kết quả chuyển đổi số năm 2026", "I. KẾT QUẢ THỰC HIỆN"], [
        ["STT", "Nhiệm vụ", "Kết quả", "Tiến độ"],
        ["1", "Xây dựng kho dữ liệu dùng chung của huyện", "Đưa vào sử dụng từ tháng 9",
         "Hoàn thành"],
        ["2", "Tập huấn kỹ năng số cho công chức cấp xã", "Đã mở 2 trong 4 lớp",
         "Đang thực hiện"],
        ["3", "Triển khai thanh toán không dùng tiền mặt tại trường học", "", "Chưa thực hiện"],
    ])
    opts = ParseOptions(enrich=False)
    coverage = check(parse_bytes(plan, "plan.docx", opts), [parse_bytes(report, "r.docx", opts)])
    got = [(t.task.label_path, t.verdict, t.reports[0].stated) for t in coverage.tasks]
    assert got == [("II.1", "reported", "Hoàn thành"), ("II.2", "partial", "Đang thực hiện"),
                   ("II.3", "not_reported", "Chưa thực hiện")]
    assert 0 < coverage.tasks[0].confidence <= 1
    assert "stated: “Hoàn thành”" in render_markdown(coverage)
    assert "stated: “Đang thực hiện”" in render_html(coverage)


def test_a_task_the_report_says_was_not_done_is_not_reported_done() -> None:
    plan = "\n\n".join([
        "KẾ HOẠCH\nCải cách hành chính năm 2026", "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh.",
        "- Cơ quan chủ trì: Sở Tư pháp.",
        "2. Kiểm tra việc thi hành pháp luật về xử lý vi phạm hành chính.",
        "- Cơ quan chủ trì: Sở Tư pháp.",
    ]) + "\n"
    report = "\n\n".join([
        "BÁO CÁO\nKết quả cải cách hành chính năm 2026", "I. KẾT QUẢ THỰC HIỆN",
        ("Sở Tư pháp đã rà soát 312 văn bản quy phạm pháp luật của tỉnh, đề nghị bãi bỏ "
         "14 văn bản hết hiệu lực."),
        "II. HẠN CHẾ",
        "Việc kiểm tra thi hành pháp luật về xử lý vi phạm hành chính chưa được thực hiện.",
    ]) + "\n"
    opts = ParseOptions(enrich=False)
    coverage = check(parse_bytes(plan.encode(), "p.txt", opts),
                     [parse_bytes(report.encode(), "r.txt", opts)])
    verdicts = {t.task.label_path: t.verdict for t in coverage.tasks}
    assert verdicts["II.2"] != "reported"  # "chưa được thực hiện": said not done
    assert coverage.tasks[1].evidence[0].quote.endswith("chưa được thực hiện.") or (
        coverage.tasks[1].nearest[0].quote.endswith("chưa được thực hiện."))
