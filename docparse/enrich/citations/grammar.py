"""The grammar of a citation in Vietnamese administrative text, in one place.

Read top to bottom: small named parts (number, symbol, date, issuer, law name,
pinpoint, cue) are built into larger ones and finally into `CITATION`, one
pattern whose named groups are the fields of a mention:

    [pinpoint [,] [của|kèm theo]] <type word> [qualifier] [số [:]] <symbol>
                                  | <Luật|Bộ luật|...> <name> [số <symbol>] [năm <year>]
                                  | Luật sửa đổi, bổ sung ... của <Luật name> [và <Luật name>]
                                  | [<type word>:] số <symbol>   (list item: "...; số 69/BC-UBND")
                                  | <symbol>             (a bare symbol: "..., 3247/STC-QLĐTC")
        [[,] ngày <date>] [[,] của|do <issuer>]

Facts behind each part are in shared/DOMAIN.md ("Number and symbol formats",
"Citations in running text"); the field rules in gold/README.md. Type words come
from data/types.json and law names from data/laws.json, so adding a type or a
law is a data change. Patterns use the `regex` package (duplicate group names in
alternatives, possessive quantifiers, Unicode properties).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from docparse.enrich.citations.keys import law_names, types_data


def _words(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, spaces matching any whitespace run."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(
        r"\s+".join(regex.escape(part) for part in phrase.split()) for phrase in ordered
    )


def _phrases(text: str) -> list[str]:
    """Phrases written one after another with "|" (line breaks are layout only)."""
    return [" ".join(p.split()) for p in text.split("|") if p.strip()]


# --- boundaries ---------------------------------------------------------------
# Vietnamese words are runs of \p{L}; \b is not enough next to combining marks
# and "Đ", so word edges are spelled out.
BEFORE = r"(?<![\p{L}\p{N}])"
AFTER = r"(?![\p{L}\p{N}])"

# --- number and symbol --------------------------------------------------------
# The running number: "116", zero-padded "02".
NUMBER = r"\d{1,5}"
# A four-digit year inside a legal number ("130/2020/NĐ-CP").
YEAR = r"(?:19|20)\d{2}(?!\d)"
# One symbol segment: a type or issuer code. Codes start with a capital and mix
# cases ("TTg", "CTr", "QĐi", "QH15"); a dot may join parts ("TTCP-C.IV"), and an
# ampersand joins two units' codes ("SNV-CCHC&VTLT").
# The trailing guard stops a segment from eating into an ordinary word
# ("UBND - Lạng Sơn" is not a code).
SEGMENT = r"[A-ZĐ](?:[A-Za-zĐđ0-9]|\.(?=[A-Z0-9])|&(?=[A-ZĐ]))*+(?![\p{L}\p{N}&])"
# Separators inside a symbol. Real documents break symbols with a stray space
# or line break on ONE side of the separator ("281/QĐ -TTr", "60-\nNQ/TU",
# "27- CT/TW"); spaces on both sides are a dash between words, not a symbol.
SLASH = r"(?:\s{1,3}/(?=\S)|/\s{0,3})"
HYPHEN = r"(?:\s{1,3}-(?=\S)|-\s{0,3})"
# Legal normative documents: number/year/TYPE-ISSUER ("74/2022/QH15").
LEGAL_SYMBOL = rf"{NUMBER}{SLASH}{YEAR}{SLASH}{SEGMENT}(?:{HYPHEN}{SEGMENT})*+"
# Party documents: number-TYPE/ISSUER ("27-CT/TW", "63-HD/BCĐTW").
PARTY_SYMBOL = rf"{NUMBER}{HYPHEN}{SEGMENT}{SLASH}{SEGMENT}(?:{HYPHEN}{SEGMENT})*+"
# Administrative documents: number/TYPE-ISSUER[-UNIT] ("68/QĐ-TTTV-VP"), and the
# Công văn without type code: number/ISSUER-UNIT ("1897/UBND-NC"); a slash for a dash
# is a frequent slip ("180/KH/UBND", "57/NQ/TW").
ADMIN_SYMBOL = rf"{NUMBER}{SLASH}{SEGMENT}(?:(?:{HYPHEN}|/){SEGMENT})*+"
# Not the tail of a longer number, date or ratio ("1.400", "20/244").
SYMBOL = rf"(?<![\p{{N}}/.,-])(?:{LEGAL_SYMBOL}|{PARTY_SYMBOL}|{ADMIN_SYMBOL})"

# --- dates --------------------------------------------------------------------
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
# "21/4/2025" (also "21-4-2025", "21.4.2025") and "31 tháng 3 năm 2026".
DATE = (
    rf"(?:(?P<day>{DAY})\s?[/.-]\s?(?P<month>{MONTH})\s?[/.-]\s?(?P<year>{YEAR})"
    rf"|(?P<day>{DAY})\s+tháng\s+(?P<month>{MONTH})\s*,?\s*năm\s+(?P<year>{YEAR}))"
)
# The date follows the symbol, sometimes after a comma ("27-CT/TW, ngày 25/12/2023").
DATE_PART = rf"(?P<date_part>\s*,?\s*(?i:ngày)\s+{DATE})"

# --- type words ---------------------------------------------------------------
_TYPES = types_data()["words"]
TYPE_WORD = rf"{BEFORE}(?i:{_words(_TYPES)}){AFTER}"
# Types cited by name (laws, codes, ordinances). Case-sensitive, as written in
# data: lowercase "luật" is the common noun ("kỷ luật Đảng", "luật định").
NAMED_TYPE = rf"{BEFORE}(?:{_words(w for w, v in _TYPES.items() if v.get('named'))}){AFTER}"
# A lowercase qualifier between the type word and "số" is part of the type as
# written: "Chương trình hành động số 04-CTr/TU", "Thông báo kết luận số ...".
# Only taken when "số" follows, so ordinary prose is never swallowed.
TYPE_QUALIFIER = r"(?:(?:\s+\p{Ll}+){1,3}?(?=\s+số\s))"
# "số" with an optional colon ("Số: 116/KH-UBND", "Các Báo cáo: số 649/...").
SO = rf"{BEFORE}(?i:số)\s*:?\s*"

# --- issuer -------------------------------------------------------------------
# The issuer runs from "của"/"do" to the first word that opens the subject
# clause or another phrase. These words never occur inside the name of a body.
ISSUER_STOP = _words(
    _phrases(
        """về|về việc|ban hành|quy định|thực hiện|triển khai|hướng dẫn|phê duyệt|sửa đổi|
        bổ sung|thay thế|bãi bỏ|đã|đang|sẽ|đối với|tại|theo|trên|để|nhằm|với|cho|trong|
        thành lập|công nhận|kèm theo|một số|và|được|là|có|tổ chức|chỉ đạo|giao|năm|ngày|
        số|nêu|đề ra|trình|gửi|nay|kết quả|phục vụ|đến|từ|tháng|gồm|như|tăng cường|
        đẩy mạnh|tiếp tục|nâng cao|kiện toàn|điều chỉnh|giải quyết|xử lý|xem xét|
        thông báo|đánh giá|hoặc|hay|cùng|sau|trước|khi|nhưng|mà|thì|do|bao gồm|kể cả|
        này|đó|các|những"""
    )
)
# A capitalised type word after a body opens a title ("của Văn phòng UBND tỉnh
# Kết luận của đồng chí ..."); in lowercase it can be part of the name ("Ban
# Quản lý dự án đầu tư xây dựng").
ISSUER_WORD = (
    rf"(?!(?:{ISSUER_STOP}|Về|{_words(_TYPES)}){AFTER})[\p{{L}}\p{{N}}]+(?:\.[\p{{L}}\p{{N}}]+)*+"
)
# Words of a body are joined by spaces, by " - " between capitalised parts
# ("liên ngành Công an - Viện Kiểm sát") and by "và" before a capitalised part
# ("Cục Trồng trọt và Bảo vệ thực vật").
ISSUER_JOIN = r"(?:\s+-\s+(?=\p{Lu})|\s+và\s+(?=\p{Lu})|\s+)"
# A body's name starts with a capital ("UBND", "Bộ Chính trị", "Thủ tướng") or
# with "liên ngành"/"liên bộ" (joint bodies); at most 40 words (joint bodies list every member).
# A steering committee is named with its topic: "Ban Chỉ đạo Trung ương về phòng,
# chống tham nhũng, lãng phí, tiêu cực" (topic words, commas allowed, up to a stop).
STEERING_TOPIC = (
    rf"(?<=Ban\s+Chỉ\s+đạo(?:\s+\p{{L}}+){{0,3}})\s+về\s+(?!việc{AFTER})"
    rf"(?:\p{{Ll}}+|{{ABBR}})(?:(?:\s+|\s*,\s*)(?!(?:{ISSUER_STOP}){AFTER})"
    rf"(?:\p{{Ll}}+{AFTER}|{{ABBR}})){{0,12}}+"
).replace("{ABBR}", r"[A-ZĐ]{2,}+(?![\p{L}\p{N}])")
# A body named for a term of office: "..., nhiệm kỳ 2025 - 2030".
ISSUER_TERM = rf"\s*,?\s*nhiệm\s+kỳ\s+{YEAR}\s*-\s*{YEAR}"
ISSUER = (
    rf"(?P<issuer>(?:(?i:liên\s+(?:ngành|bộ|tịch))|(?=\p{{Lu}}){ISSUER_WORD})"
    rf"(?:{ISSUER_JOIN}{ISSUER_WORD}){{0,39}}+(?:{STEERING_TOPIC})?(?:{ISSUER_TERM})?)"
)
ISSUER_PART = rf"(?P<issuer_part>\s*,?\s+(?:của|do)\s+{ISSUER})"
# Some writers drop "của" between the date and the body: "ngày 28/4/2025 Ban Chỉ
# đạo Trung ương ...". Only a word that heads the name of a body is taken so.
BODY_HEAD = (
    r"(?:Ban|Bộ|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|Hội\s+đồng|Chính\s+phủ|Thủ\s+tướng|Quốc\s+hội"
    r"|(?:Tỉnh|Thành|Huyện|Đảng)\s+(?:ủy|uỷ)|Sở|Văn\s+phòng|Thanh\s+tra"
    r"|Tổng\s+cục|Cục|Chi\s+cục|Tòa\s+án|Viện\s+[Kk]iểm\s+sát|Kiểm\s+toán)(?![\p{L}\p{N}])"
)
BARE_ISSUER_PART = rf"(?P<issuer_part>\s+(?={BODY_HEAD}){ISSUER})"

# --- laws cited by name -------------------------------------------------------
# Words that end a law's name: the year, the date, a number, a conjunction, a
# preposition or a verb opening the rest of the sentence.
NAME_STOP = _words(
    _phrases(
        """năm|ngày|số|và|của|để|theo|tại|với|được|đã|đang|sẽ|trong|trên|về|
    cho|các|có|khi|thì|mà|là|như|đối với|nhằm|qua|quy định|hướng dẫn|hiện hành|mới|
    sửa đổi|bổ sung|thi hành|từ|đến|bởi|do|này|đó|nêu|vào|sau|trước|lần|gồm|cùng|
    hoặc|hay|tháng|điều|khoản|chương|ban hành|thực hiện|triển khai|phát huy|
    tạo|nhưng|vẫn|còn|chưa|không"""
    )
)
# An all-capital abbreviation the document defined: "PCTN", "THTK".
ABBREVIATION = r"[A-ZĐ][A-ZĐ0-9]++(?![\p{L}\p{N}])"
# Known names first (they contain commas, "và", capitals); longest first.
KNOWN_LAW_NAME = rf"(?i:{_words(law_names())}){AFTER}"  # "Luật xử lý vi phạm hành chính" too
# Otherwise: a capitalised word or abbreviation, then lowercase words or
# abbreviations; a comma continues only into "chống" ("Phòng, chống ...") or
# from one abbreviation to the next ("THTK, CLP").
GENERIC_LAW_NAME = (
    rf"(?:\p{{Lu}}\p{{Ll}}*+{AFTER}|{ABBREVIATION})"
    rf"(?:\s+(?!(?:{NAME_STOP}){AFTER})(?:\p{{Ll}}++{AFTER}|{ABBREVIATION})"
    rf"|\s*,\s*(?=chống\s)\p{{Ll}}++"
    rf"|(?<=[A-ZĐ0-9]{{2}})\s*,\s*{ABBREVIATION}){{0,12}}+"
)
LAW_NAME_BODY = rf"(?:{KNOWN_LAW_NAME}|{GENERIC_LAW_NAME})"
# An amending law is one document named after the laws it amends: "Luật sửa
# đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính
# quyền địa phương" (a frequent legal basis).
AMENDED_LAWS = (
    rf"(?:Luật|Bộ\s+luật)\s+{LAW_NAME_BODY}"
    rf"(?:(?:\s*,\s*|\s+và\s+)(?:Luật|Bộ\s+luật)\s+{LAW_NAME_BODY})*+"
)
AMENDING_LAW_NAME = (
    rf"sửa\s+đổi\s*,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?(?:các\s+)?"
    rf"{AMENDED_LAWS}"
)
LAW_NAME = rf"(?P<name>{AMENDING_LAW_NAME}|{LAW_NAME_BODY})"
LAW_YEAR = rf"(?:\s*,?\s+(?i:năm)\s+(?P<law_year>{YEAR}))"
# "Hiến pháp năm 2013" has no name of its own.
CONSTITUTION = (
    rf"(?P<type>{BEFORE}(?i:hiến\s+pháp))"
    rf"(?:\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?{LAW_YEAR}"
)
NAMED_CITATION = (
    rf"(?:(?P<type>{NAMED_TYPE})\s+{LAW_NAME}(?:\s+(?i:số)\s+(?P<symbol>{SYMBOL}))?"
    rf"{LAW_YEAR}?|{CONSTITUTION})"
)

# --- pinpoints ----------------------------------------------------------------
# "điểm a khoản 2 Điều 5", "Điều 55, 56", "Chương VII", "Phần IV", "Phụ lục 2".
ROMAN = r"[IVXLC]+"
LETTER = r"[a-zđ]"
POINT = rf"(?i:điểm)\s+{LETTER}(?:\s*,\s*{LETTER}|\s+và\s+{LETTER})*+{AFTER}"
CLAUSE = r"(?i:khoản)\s+\d+(?:\s*,\s*\d+|\s+và\s+\d+)*+(?![\p{L}\p{N}/])"
ARTICLE = r"(?i:điều)\s+\d+[a-z]?(?:\s*,\s*\d+[a-z]?|\s+và\s+\d+[a-z]?)*+(?![\p{L}\p{N}/])"
CHAPTER = rf"(?i:chương)\s+(?:{ROMAN}|\d+){AFTER}"
PART = rf"(?i:phần)\s+(?:thứ\s+\p{{L}}+|{ROMAN}|\d+){AFTER}"
ITEM = rf"(?i:mục)\s+(?:{ROMAN}|\d+){AFTER}"
ANNEX = rf"(?i:phụ\s+lục)\s+(?:số\s+)?(?:{ROMAN}|\d+[a-z]?){AFTER}"
PINPOINT = (
    rf"(?P<pinpoint>{BEFORE}(?:(?:{POINT}\s+)?(?:{CLAUSE}\s+)?{ARTICLE}"
    rf"|(?:{POINT}\s+)?{CLAUSE}|{CHAPTER}|{PART}|{ITEM}|{ANNEX}))"
)
# How a pinpoint joins the cited document: "Điều 10, Luật ...", "Điều 10 của
# Luật ...", "Phụ lục 2, kèm theo Kế hoạch số ...". A pinpoint joined by words
# (not only a comma) stays the mention's pinpoint but is not part of its raw.
PINPOINT_LINK = r"\s*,?\s*(?:(?P<pinpoint_link>(?i:của|thuộc|kèm\s+theo))\s+)?"

# --- the citation ---------------------------------------------------------------
TYPED_CITATION = (
    rf"(?P<type>{TYPE_WORD}{TYPE_QUALIFIER}?)\s*(?:{SO})?(?P<symbol>{SYMBOL})"
)
# A list introduced by its type word and a colon: "Các Báo cáo: số 649/BC-UBND
# ...; số 69/BC-UBND ...". Each item starts at "số"; all take the list's type.
LIST_ITEM = (
    rf"(?:(?P<list_type>{TYPE_WORD}{TYPE_QUALIFIER}?)\s*:\s*)?(?P<so>{SO})(?P<symbol>{SYMBOL})"
)
CITATION = regex.compile(
    rf"""
    # every part starts a word (a digit may follow letters: "số116/KH-UBND");
    # checked first so that positions inside words fail at once
    (?:(?<![\p{{L}}\p{{N}}])|(?<=\p{{L}})(?=\d))
    (?:{PINPOINT}{PINPOINT_LINK})?
    (?P<core>{TYPED_CITATION}
      |{NAMED_CITATION}
      |{LIST_ITEM}
      |(?P<symbol>{SYMBOL})
    )
    (?:{DATE_PART}{BARE_ISSUER_PART}?)?
    {ISSUER_PART}?
    """,
    regex.VERBOSE | regex.V1,
)

# --- cues: the relation of the citing document to the cited one -----------------
# A cue directly before a mention (after optional adverbs) governs it:
# "Căn cứ", "Thực hiện", "Triển khai thực hiện có hiệu quả", "sửa đổi, bổ sung".
CUE = (
    r"(?P<legal_basis>căn\s+cứ(?:\s+vào)?)"
    r"|(?P<amends>sửa\s+đổi(?:\s*,\s*bổ\s+sung)?(?:\s+một\s+số\s+điều\s+của)?)"
    r"|(?P<replaces>thay\s+thế(?:\s+cho)?)"
    r"|(?P<repeals>(?:bãi|hủy|huỷ)\s+bỏ)"
    r"|(?P<implements>thực\s+hiện|triển\s+khai)"
    # Explicit "refers" cues: they stop a list's cue from reaching the mention.
    r"|(?P<refers>theo|tại|của|trong|như|gồm|xem\s+xét|ban\s+hành)"
)
# Adverbs and determiners that may stand between a cue and the mention.
CUE_FILLER = _words(
    _phrases(
        """có hiệu quả|hiệu quả|nghiêm túc|nghiêm|tốt|đầy đủ|kịp thời|quyết liệt|
    đồng bộ|thắng lợi|sâu rộng|các|những|việc|về việc|về|nội dung|các nội dung|
    các quy định của|quy định của|tinh thần|có|được|đúng|đúng quy định tại|
    quy định tại"""
    )
)
CUE_BEFORE_MENTION = regex.compile(
    rf"{BEFORE}(?:{CUE})(?:[\s,]+(?:{CUE_FILLER}){AFTER})*+[\s,:]*\Z",
    regex.IGNORECASE | regex.V1,
)
# A cue opening the sentence governs a list that follows it even when other
# words come between ("Triển khai thực hiện các văn bản của cấp trên: Nghị quyết
# ...", "Quán triệt, cụ thể hóa, tổ chức thực hiện ... Chương trình số ..."): the
# first cue within the sentence's first few words.
# Any cue word, to find the verb that introduces a list ("... các văn bản sau: ").
CUE_ANYWHERE = regex.compile(rf"{BEFORE}(?:{CUE}){AFTER}", regex.IGNORECASE | regex.V1)
LIST_INTRODUCED = regex.compile(r":\s*\Z", regex.V1)
# "Việc triển khai ..." names the act (a noun phrase), it governs nothing.
SENTENCE_CUE = regex.compile(
    rf"[\W\d]*(?:\p{{L}}+[\s,]+){{0,8}}?{BEFORE}(?<!(?i:việc)\s+)(?:{CUE}){AFTER}",
    regex.IGNORECASE | regex.V1,
)
# Issuing is not implementing: "Thực hiện chỉ đạo ..., đã ban hành các văn bản,
# trong đó có Công văn số ..." lists issued documents, so the opening cue stops.
ISSUED = regex.compile(r"(?<![\p{L}])ban\s+hành(?![\p{L}])", regex.IGNORECASE | regex.V1)
# Weak cues ("tại", "theo") yield to a sentence that states a legal basis:
# "Căn cứ kết quả đánh giá ... tại Công văn số ...; " (but not "Căn cứ nhiệm vụ
# được giao tại Kế hoạch số ..., đơn vị ..." where a main clause follows).
WEAK_CUE = regex.compile(r"(?i:tại|theo)", regex.V1)
BASIS_OPENING = regex.compile(r"[\W\d]*(?i:căn\s+cứ)(?![\p{L}])", regex.V1)

# Separators between items of one list: the list's cue reaches these items.
# A tight separator joins two mentions with nothing else between them
# ("Chỉ thị số 35-CT/TW, ngày 14/6/2024 và Chỉ thị số 45-CT/TW").
LIST_SEPARATOR = regex.compile(r"(?:[;,:]|(?<!\p{L})(?:và|hoặc))\s*\Z", regex.V1)
TIGHT_SEPARATOR = regex.compile(r"\s*(?:,|,?\s*(?:và|hoặc))\s*", regex.V1)
# Sentence ends: a full stop, "!" or "?" before a capital, or a line break.
SENTENCE_END = regex.compile(r"[.!?]\s+(?=[\p{Lu}\d])|\n\s*\n", regex.V1)
# A clause that opens with the date of the document it then names: "Ngày 06/10/2025, Bộ
# Nội vụ ban hành Công văn số 8977/BNV-TCPCP ...", "..., ngày 10/11/2025, Sở Nội vụ đã ban
# hành Công văn số 2775/...", "Ngày 12 tháng 6 năm 2025, Quốc hội đã thông qua Nghị quyết
# số 202/2025/QH15": the date is that document's.
DATED_OPENING = regex.compile(
    rf"(?:^|(?<=[,.;:“\"(]\s*)|(?<=^[\s\-–+•“\"]*))(?i:ngày)\s+{DATE}\s*,\s*"
    r"(?P<doer>[^;:,]{0,80}?)\s+(?:đã\s+|vừa\s+)?"
    r"(?:ban\s+hành|có|gửi|thông\s+qua|ký|phát\s+hành|ra)\s+$",
    regex.V1,
)

# --- abbreviations the document defines -----------------------------------------
# "phòng, chống tham nhũng (PCTN)": an all-capital token in parentheses after the
# phrase it abbreviates; the phrase is recovered from the initials of the words
# before it (abbreviations.py).
ABBREVIATION_DEFINITION = regex.compile(
    r"\((?P<abbr>[A-ZĐ][A-ZĐ]+(?:\s*,\s*[A-ZĐ][A-ZĐ]+)*)\)", regex.V1
)
# How far before the parenthesis the abbreviated phrase may start.
DEFINITION_REACH = 160

# --- anchors ---------------------------------------------------------------------
# Every citation contains a symbol or a named type word. `find_citations` looks
# for these first (cheap: a digit or a capital "L/B/P/H" must start them) and
# runs CITATION only in a window around each, so text without citations costs
# almost nothing and long paragraphs are not scanned position by position.
ANCHOR = regex.compile(rf"{SYMBOL}|{NAMED_TYPE}", regex.V1)
# Where a citation may start: a digit, or a word whose first two letters begin a
# type word, a pinpoint or "số" (derived from the data, so new types are
# covered); a digit glued to letters also counts ("số116/KH-UBND"). Most word
# starts of running text are skipped without trying CITATION.
_OPENERS = [*_TYPES, "số", "điểm", "khoản", "điều", "chương", "phần", "mục", "phụ lục"]
_PREFIXES = sorted({w[:2].lower() for w in _OPENERS})
WORD_START = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?=\d|(?i:{'|'.join(_PREFIXES)}))|(?<=\p{{L}})(?=\d)", regex.V1
)
# The longest prefix a citation may have before its anchor (pinpoint, type word
# and qualifier, "số") and the longest tail after it (date and issuer).
ANCHOR_LOOKBEHIND = 160
ANCHOR_LOOKAHEAD = 600
