"""Deadlines of plan tasks: every form in DOMAIN.md, as a table."""

from __future__ import annotations

import pytest

from docparse.link.deadlines import find_deadline, parse_deadline

# (value of a "Thời gian:" line, kind, normalised value)
LINES = [
    ("thường xuyên.", "continuous", None),
    ("Thường xuyên", "continuous", None),
    ("Liên tục", "continuous", None),
    ("Năm 2026 (theo hướng dẫn của Thanh tra Chính phủ)", "year", "2026"),
    ("2027", "year", "2027"),
    ("Quý II/2026", "quarter", "2026-Q2"),
    ("quý 3 năm 2025", "quarter", "2025-Q3"),
    ("Quý IV/2025", "quarter", "2025-Q4"),
    ("tháng 6/2025", "month", "2025-06"),
    ("Tháng 12 năm 2025", "month", "2025-12"),
    ("31/3/2026", "date", "2026-03-31"),
    ("trước ngày 15/12/2025", "date", "2025-12-15"),
    ("ngày 31 tháng 3 năm 2026", "date", "2026-03-31"),
    ("định kỳ 31/10 hàng năm", "recurring", "--10-31"),
    ("Trước ngày 30/11 hằng năm", "recurring", "--11-30"),
    ("Hằng năm", "recurring", None),
    ("định kỳ 06 tháng/năm", "recurring", None),
    ("06 tháng, năm", "recurring", None),
    ("Giai đoạn 2025 - 2030", "period", "2025/2030"),
    ("2026-2030", "period", "2026/2030"),
    ("từ năm 2025 đến năm 2030", "period", "2025/2030"),
    ("Từ 10/10/2022 đến 25/11/2022", "period", "2022-10-10/2022-11-25"),
    ("từ ngày 26/11 đến ngày 20/12/2022", "period", "2022-11-26/2022-12-20"),
    ("Theo quy định của pháp luật có liên quan", "other", None),
]


@pytest.mark.parametrize(("raw", "kind", "value"), LINES)
def test_parse_deadline(raw: str, kind: str, value: str | None) -> None:
    deadline = parse_deadline(raw)
    assert deadline is not None
    assert (deadline.kind, deadline.value) == (kind, value)
    assert deadline.raw == raw.strip(" .")


def test_empty_value_is_no_deadline() -> None:
    assert parse_deadline("  . ") is None


# (task text, raw deadline found in it or None)
IN_TEXT = [
    ("Thường xuyên kiểm tra; định kỳ 31/10 hàng năm báo cáo kết quả", "định kỳ 31/10 hàng năm"),
    ("báo cáo Bộ Tài chính trước ngày 30/11 hàng năm để tổng hợp", "trước ngày 30/11 hàng năm"),
    ("định kỳ 06 tháng/năm báo cáo Ủy ban nhân dân tỉnh", "định kỳ 06 tháng/năm"),
    ("lồng ghép vào kỳ báo cáo 06 tháng, năm gửi Thanh tra tỉnh", "06 tháng, năm"),
    ("định kỳ báo cáo kết quả thực hiện theo quy định", "định kỳ"),
    ("phấn đấu hoàn thành trong năm 2026", "hoàn thành trong năm 2026"),
    ("tổ chức thực hiện trong Quý III/2026", "trong Quý III/2026"),
    ("hoàn thành chậm nhất trong tháng 9/2026", "chậm nhất trong tháng 9/2026"),
    ("sơ tán người dân, hoàn thành trước 17 giờ ngày 09/9/2026.", "trước 17 giờ ngày 09/9/2026"),
    # "thường xuyên" ending a clause or before the verb it times states the schedule; after
    # its verb, the manner
    ("kiểm tra an toàn điện tại các chợ; thực hiện thường xuyên.", "thực hiện thường xuyên"),
    ("chỉ đạo lực lượng chức năng thường xuyên tuyên truyền, vận động Nhân dân.",
     "thường xuyên"),
    ("kiểm tra, giám sát thường xuyên.", None),
    ("Đẩy mạnh cải cách hành chính. Quyết liệt giải quyết hồ sơ; thường xuyên rà soát hồ sơ.",
     None),
    # A target year is not a deadline of the task.
    ("nâng tỷ lệ che phủ rừng trên 67% vào năm 2030", None),
    ("Xây dựng kế hoạch tuyên truyền", None),
]


@pytest.mark.parametrize(("text", "raw"), IN_TEXT)
def test_find_deadline(text: str, raw: str | None) -> None:
    found = find_deadline(text)
    assert (found.raw if found else None) == raw


def test_old_style_tones_and_nfd_are_read() -> None:
    import unicodedata

    deadline = parse_deadline(unicodedata.normalize("NFD", "Quý II/2026"))
    assert deadline is not None and deadline.value == "2026-Q2"
