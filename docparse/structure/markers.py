"""The grammar of footnote markers that plain text carries as ordinary digits.

Pure patterns, shared by the layout stage (is a page's "1 text" a note? only if its marker
stands above it) and the structure stage (take the markers out of the paragraphs).
"""

from __future__ import annotations

from functools import cache

import regex

# Glued to the word: "lãng phí1.", "(PCTNTC)2", "chiếm 1,6%18."
GLUED_MARKER = r"(?:(?<=[\p{L}%])|(?<=[\p{L}][.,;:)”\"’]))({n})(?![\d\p{L}])"
# pdftotext -layout sets a raised marker apart by one space: "trí tuệ 1; để", "năm 2018 2.".
# Only before punctuation (not a number's "5.000", "5,72") or the line's end, so that
# "khoản 1 Điều 2" is never taken for markers, and never after a word that counts
# ("khoản 2,", "Điều 1.").
COUNTED = (r"Điều|điều|khoản|Khoản|điểm|Điểm|số|Số|năm|Chương|Mục|mục|Phần|phần|lần|thứ|Quý|quý"
           r"|tháng|ngày|đoạn|khóa|khoá|nhóm|tiết|lục|Biểu|biểu|Mẫu|mẫu|loại|cấp|hạng|bậc|tổ|đợt"
           r"|QL|trang|câu|dòng")
SPACED_MARKER = (r"(?<=[\p{L}\d.,;:)”\"’])(?<!(?:^|\s)(?:" + COUNTED + r"))"
                 r" ({n})(?=[.,;:)](?!\d)|$)")


@cache
def marker_patterns(number: int) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The glued and the spaced shape of footnote `number`'s marker."""
    return (regex.compile(GLUED_MARKER.replace("{n}", str(number))),
            regex.compile(SPACED_MARKER.replace("{n}", str(number))))
