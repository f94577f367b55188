"""Deadlines of plan tasks: "Thời gian: thường xuyên", "Quý II/2026", "định kỳ 31/10 hàng năm".

`parse_deadline` reads the value of a "Thời gian (thực hiện):" line; `find_deadline`
looks inside a task's own text for the few phrasings that state a deadline there
("định kỳ 31/10 hàng năm báo cáo", "trước ngày 30/11 hàng năm", "hoàn thành trong
năm 2026"). Normalised values follow the contract (docparse.model.Deadline):
"2026-03-31", "2026-06", "2026-Q2", "2026", "2025/2030", "2022-10-10/2022-11-25",
"--10-31" (yearly on 31/10).
"""

from __future__ import annotations

import re

from docparse.link.text import fold_tones
from docparse.model import Deadline

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"\s*[/.-]\s*"

_CONTINUOUS = re.compile(r"^(?:thực hiện\s+)?(?:thường xuyên|liên tục|hằng ngày|hàng ngày)\b")
_EVERY_YEAR = re.compile(r"(?:hằng|hàng|mỗi)\s+năm|năm\s+(?:sau|tiếp theo)")
_RECURRING = re.compile(
    r"định kỳ|hằng|hàng\s+(?:năm|quý|tháng|tuần)|mỗi\s+(?:năm|quý|tháng)|\d+\s+tháng\s*/\s*lần"
    r"|\d+\s+tháng\s*[,/]\s*năm"
)
# "31/10", "ngày 31 tháng 10": day and month without a year.
_DAY_MONTH = re.compile(
    rf"(?:ngày\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\s*[/.-]?\s*\d)"
    r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s+năm)"
)
_DATE = re.compile(
    rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}({_YEAR})"
    rf"|ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+({_YEAR})"
)
# "Từ 10/10/2022 đến 25/11/2022", "từ ngày 26/11 đến ngày 20/12/2022": the start's year, when
# it is left out, is the end's.
_DATE_RANGE = re.compile(
    rf"từ\s+(?:ngày\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}})(?:{_SEP}({_YEAR}))?\s*"
    rf"(?:đến|-|–)\s*(?:ngày\s+)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}({_YEAR})"
)
_MONTH = re.compile(rf"tháng\s+(\d{{1,2}})(?:{_SEP}|\s+năm\s+)({_YEAR})")
_QUARTER = re.compile(rf"quý\s+(i{{1,3}}|iv|[1-4])(?:{_SEP}|\s+năm\s+)({_YEAR})")
_PERIOD = re.compile(
    rf"(?:giai đoạn\s+|từ\s+năm\s+|từ\s+)?({_YEAR})\s*(?:-|–|—|đến(?:\s+năm)?)\s*({_YEAR})"
)
_ONE_YEAR = re.compile(rf"(?:năm\s+)?({_YEAR})\b")

# Inside a task's text, only phrasings that clearly set a time for the task itself.
_IN_TEXT = re.compile(
    r"(?P<raw>định kỳ[^;.]{0,40}?(?:hằng|hàng)\s+(?:năm|quý|tháng)"
    r"|trước\s+(?:\d{1,2}\s+giờ(?:\s+\d{1,2}(?:\s+phút)?)?\s*,?\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}"
    r"(?:\s*/\s*\d{4})?(?:\s+(?:hằng|hàng)\s+năm)?"
    # "trước 14 giờ, ngày 08 tháng 10 năm 2025": the date written out
    r"|trước\s+(?:\d{1,2}\s+giờ(?:\s+\d{1,2}(?:\s+phút)?)?\s*,?\s+)?ngày\s+\d{1,2}\s+tháng\s+"
    r"\d{1,2}\s+năm\s+\d{4}"
    r"|định kỳ\s+(?:\d+\s+tháng(?:\s*/\s*năm|,\s*năm)?|hằng\s+năm|hàng\s+năm|hằng\s+quý)"
    r"|hoàn thành\s+(?:trong|trước)\s+(?:quý\s+\w+\s*/\s*\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4}"
    r"|năm\s+\d{4})"
    r"|(?:trong|trước|chậm nhất(?:\s+là)?(?:\s+trong)?)\s+(?:quý\s+(?:i{1,3}|iv|[1-4])\s*/\s*\d{4}"
    r"|tháng\s+\d{1,2}\s*/\s*\d{4})"  # "thực hiện trong Quý III/2026"
    r"|\d+\s+tháng\s*[,/]\s*năm"  # "kỳ báo cáo ... 06 tháng, năm": half-yearly and yearly
    # at a clause's end, a schedule ("...; thực hiện thường xuyên."), not a manner
    r"|(?<=[,;]\s)(?:thực hiện\s+)?(?:thường xuyên|liên tục)(?=\s*(?:[.;]|$))"
    # alone before a reporting verb ("định kỳ báo cáo kết quả"): recurring, no stated
    # period; "sao lưu dữ liệu định kỳ" describes the work, not its schedule
    r"|định kỳ(?=\s+(?:báo cáo|tổng hợp|kiểm tra|đánh giá|sơ kết|tổng kết)))",
    re.IGNORECASE,
)


def parse_deadline(raw: str) -> Deadline | None:
    """The deadline a "Thời gian" value states; kind "other" when it names no time."""
    raw = " ".join(raw.split()).strip(" .;:,*")
    if not raw:
        return None
    text = fold_tones(raw).lower()
    if _CONTINUOUS.search(text):
        return Deadline(raw=raw, kind="continuous", value=None)
    if _RECURRING.search(text):
        value = None
        if _EVERY_YEAR.search(text) and (m := _DAY_MONTH.search(text)):
            day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            value = _month_day(int(month), int(day))
        return Deadline(raw=raw, kind="recurring", value=value)
    if (m := _DATE_RANGE.search(text)) and (value := _date_range(*m.groups())):
        return Deadline(raw=raw, kind="period", value=value)
    if m := _DATE.search(text):
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.groups()[3:]
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return Deadline(raw=raw, kind="date", value=f"{year}-{int(month):02d}-{int(day):02d}")
    if m := _QUARTER.search(text):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        return Deadline(raw=raw, kind="quarter", value=f"{m.group(2)}-Q{quarter}")
    if (m := _MONTH.search(text)) and 1 <= int(m.group(1)) <= 12:
        return Deadline(raw=raw, kind="month", value=f"{m.group(2)}-{int(m.group(1)):02d}")
    if m := _PERIOD.search(text):
        return Deadline(raw=raw, kind="period", value=f"{m.group(1)}/{m.group(2)}")
    if m := _ONE_YEAR.search(text):
        return Deadline(raw=raw, kind="year", value=m.group(1))
    return Deadline(raw=raw, kind="other", value=None)


# Failing those, in a duty of one sentence, "thường xuyên" before the verb it times ("...
# thường xuyên tuyên truyền"): the duty is continuous. After its verb ("giám sát thường
# xuyên.") it is a manner, and in a task of many sentences it times only one of them.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")
_SCHEDULE_ADVERB = re.compile(r"(?P<raw>thường xuyên)(?=\s+(?!và\b|hơn\b|của\b)[a-zà-ỹđ])",
                              re.IGNORECASE)


def find_deadline(text: str) -> Deadline | None:
    """A deadline stated inside a task's text ("định kỳ 31/10 hàng năm báo cáo ...")."""
    folded = fold_tones(text)
    m = _IN_TEXT.search(folded)
    if m is None and not _SENTENCE_BREAK.search(folded.strip().rstrip(".")):
        m = _SCHEDULE_ADVERB.search(folded)
    if m is None:
        return None
    return parse_deadline(m.group("raw"))


def _date_range(
    day: str, month: str, year: str | None, end_day: str, end_month: str, end_year: str
) -> str | None:
    """"2022-10-10/2022-11-25" (an ISO 8601 interval), or None for a day or month that is
    not one."""
    if not (1 <= int(month) <= 12 and 1 <= int(end_month) <= 12
            and 1 <= int(day) <= 31 and 1 <= int(end_day) <= 31):
        return None
    return (f"{year or end_year}-{int(month):02d}-{int(day):02d}/"
            f"{end_year}-{int(end_month):02d}-{int(end_day):02d}")


def _month_day(month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"--{month:02d}-{day:02d}"
    return None
