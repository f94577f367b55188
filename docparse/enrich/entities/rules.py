"""Rule grammar for entities: the patterns where rules beat learning.

Dates are a closed, regular language ("ngày 21/4/2025", "Quý II/2025",
"nhiệm kỳ 2025 - 2030"): regexes get them exactly, so the NER model is not
trained on them. Administrative bodies named by level and place ("UBND tỉnh
Lạng Sơn", "Thanh tra tỉnh", "Sở Tài chính") and people introduced by a form of
address ("đồng chí Hồ Tiến Thiệu") follow fixed formulas too. Everything else
(units with free-form names, foreign places, people without a cue) is left to
the statistical model.

Each part is a named constant with the reason it exists; `RULES` lists
(label, compiled pattern, group) in priority order: earlier rules win overlaps,
and longer matches win among equals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vietnamese capitals (precomposed, NFC): a name syllable starts with one.
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# A capitalised syllable, and a proper name of one to four of them ("Lạng Sơn",
# "Hồ Chí Minh", "Khu tự trị" is not one: it has lowercase syllables).
CAP = rf"[{UPPER}][^\W\d_]*"
NAME = rf"{CAP}(?:[ ]{CAP}){{0,3}}"
# A place name may carry a number ("Khu vực 5"). It never starts with a
# document-type word: "Văn phòng UBND tỉnh Kết luận ..." ends at "tỉnh".
_NOT_PLACE = (
    r"(?!(?:Kết luận|Kế hoạch|Báo cáo|Quyết định|Nghị quyết|Nghị định|Thông báo|Thông tư|"
    r"Công văn|Văn bản|Chương trình|Chỉ thị|Hướng dẫn|Tờ trình|Đề án|Phụ lục|Quy định|Quy chế|"
    r"Luật|Trung ương)\b)"
)
PLACE = rf"{_NOT_PLACE}{NAME}(?:[ ]\d+(?![\d.,]))?"

# --- dates ---------------------------------------------------------------------
_D = r"\d{1,2}"
_Y = r"(?:19|20)\d\d"
_SLASH = r"\s?/\s?"
DATE_LONG = rf"[Nn]gày\s{_D}\stháng\s{_D}\snăm\s{_Y}"  # "ngày 31 tháng 3 năm 2026"
DATE_NUMERIC = rf"(?:[Nn]gày\s)?{_D}{_SLASH}{_D}{_SLASH}{_Y}"  # "ngày 21/4/2025", "21/4/2025"
DATE_DAY_MONTH = rf"[Nn]gày\s{_D}/{_D}(?![/\d])"  # "từ ngày 01/7 đến nay": no year
MONTH = (
    rf"[Tt]háng\s{_D}(?:{_SLASH}{_Y}|\snăm\s{_Y})?(?![/\d])"  # "tháng 7 năm 2025", "tháng 6/2025"
)
QUARTER = rf"[Qq]uý\s(?:IV|I{{1,3}}|[1-4])(?:{_SLASH}{_Y}|\snăm\s{_Y})?(?![\w/])"
# "6 tháng đầu năm 2025": a period measured from the start or end of a year.
PERIOD_OF_YEAR = rf"{_D}\s(?:tháng|quý)\s(?:đầu|cuối)\snăm(?:\s{_Y})?"
YEAR = rf"[Nn]ăm\s{_Y}(?!\d)"  # "năm 2025", "Năm 2025,"
# "nhiệm kỳ 2025 - 2030", "giai đoạn 2021-2025": terms and planning periods.
YEAR_RANGE = rf"(?:[Nn]hiệm kỳ|[Gg]iai đoạn|[Tt]hời kỳ)\s{_Y}\s?[-–]\s?{_Y}"

# --- organisations ---------------------------------------------------------------
LEVEL = r"(?:tỉnh|huyện|xã|phường|thị xã|thị trấn|thành phố|Thành phố|quận)"
# People's committees and councils are named by level and, optionally, place.
# "UBND các xã" and "UBND cấp xã" are generic, not one body: the level word
# must follow directly.
COUNCIL = (
    r"(?:(?:Thường trực|Văn phòng)\s)?"
    r"(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân)"
)
COUNCIL_BODY = rf"{COUNCIL}\s{LEVEL}(?:\s{PLACE})?"
# Provincial branches named "<body> tỉnh [<place>]".
BRANCH = (
    r"(?:Thanh tra|Công an|Bộ Chỉ huy Quân sự|Bộ đội Biên phòng|Kho bạc Nhà nước|"
    r"Cục Thuế|Thuế|Chi cục Thuế|Cục Hải quan|Cục Quản lý thị trường|Chi cục Kiểm lâm|"
    r"Viện [Kk]iểm sát nhân dân|Tòa án nhân dân|Toà án nhân dân|Thi hành án dân sự|"
    r"Ban Quản lý dự án đầu tư xây dựng|Bảo hiểm xã hội|Liên đoàn Lao động|Hội Nông dân|"
    r"Hội Liên hiệp Phụ nữ|Hội Cựu chiến binh|Đoàn Thanh niên|Đài Phát thanh và Truyền hình|"
    r"Đài Phát thanh - Truyền hình|Đài PTTH|Trung tâm Phục vụ hành chính công|"
    r"Ủy ban MTTQ Việt Nam|Ủy ban Mặt trận Tổ quốc Việt Nam|Uỷ ban Mặt trận Tổ quốc Việt Nam|"
    r"Ban Thường trực Ủy ban MTTQ Việt Nam|Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam|"
    r"Ủy ban Mặt trận Tổ quốc|Ban Chỉ đạo|Ban Chấp hành Đảng bộ|Đảng bộ|Ban Nội chính|"
    r"Ban Tuyên giáo|Ban Tổ chức|Ban Dân vận|Ủy ban Kiểm tra|Văn phòng)"
)
BRANCH_BODY = rf"{BRANCH}\s{LEVEL}(?:\s{PLACE})?"
# Institutions that are one body even without a level word (the province's own
# court, procuracy ...). Not "Thanh tra" or "Công an": bare, those are activities.
INSTITUTION = (
    r"(?:Viện [Kk]iểm sát nhân dân|Viện Kiểm sát|Tòa án nhân dân|Toà án nhân dân|"
    r"Ủy ban Mặt trận Tổ quốc|Uỷ ban Mặt trận Tổ quốc|Bộ đội Biên phòng|Cục Hải quan|Cục Thuế|"
    r"Chi cục Kiểm lâm|Cục Quản lý thị trường|Thường trực HĐND|Thường trực Hội đồng nhân dân)"
    r"(?!\s(?:các|cấp|cùng|tối cao)\b)"
)
# "Quốc hội khóa XV": the legislature of one term.
LEGISLATURE = r"Quốc hội\s(?:khóa|khoá)\s[IVXLC]+"
# Departments and ministries named by their field: a closed list, because the
# field runs into the sentence otherwise ("Sở Tài chính hướng dẫn ...").
FIELD = (
    r"(?:Tài chính|Tư pháp|Nội vụ|Ngoại vụ|Ngoại giao|Giáo dục và Đào tạo|Y tế|Xây dựng|"
    r"Công Thương|Công thương|Khoa học và Công nghệ|Nông nghiệp và Môi trường|"
    r"Nông nghiệp và Phát triển nông thôn|Tài nguyên và Môi trường|Kế hoạch và Đầu tư|"
    r"Lao động - Thương binh và Xã hội|Lao động, Thương binh và Xã hội|"
    r"Văn hóa, Thể thao và Du lịch|Văn hoá, Thể thao và Du lịch|Thông tin và Truyền thông|"
    r"Giao thông vận tải|Dân tộc và Tôn giáo|Công an|Quốc phòng)"
)
DEPARTMENT = rf"(?:Bộ|Sở|Phòng)\s{FIELD}(?:\s{LEVEL}(?:\s{PLACE})?)?"
# Party committees: "Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "Đảng ủy UBND tỉnh".
PARTY = (
    r"(?:(?:Ban Thường vụ|Thường trực|Ban Chấp hành|Ban Nội chính|Ủy ban Kiểm tra|UBKT)\s)?"
    r"(?:Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Đảng ủy|Đảng uỷ)"
    r"(?:\s(?:UBND|Ủy ban nhân dân)\s(?:tỉnh|huyện|thành phố|xã|phường))?(?:\s{PLACE})?"
)
STEERING = r"Ban Chỉ đạo\s(?:Trung ương|\d+)"  # "Ban Chỉ đạo Trung ương", "Ban Chỉ đạo 751"
SCHOOL = (
    rf"Trường\s(?:THCS|THPT|PTDTBT|PTDTNT|Tiểu học|Mầm non|Cao đẳng|Đại học|Chính trị)\s{PLACE}"
)

# --- titles and people -----------------------------------------------------------
# Offices that head a body; a title is the office plus the body it heads,
# joined after NER by the postprocessor ("Chủ tịch" + "UBND tỉnh").
TITLE_HEAD = (
    r"(?:Phó\s)?(?:Chủ tịch|Bí thư|Giám đốc|Chánh Thanh tra|Chánh Văn phòng|Chánh án|Viện trưởng|"
    r"Trưởng ban|Trưởng Ban|Trưởng phòng|Trưởng Phòng|Trưởng|trưởng|Cục trưởng|Chi cục trưởng|"
    r"Vụ trưởng|Bộ trưởng|Thứ trưởng|Tổng cục trưởng|Tổng Thanh tra|Thủ tướng|Chủ nhiệm|"
    r"Tổng Giám đốc|Hiệu trưởng|Chánh|Tổng)"
    r"(?:\s(?:Thường trực|thường trực|phụ trách))?"
)
# Offices that stand alone: closed list.
TITLE_ALONE = r"(?:Tổng Bí thư|Chủ tịch nước|Chủ tịch Quốc hội|Phó Thủ tướng|Thủ tướng Chính phủ)"
# A person introduced by a form of address; the name is the capitalised syllables after it.
PERSON_CUE = r"(?:[Đđ]ồng chí|[Đđ]/c|[Ôô]ng|[Bb]à)"
PERSON = rf"\b{PERSON_CUE}\s(?P<name>{CAP}(?:[ ]{CAP}){{1,3}})"

# --- places --------------------------------------------------------------------
# "tỉnh Lạng Sơn", "xã Hoàng Văn Thụ"; not after "các" (a list, below).
PLACE_LEVEL = rf"(?<!các\s){LEVEL}\s{PLACE}"
BORDER_GATE = rf"cửa khẩu(?:\s(?:quốc tế|chính|song phương|phụ))?\s{NAME}"
# "các huyện Văn Quan, Bình Gia, Bắc Sơn (cũ)": every name of the list is a place.
PLACE_LIST = rf"các\s(?:tỉnh|huyện|xã|phường|thị xã|thành phố)\s(?P<names>{NAME}(?:,\s{NAME})+)"


@dataclass(frozen=True)
class Rule:
    label: str
    pattern: re.Pattern[str]
    group: str | int = 0  # which group is the entity


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


RULES: tuple[Rule, ...] = (
    Rule("DATE", _c(DATE_LONG)),
    Rule("DATE", _c(DATE_NUMERIC)),
    Rule("DATE", _c(PERIOD_OF_YEAR)),
    Rule("DATE", _c(QUARTER)),
    Rule("DATE", _c(MONTH)),
    Rule("DATE", _c(DATE_DAY_MONTH)),
    Rule("DATE", _c(YEAR_RANGE)),
    Rule("DATE", _c(YEAR)),
    Rule("TITLE", _c(rf"\b{TITLE_ALONE}\b")),
    Rule("ORG", _c(rf"\b{PARTY}")),
    Rule("ORG", _c(rf"\b{COUNCIL_BODY}")),
    Rule("ORG", _c(rf"\b{BRANCH_BODY}")),
    Rule("ORG", _c(rf"\b{DEPARTMENT}\b")),
    Rule("ORG", _c(rf"\b{STEERING}\b")),
    Rule("ORG", _c(rf"\b{LEGISLATURE}\b")),
    Rule("ORG", _c(rf"\b{INSTITUTION}")),
    Rule("ORG", _c(rf"\b{SCHOOL}")),
    Rule("PER", _c(PERSON), "name"),
    Rule("LOC", _c(rf"\b{BORDER_GATE}")),
    Rule("LOC", _c(rf"\b{PLACE_LEVEL}")),
)
PLACE_LIST_RE = _c(rf"\b{PLACE_LIST}")
NAME_RE = _c(NAME)
TITLE_HEAD_RE = _c(rf"\b{TITLE_HEAD}\s$")


def rule_matches(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) rule matches in `text`.

    Candidates are ranked by rule priority, then length; a candidate that
    overlaps a better one is dropped.
    """
    candidates: list[tuple[int, int, int, str]] = []  # (priority, start, end, label)
    for priority, rule in enumerate(RULES):
        for m in rule.pattern.finditer(text):
            start, end = m.span(rule.group)
            start, end = _trim(text, start, end)
            if end > start:
                candidates.append((priority, start, end, rule.label))
    for m in PLACE_LIST_RE.finditer(text):
        base = m.start("names")
        for name in NAME_RE.finditer(m["names"]):
            candidates.append((len(RULES), base + name.start(), base + name.end(), "LOC"))
    # Dates first (they never nest in names); then longer spans before shorter.
    candidates.sort(key=lambda c: (c[3] != "DATE", -(c[2] - c[1]), c[0]))
    chosen: list[tuple[int, int, str]] = []
    for _, start, end, label in candidates:
        if any(start < e and s < end for s, e, _ in chosen):
            continue
        chosen.append((start, end, label))
    return sorted(chosen)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing spaces and punctuation a greedy pattern may have taken."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:."):
        end -= 1
    return start, end
