"""The status a report's own table gives a task ("Hoàn thành", "Đang thực hiện").

Reports on a plan often answer it in a table, one row per task, with a column for the
result ("Kết quả thực hiện") and one for its state ("Tiến độ", "Đánh giá"): the report
then says in so many words whether the task was done. When the passage that best
matches a task is such a row, its state decides the verdict (docparse.link.coverage)
instead of the model's reading of the wording.
"""

from __future__ import annotations

import re

from docparse.ingest.lines import CELL_SEPARATOR
from docparse.link.text import canonical

# A cell that is a state and nothing more (an optional parenthesis or date after it).
_TAIL = r"(?:\s*\(.*\))?(?:\s+(?:ngày|năm|tháng|quý)\s+\S+)?[.;]?"


def _state(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{alternatives}){_TAIL}")


STATES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("partial", _state(
        r"(?:đã\s+)?hoàn thành\s+(?:một phần|\d{1,2}(?:[.,]\d+)?\s*%)"
        r"|đang\s+(?:thực hiện|triển khai|tổ chức thực hiện|hoàn thiện|xây dựng|làm)"
        r"|chưa\s+hoàn thành|chậm\s+(?:tiến độ|so với)|quá hạn")),
    ("not_reported", _state(
        r"chưa\s+(?:thực hiện|triển khai|tổ chức thực hiện|làm)|không\s+thực hiện")),
    ("reported", _state(
        r"(?:đã\s+)?hoàn thành(?:\s+(?:đúng|trước)\s+(?:tiến độ|thời hạn|hạn|kế hoạch)"
        r"|\s+100\s*%)?"
        r"|đã\s+(?:thực hiện|triển khai|tổ chức thực hiện|ban hành)(?:\s+xong)?|xong")),
)


def stated_status(text: str) -> tuple[str, str] | None:
    """(verdict, the cell as written) when one cell of a table row is a state, else None."""
    if CELL_SEPARATOR.strip() not in text:
        return None
    for cell in text.split(CELL_SEPARATOR.strip()):
        words = cell.strip()
        if not words or len(words) > 60:
            continue
        folded = canonical(words)
        for verdict, pattern in STATES:
            if pattern.fullmatch(folded):
                return verdict, words
    return None
