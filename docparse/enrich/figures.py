"""Figures: quantities stated in the text, with their value, unit and counted noun.

Vietnamese writes "." for thousands and "," for decimals ("27.062.009.000
đồng", "8.310,18 km²", "47,11 %"); counts are often zero-padded ("02 cửa
khẩu"); ratios count done over total ("49/104 dự án"). A figure is a number
with what makes it a quantity: a unit ("%", "km²", "ha", "triệu đồng"), the
noun it counts ("23 vụ", "78 bị can"), or a total ("11/13 cuộc"); "tăng" /
"giảm" in front make it a change (giảm is negative). Numbers that identify
rather than measure are not figures: document numbers and symbols
("116/KH-UBND"), dates and years ("21/4/2025", "tháng 6/2025", "năm 2025",
"2021 - 2025"), section and list labels ("Điều 10", "2.1.", "(1)", "Phụ lục
2"), ordinals ("lần thứ 9") and numbers inside names ("Khu vực 5", "Hệ thống
751", "Quốc lộ 4A"). Numbers written in words ("hai cấp") are not read.

Grammar parts are named module constants, each with the reason it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docparse.enrich.blocks import text_blocks
from docparse.model import Document, Figure, Location

# --- grammar -----------------------------------------------------------------

# A number as printed: thousands groups of exactly three digits after ".", an
# optional "," decimal part; or plain digits with an optional decimal part.
# Anything glued to a letter, "+", "." or "/" on its left belongs to a code
# ("Km45+100", "QL.1B", "116/KH").
NUMBER = r"(?<![\w.+/\-–])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
# A unit may be glued to its number ("231,74km"); any other letter may not.
_GLUED_UNIT = r"(?:km²|km2|km|m²|m2|m³|m3|ha|cm|mm|kg|m|%)(?![\w²³])"
_NUMBER_RE = re.compile(NUMBER + r"(?:(?![\w]|[.,]\d)|(?=" + _GLUED_UNIT + r"))")

# "triệu đồng", "tỷ đồng": scale words multiply the value.
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
CURRENCIES = {"đồng": "VND", "VNĐ": "VND", "VND": "VND", "đ": "VND", "USD": "USD"}
# Units of area and length as printed, glued or spaced ("231,74km", "8.310,18 km²").
AREA_UNITS = {"km²": "km²", "km2": "km²", "m²": "m²", "m2": "m²", "ha": "ha", "héc-ta": "ha"}
LENGTH_UNITS = {"km": "km", "m": "m", "cm": "cm", "mm": "mm"}
OTHER_UNITS = {"tấn": "tấn", "kg": "kg", "m³": "m³", "m3": "m³", "lít": "lít", "MW": "MW"}
DURATION_UNITS = {"năm", "tháng", "tuần", "ngày", "giờ", "phút", "quý"}

_SCALE = r"(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)"
# "đồng" is also the first syllable of common words ("đồng chí" comrade, "đồng bộ").
_CURRENCY = (
    r"(?P<cur>đồng(?!\s(?:chí|bộ|thời|bào|ý|hồ|đều|tình|nghiệp|thuận|minh|loạt|phục|hành))"
    r"|VNĐ|VND|USD|đ)(?![\w])"
)
_UNIT = r"(?P<unit>km²|km2|m²|m2|m³|m3|héc-ta|ha|km|cm|mm|m|tấn|kg|lít|MW)(?![\w²³])"
# The text right after a number that makes it money, a percent or a measure.
AFTER_MONEY = re.compile(rf"\s?(?:{_SCALE}\s)?{_CURRENCY}")
AFTER_PERCENT = re.compile(r"\s?%")
AFTER_UNIT = re.compile(rf"\s?{_UNIT}")
AFTER_SCALE = re.compile(rf"\s{_SCALE}(?![\w])")
# "tăng 43,75%", "giảm 33 cá nhân": the change verb directly before the number.
CHANGE_BEFORE = re.compile(r"(?P<verb>tăng|giảm)(?:\s(?:thêm|được|khoảng|gần|hơn|trên|cả))?\s$")
# Words after which a number is a label, a date part or part of a name.
LABEL_BEFORE = re.compile(
    r"(?:\b(?:Điều|điều|khoản|Khoản|điểm|Điểm|Chương|chương|Phần|phần|Mục|mục|Phụ lục|phụ lục|"
    r"[Bb]iểu số|[Bb]iểu|[Kk]ý hiệu|thứ|lần|khóa|khoá|Khóa|Khoá|vực|Vực|vùng|Vùng|[Hh]ệ thống|"
    r"[Bb]an [Cc]hỉ đạo|cơ sở|tổ|Tổ|đội|Đội|nhóm|Nhóm|Quốc lộ|quốc lộ|[Tt]ỉnh lộ|Km|"
    r"ngày|Ngày|tháng|Tháng|năm|Năm|[Qq]uý|[Nn]hiệm kỳ|[Gg]iai đoạn|[Nn]ghị định|[Nn]ghị quyết|"
    r"[Qq]uyết định|[Tt]hông tư|[Cc]hỉ thị|[Kk]ết luận|[Qq]uy định|[Hh]ướng dẫn|[Kk]ế hoạch|"
    r"[Bb]áo cáo|[Cc]ông văn|[Vv]ăn bản|[Tt]hông báo|[Ll]uật|"
    r"đợt|Đợt|phiên|Phiên|[Kk]hối|[Tt]iểu khu|[Tt]hôn|[Xx]óm|[Ll]ô|[Pp]hòng|[Tt]ầng))\s$"
)
# "Điều 55, 56", "khoản 1 và 2": later members of a list of labels.
LABEL_LIST_BEFORE = re.compile(
    r"\b(?:Điều|điều|khoản|Khoản|điểm|Điểm|Chương|chương|Mục|mục|Phần|phần|Phụ lục|phụ lục)"
    r"\s[\dIVXLC]+(?:\s?,\s?[\dIVXLC]+)*\s?(?:,|và)\s$"
)
# "6 tháng đầu năm 2025", "9 tháng qua": a period, a date expression.
# "Điều 55, 56", "khoản 1 và 2": later members of a list of labels.
LABEL_LIST_BEFORE = re.compile(
    r"\b(?:Điều|điều|khoản|Khoản|điểm|Điểm|Chương|chương|Mục|mục|Phần|phần|Phụ lục|phụ lục)"
    r"\s[\dIVXLC]+(?:\s?,\s?[\dIVXLC]+)*\s?(?:,|và)\s$"
)
PERIOD_AFTER = re.compile(r"\s(?:tháng|năm|quý|ngày)\s(?:đầu|cuối|qua|tới|trước|sau)\b")
YEAR = re.compile(r"(?:19|20)\d\d")
# Ratios "49/104 dự án"; not dates ("21/4/2025", "01/7", "6/2025").
RATIO = re.compile(NUMBER + r"/(?P<total>" + NUMBER.replace("(?<![\\w.+/\\-–])", "") + r")")
DATE_CUE_BEFORE = re.compile(
    r"(?:\b(?:ngày|Ngày|tháng|Tháng|từ|Từ|đến|Đến|hết|trước|sau|kỳ|Quý|quý|năm))\s$"
)
# Words that end a counted noun phrase, and words that cannot start one.
FUNCTION_WORDS = frozenset(  # noqa: RUF100
    [
        "và",
        "của",
        "trong",
        "với",
        "theo",
        "tại",
        "cho",
        "đến",
        "từ",
        "là",
        "được",
        "đã",
        "sẽ",
        "đang",
        "có",
        "không",
        "so",
        "thuộc",
        "do",
        "về",
        "hoặc",
        "hay",
        "nhưng",
        "thì",
        "mà",
        "này",
        "đó",
        "các",
        "những",
        "một",
        "bằng",
        "như",
        "để",
        "khi",
        "nếu",
        "trên",
        "dưới",
        "gồm",
        "chiếm",
        "đạt",
        "tăng",
        "giảm",
        "vào",
        "ra",
        "lên",
        "xuống",
        "qua",
        "sau",
        "trước",
    ]
)
# Counted nouns that are a classifier and a noun written as one unit but that
# the segmenter splits: keep them together.
COUNTED_COMPOUNDS = ("tuyến đường", "bản kê khai", "tin bài", "lượt người", "lượt khách")

_WORD_RE = re.compile(r"[^\W\d_][\w]*", re.UNICODE)
_PHRASE_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){0,3}(?![\w])", re.UNICODE)
_MONEY_AFTER_SLASH = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s?(?:" + _SCALE + r"\s)?" + _CURRENCY
)


@dataclass(frozen=True)
class FoundFigure:
    """A figure in one text, before it gets an id and a location."""

    raw: str
    value: float | None
    kind: str
    span: tuple[int, int]
    unit: str | None = None
    counted: str | None = None
    total: float | None = None


def parse_number(text: str) -> float:
    """'27.062.009.000' -> 27062009000.0; '33,17' -> 33.17; '02' -> 2.0."""
    return float(text.replace(".", "").replace(",", "."))


def find_figures(text: str) -> list[FoundFigure]:
    """Every figure in a plain text, in order."""
    out: list[FoundFigure] = []
    taken_until = 0
    for m in _NUMBER_RE.finditer(text):
        if m.start() < taken_until:
            continue
        fig = _figure_at(text, m)
        if fig is None:
            continue
        out.append(fig)
        taken_until = fig.span[1]
    return out


def extract_figures(doc: Document) -> list[Figure]:
    """Figures of every body block (headings included), annex paragraph and footnote."""
    figures: list[Figure] = []
    for block in text_blocks(doc):
        start = _label_end(block.text) if block.heading else 0
        figures.extend(_to_model(find_figures(block.text), block.location, len(figures), start))
    return figures


# --- classification ----------------------------------------------------------


def _figure_at(text: str, m: re.Match[str]) -> FoundFigure | None:
    start, end = m.span()
    number = m.group()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 60]
    if _is_label_or_code(text, start, end, number, before, after):
        return None
    # Ratio "a/b" (possibly money on both sides, handled by the money branch).
    ratio = RATIO.match(text, start)
    if ratio and not _is_date_ratio(ratio, before, text[ratio.end() : ratio.end() + 30]):
        return _ratio(text, ratio, start)
    if ratio or (after[:1] == "/" and after[1:2].isdigit()):
        return None  # a date "01/7" or a glued code
    value = parse_number(number)
    change = CHANGE_BEFORE.search(before)
    fig_start = start - (len(before) - change.start()) if change else start
    sign = -1.0 if change and change["verb"] == "giảm" else 1.0
    kind_if_change = "change" if change else None

    if money := AFTER_MONEY.match(after):
        scale = SCALES.get(money["scale"] or "", 1.0)
        money_end = end + money.end()
        # "33,17 triệu đồng/33,17 triệu đồng": a ratio of two amounts.
        if text[money_end : money_end + 1] == "/" and (
            other := _MONEY_AFTER_SLASH.match(text, money_end + 1)
        ):
            total = parse_number(other["num"]) * SCALES.get(other["scale"] or "", 1.0)
            return FoundFigure(
                text[start : other.end()],
                value * scale,
                "ratio",
                (start, other.end()),
                unit=CURRENCIES[money["cur"]],
                total=total,
            )
        return FoundFigure(
            text[fig_start:money_end],
            sign * value * scale,
            kind_if_change or "money",
            (fig_start, money_end),
            unit=CURRENCIES[money["cur"]],
        )
    if pct := AFTER_PERCENT.match(after):
        pct_end = end + pct.end()
        return FoundFigure(
            text[fig_start:pct_end],
            sign * value,
            kind_if_change or "percent",
            (fig_start, pct_end),
            unit="%",
        )
    if unit := AFTER_UNIT.match(after):
        unit_end = end + unit.end()
        name = unit["unit"]
        kind = "area" if name in AREA_UNITS else "length" if name in LENGTH_UNITS else "quantity"
        norm = AREA_UNITS.get(name) or LENGTH_UNITS.get(name) or OTHER_UNITS.get(name, name)
        return FoundFigure(
            text[fig_start:unit_end],
            sign * value,
            kind_if_change or kind,
            (fig_start, unit_end),
            unit=norm,
        )
    if YEAR.fullmatch(number) and "." not in number:
        return None  # a year (in a range, a name or a date) unless it carries a unit
    scale_m = AFTER_SCALE.match(after)
    noun_from = end + (scale_m.end() if scale_m else 0)
    if scale_m:
        value *= SCALES[scale_m["scale"]]
    counted = _counted(text, noun_from)
    if counted is None:
        return None
    noun, noun_end = counted
    if re.match(r"\s[IVXLC]+\b", text[noun_end : noun_end + 8]):
        return None  # "Hội nghị Trung ương 4 khóa XII": part of a name
    if noun in DURATION_UNITS:
        if PERIOD_AFTER.match(text, end):
            return None  # "6 tháng đầu năm 2025" is a period, a date
        return FoundFigure(
            text[fig_start:noun_end],
            sign * value,
            kind_if_change or "duration",
            (fig_start, noun_end),
            unit=noun,
        )
    return FoundFigure(
        text[fig_start:noun_end],
        sign * value,
        kind_if_change or "count",
        (fig_start, noun_end),
        counted=noun,
    )


def _is_label_or_code(
    text: str, start: int, end: int, number: str, before: str, after: str
) -> bool:
    if after[:1] in "-–" and after[1:2].isalpha():
        return True  # party symbol "27-CT/TW"
    if after[:1] == "/" and after[1:2].isalpha():
        return True  # document number "116/KH-UBND"
    if re.match(r"\s?[-–]\s?(?:19|20)\d\d\b", after) and YEAR.fullmatch(number):
        return True  # year range "2025 - 2030"
    if LABEL_BEFORE.search(before) or LABEL_LIST_BEFORE.search(before):
        return True
    stripped = before.rstrip()
    if not stripped and re.match(r"[.)]", after):
        return True  # a number opening a block: a heading label "1." / "2.1." / "3)"
    if stripped.endswith("(") and after[:1] == ")":
        return True  # list marker "(1)"
    # A number in a name: a Capitalised word right before it ("Khu vực 5" is
    # caught above; "Nghị định 29/2023" likewise) and no unit or noun after.
    return bool(re.match(r"\s?[A-Z]\b", after))


def _is_date_ratio(ratio: re.Match[str], before: str, after: str) -> bool:
    a = parse_number(ratio.group().split("/")[0])
    b = parse_number(ratio["total"])
    if after.startswith("/"):
        return True  # "21/4/2025"
    if DATE_CUE_BEFORE.search(before):
        return True
    if YEAR.fullmatch(ratio["total"]) and 1 <= a <= 12:
        return True  # "6/2025"
    plausible_date = 1 <= a <= 31 and 1 <= b <= 12 and "," not in ratio.group()
    if not plausible_date:
        return False
    word = _WORD_RE.match(after.lstrip())
    if word is None or not after[:1].isspace():
        return True
    return word.group() in {"năm", "hàng", "hằng", "và", "đến"}


def _ratio(text: str, ratio: re.Match[str], start: int) -> FoundFigure:
    value = parse_number(ratio.group().split("/")[0])
    total = parse_number(ratio["total"])
    end = ratio.end()
    counted = _counted(text, end)
    if counted is not None:
        noun, end = counted
        return FoundFigure(text[start:end], value, "ratio", (start, end), counted=noun, total=total)
    return FoundFigure(text[start:end], value, "ratio", (start, end), total=total)


def _counted(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun right after `pos` (one space between), and where it ends."""
    if text[pos : pos + 1] != " ":
        return None
    snippet = _phrase_after(text, pos + 1)
    if not snippet:
        return None
    first = snippet.split(" ")[0]
    if first.lower() in FUNCTION_WORDS or not first[0].isalpha():
        return None
    for compound in COUNTED_COMPOUNDS:
        if snippet == compound or snippet.startswith(compound + " "):
            return compound, pos + 1 + len(compound)
    word = _first_word(snippet)
    return word, pos + 1 + len(word)


def _phrase_after(text: str, pos: int) -> str:
    """Up to four words after `pos`, single-spaced, stopping at punctuation or a digit."""
    m = _PHRASE_RE.match(text, pos)
    return m.group() if m else ""


@lru_cache(maxsize=4096)
def _first_word(snippet: str) -> str:
    """The first word of a short phrase as underthesea segments it ("bị can", "hồ sơ")."""
    from underthesea import word_tokenize

    words = word_tokenize(snippet, use_token_normalize=False)
    return words[0] if words else snippet.split(" ")[0]


def _label_end(text: str) -> int:
    m = re.match(r"\s*(?:[IVXLC]+|\d+(?:\.\s?\d+)*|[a-zđ])[.)\-]\s", text)
    return m.end() if m else 0


def _to_model(found: list[FoundFigure], loc: Location, offset: int, start: int) -> list[Figure]:
    out: list[Figure] = []
    for f in found:
        if f.span[0] < start:
            continue
        out.append(
            Figure(
                id=f"fig{offset + len(out) + 1}",
                raw=f.raw,
                value=f.value,
                unit=f.unit,
                counted=f.counted,
                kind=f.kind,
                span=f.span,
                location=loc,
                total=f.total,
            )
        )
    return out
