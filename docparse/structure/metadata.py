"""Decree 30 metadata from the header zone (above the body) and the tail (below it)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources

from docparse.ingest.lines import Line
from docparse.model import Metadata, Signer

# "Số" capitalised: a wrapped "V/v ..." summary or body line may start "số 20/CT-TTg ...".
NUMBER_LINE = re.compile(
    r"^\s*(?-i:S[ốỐ])\s*[:.]?\s*(?P<num>\d+[a-zA-Z]?)?\s*(?P<sep>[/-])\s*"
    r"(?P<sym>[^\s,;]+?(?:\s*-\s*[^\s,;-][^\s,;]*)*)(?=[\s,;]|$)",
    re.I,
)
PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^,\d]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?"
    r"\s*năm\s*(?P<y>\d{4})?",
    re.I,
)
MOTTO = re.compile(
    # "HÒA", "HOÀ", and the "HÕA" a font's wrong glyph map gives
    r"(CỘNG\s+H(?:[ÒÓÕỌỎ]A|O[ÀÁÃẠẢ])\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc lập\s*[-–]\s*"
    r"Tự do\s*[-–]\s*Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM)\b",
    re.I,
)
SEPARATOR = re.compile(r"^[\s\-_=*.–—·]{3,}$")
# "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. GIÁM ĐỐC": the abbreviation needs its stop
# (or, for the two-letter ones, a space), so that "QUYẾT ĐỊNH:" or "TLĐLĐ" is not one.
AUTHORITY = re.compile(
    r"^(?:(?:TM|T/M|KT|TL|TUQ|Q)\s*\.\s*|(?:TM|T/M|KT|TL|TUQ)\s+"
    r"|THỪA LỆNH\s+|THỪA ỦY QUYỀN\s+|THỪA UỶ QUYỀN\s+)\S"
)
RECIPIENTS_HEAD = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.I)
KINH_GUI = re.compile(r"^\s*Kính\s+gửi\s*:?", re.I)
# A Công điện is addressed by its sender's line: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:".
DISPATCH_TO = re.compile(r"^\s*(?P<sender>\S.*?)\s+điện\s*:")
_LEVELS = r"TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN"  # administrative levels
_LOCAL_BODIES = r"ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN"  # named after one
LOCAL_UNIT = re.compile(rf"^({_LEVELS})\b")
LEVEL_END = re.compile(rf"^(?:{_LOCAL_BODIES}) (?:{_LEVELS})$")
STANDALONE_BODY = re.compile(rf"^({_LOCAL_BODIES})$")
# "ỦY BAN NHÂN DÂN TỈNH CAO" / "BẰNG": a local body's place name cut by the column's width.
PLACE_CUT = re.compile(rf"^(?:{_LOCAL_BODIES}) (?:{_LEVELS}) \S")
# What a body under a local one is called: a line starting so is an issuer of its own.
ORGAN_HEAD = re.compile(
    r"^(?:SỞ|BAN|VĂN PHÒNG|THANH TRA|PHÒNG|CÔNG AN|CHI CỤC|CỤC|TRUNG TÂM|KHO BẠC|BỘ CHỈ HUY"
    r"|HỘI ĐỒNG|ỦY BAN|UỶ BAN|ĐẢNG ỦY|ĐẢNG UỶ|TRƯỜNG|BỆNH VIỆN|ĐÀI|BÁO|TÒA ÁN|VIỆN)\b")


@cache
def doc_types() -> dict[str, tuple[str, str | None]]:
    data = json.loads(
        resources.files("docparse.structure").joinpath("data/doc_types.json").read_text("utf-8")
    )
    return {word: (name, code) for word, (name, code) in data["types"].items()}


# The fixed phrases of the header and the signature block. OCR misreads their diacritics
# ("PHO CHỦ TỊCH", "KT CHỦ TICH", "KÉ HOẠCH"): a whole OCR line that matches one letter for
# letter, diacritics and punctuation set aside, is put back as the phrase.
SIGNER_TITLES = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "BÍ THƯ", "PHÓ BÍ THƯ",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "VIỆN TRƯỞNG", "CHÁNH ÁN", "THỦ TRƯỞNG", "HIỆU TRƯỞNG",
    "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG",
    "TỔNG CỤC TRƯỞNG", "TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN", "TỔ TRƯỞNG", "PHÓ TỔ TRƯỞNG",
    "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "TỔNG THANH TRA", "PHÓ TỔNG THANH TRA", "GIÁM ĐỐC SỞ",
    "CHỦ TỊCH HỘI ĐỒNG", "TRƯỞNG BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN CHỈ ĐẠO",
)
# The line under a signer's title that names a second office he holds ("CHỦ TỊCH" /
# "GIÁM ĐỐC SỞ NỘI VỤ" for a council's chair): an office word opens it.
SECOND_OFFICE = re.compile(
    r"^(?:PHÓ\s+)?(?:" + "|".join(t.replace(" ", r"\s+") for t in SIGNER_TITLES
                                 if not t.startswith("PHÓ ")) + r")\b")
SIGNING_BODIES = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH", "ĐẢNG ỦY", "BAN CÁN SỰ ĐẢNG", "BAN CHỈ ĐẠO", "ĐẢNG ĐOÀN",
)


@cache
def _known_phrases() -> dict[str, str]:
    phrases = [
        *SIGNER_TITLES,
        *(f"{mark}. {title}" for mark in ("KT", "TL", "TUQ", "Q") for title in SIGNER_TITLES),
        *(f"TM. {body}" for body in SIGNING_BODIES),
        *doc_types(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:",
    ]
    return {_skeleton(p): p for p in phrases}


def _skeleton(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Z]", "", bare.replace("đ", "d").replace("Đ", "D").upper())


def known_phrase(text: str) -> str | None:
    """The header or signature phrase an OCR line spells with wrong diacritics, if any (None
    when its letters are right: "T/M ĐẢNG ỦY" and "QUYẾT ĐỊNH:" stay as printed)."""
    phrase = _known_phrases().get(_skeleton(text))
    if phrase is None or _letters(phrase) == _letters(text):
        return None
    return phrase


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text).upper() if c.isalpha())


@lru_cache(maxsize=4096)  # the attachment and body-end scans squash a line often
def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def type_word(text: str) -> tuple[str, str | None] | None:
    """'KẾ HOẠCH' -> ('Kế hoạch', 'KH'): the centred type line of the header."""
    key = squash(text).upper().replace("HOÀ", "HÒA")
    return doc_types().get(key)


# pdftotext (without -layout) reads the header's cells apart: "Số:" alone, its symbol some
# lines on ("/BC-UBND", party "-BC/ĐU"); "Lạng Sơn, ngày" with "tháng ..." and "năm ..." after.
BARE_NUMBER = re.compile(r"^\s*(?-i:S[ốỐ])\s*[:.]?\s*$")
SYMBOL_PIECE = re.compile(r"^\s*\d*\s*[/-]\s*[A-ZĐ][^\s,;]*\s*$")
DATE_OPEN = re.compile(r",\s*ngày\s*\d{0,2}\s*$", re.I)
DATE_PIECE = re.compile(r"^\s*\d{0,2}\s*(?:tháng|năm)\b", re.I)
REJOIN_REACH = 4  # lines looked at after the piece that starts a split field


def rejoin_header(lines: list[Line], scan: int) -> list[Line]:
    """The number line and the place/date line put back together where the header's cells
    were read apart (within the first `scan` lines); the pieces taken are dropped."""
    out = list(lines)
    index = 0
    while index < min(scan, len(out)):
        text = out[index].text
        reach = range(index + 1, min(index + 1 + REJOIN_REACH, len(out)))
        pieces: list[int] = []
        if BARE_NUMBER.match(text):
            pieces = next(([j] for j in reach if SYMBOL_PIECE.match(out[j].text)), [])
        elif DATE_OPEN.search(text):
            for j in reach:
                if DATE_PIECE.match(out[j].text):
                    pieces.append(j)
                    if re.search(r"\bnăm\b", out[j].text, re.I):
                        break
        if pieces:
            joined = " ".join([text.strip(), *(out[j].text.strip() for j in pieces)])
            out[index] = replace(out[index], text=joined)
            out = [ln for j, ln in enumerate(out) if j not in pieces]
        index += 1
    return out


def is_upper(text: str) -> bool:
    if not text.isupper():  # a lower-case letter, or none with a case: most lines end here
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def parse_header(head: list[Line], meta: Metadata) -> None:
    """Issuer, parent issuer, number/symbol, place and date from the lines above the type."""
    issuer_lines: list[tuple[str, bool]] = []
    drawn = [ln for ln in head if ln.drawn]  # values signing widgets drew on lines of their own
    for line in head:
        if line.drawn:
            continue
        text = squash(line.text)
        number = NUMBER_LINE.match(text)
        if number and meta.symbol is None:
            meta.number = number.group("num") or _drawn_near(line, drawn, 1)[0]
            meta.symbol = re.sub(r"\s+", "", number.group("sym")).replace("–", "-")
            # Both cells on one line, one space apart (pdfplumber's text): "Số: 12/BC-UBND
            # Lạng Sơn, ngày ...": the place and date follow the symbol.
            text = text[number.end() :]
        date = PLACE_DATE.search(text)
        if date and meta.place is None:
            meta.place = squash(date.group("place"))
            d, m, y = date.group("d"), date.group("m"), date.group("y")
            if not (d and m):  # a signing widget drew the day and month off the line
                near = _drawn_near(line, drawn, 2 if not m else 1)
                d, m = (near[0], near[1]) if not m else (d or near[0], m)
            if d and m and y and 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
                meta.date = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            continue
        motto = MOTTO.search(text)
        if motto:
            # A narrow column gap can glue the issuer cell to the motto cell on one line.
            text = text[: motto.start()].strip()
        if not text or SEPARATOR.match(text) or not is_upper(text):
            continue
        if line.column == "right":
            continue
        if meta.symbol is None and meta.number is None:
            issuer_lines.append((text, line.bold))
    _assign_issuer(issuer_lines, meta)
    if meta.doc_type_code is None and meta.symbol:
        meta.doc_type_code = _code_from_symbol(meta.symbol)


def _drawn_near(line: Line, drawn: list[Line], count: int) -> list[str | None]:
    """Digits signing widgets drew just above, on or below this line, left to right (a
    widget placed a little off the blank still fills it)."""
    found: list[str] = []
    if line.bbox is not None:
        top, bottom = line.bbox[1], line.bbox[3]
        height = bottom - top
        for value in sorted(drawn, key=lambda a: a.bbox[0] if a.bbox else 0):
            if value.bbox is None or value.page != line.page:
                continue
            near = value.bbox[3] > top - 0.8 * height and value.bbox[1] < bottom + 0.8 * height
            across = value.bbox[0] < line.bbox[2] and value.bbox[2] > line.bbox[0]
            digits = re.sub(r"\D", "", value.text)
            if near and across and digits:
                found.append(digits)
    padded: list[str | None] = [*found[:count]]
    return padded + [None] * (count - len(padded))


def _assign_issuer(lines: list[tuple[str, bool]], meta: Metadata) -> None:
    texts = [text for text, _ in lines]
    if not texts:
        return
    if len(texts) == 1:
        meta.issuer = texts[0]
        return
    # "ỦY BAN NHÂN DÂN" / "HUYỆN CAO LỘC" (or "ỦY BAN NHÂN DÂN TỈNH" / "LẠNG SƠN") is one
    # body written on two lines, whatever the emphasis: the bare "ỦY BAN NHÂN DÂN" is never
    # a parent body of its own, nor is one cut after its level word.
    cut = (PLACE_CUT.match(texts[0]) is not None and len(texts[1].split()) <= 2
           and not ORGAN_HEAD.match(texts[1]))
    if (STANDALONE_BODY.match(texts[0]) and LOCAL_UNIT.match(texts[1])) or LEVEL_END.search(
            texts[0]) or cut:
        body = " ".join(texts[:2])
        if len(texts) == 2:
            meta.issuer = body
        else:
            meta.parent_issuer, meta.issuer = body, " ".join(texts[2:])
        return
    bold = [is_bold for _, is_bold in lines]
    if any(bold):
        # Decree 30: the parent body is set plain, the issuer bold (either may wrap).
        split = bold.index(True)
        meta.parent_issuer = " ".join(texts[:split]) or None
        meta.issuer = " ".join(texts[split:])
        return
    meta.parent_issuer = texts[0]
    meta.issuer = " ".join(texts[1:])


def _code_from_symbol(symbol: str) -> str | None:
    codes = {code for _, code in doc_types().values() if code}
    # Party form "BC/ĐU": the code before the slash; administrative "KH-UBND": before the dash.
    head = re.split(r"[-/]", symbol, maxsplit=1)[0]
    return head if head in codes else None


def parse_tail(tail: list[Line], meta: Metadata) -> None:
    """Recipients (Nơi nhận) and the signature block from the lines below the body."""
    in_recipients = False
    raw_recipients: list[str] = []
    signer = Signer()
    names: list[str] = []
    pieces = [(piece, line.column == "right" or k > 0, line.column == "left") for line in tail
              for k, piece in enumerate(split_glued_signature(squash(line.text), line))]
    title_done = False
    for text, right, left in pieces:
        if not text or SEPARATOR.match(text):
            continue
        if RECIPIENTS_HEAD.match(text):
            in_recipients = True
            rest = RECIPIENTS_HEAD.sub("", text).strip()
            if rest.startswith(("-", "+", "–")):
                raw_recipients.append(rest)
            continue
        if in_recipients and not right and text[:1] in "-+–•":
            raw_recipients.append(text)
            continue
        if AUTHORITY.match(text) and is_upper(text):
            signer.authority.append(text)
            continue
        closed = bool(raw_recipients) and raw_recipients[-1].rstrip().endswith((";", "."))
        if in_recipients and left and raw_recipients:
            raw_recipients[-1] += " " + text  # the recipients' column: a wrapped item
            continue
        if is_upper(text) and (signer.authority or right or not in_recipients or closed):
            # After a finished recipient list ("- Lưu: VT."), an upper-case line is the
            # signer's title even without TM./KT. above it ("CHỦ TỊCH" of an HĐND). A line
            # under it goes on the title ("VỤ TRƯỞNG" / "VỤ TỔ CHỨC PHI CHÍNH PHỦ") unless it
            # names a second office ("GIÁM ĐỐC SỞ NỘI VỤ"), which is not the signing one.
            if signer.title is None:
                signer.title = text
            elif not title_done and not SECOND_OFFICE.match(text):
                signer.title += " " + text
            else:
                title_done = True
            continue
        if in_recipients and not right and raw_recipients and not _looks_like_name(text):
            raw_recipients[-1] += " " + text
            continue
        if _looks_like_name(text):
            names.append(text)
    if names:
        signer.name = names[-1]
    meta.signer = signer
    meta.recipients = [clean_recipient(r) for r in raw_recipients]


# The signature column glued to the recipients' after one space (pdfplumber's text):
# "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Như Điều 3; PHÓ CHỦ TỊCH", "- Lưu: VT. Nguyễn Văn A".
GLUED_AUTHORITY = re.compile(r"(?<=\S)\s+(?=(?:TM|T/M|KT|TL|TUQ)\.\s*\S|T/M\s+\S)")
GLUED_AFTER_STOP = re.compile(r"(?<=[;.])\s+(?=\S)")


def split_glued_signature(text: str, line: Line) -> list[str]:
    """A recipients line with the signature column's text after it: the two apart (left
    first). Only for text without columns, and only on a line that starts the list or an
    item of it."""
    if line.column is not None or not (RECIPIENTS_HEAD.match(text) or text[:1] in "-+–•"):
        return [text]
    glued = GLUED_AUTHORITY.search(text)
    if glued and is_upper(text[glued.end() :]):
        return [text[: glued.start()], text[glued.end() :]]
    for stop in reversed(list(GLUED_AFTER_STOP.finditer(text))):
        rest = text[stop.end() :]
        # A title ("PHÓ CHỦ TỊCH"), not the archive's codes ("VT, KSTT"), or a name, which
        # ends with no stop (an item may: "- Bộ Tư Pháp;").
        title = is_upper(rest) and len(rest.split()) >= 2 and "," not in rest
        if title or (_looks_like_name(rest) and rest[-1:] not in ".,;:"):
            return [text[: stop.start()], rest]
    return [text]


def clean_recipient(text: str) -> str:
    """ "- Sở Tài chính;" -> "Sở Tài chính" (a Nơi nhận or Kính gửi line)."""
    text = re.sub(r"^[-+–•]\s*", "", text.strip())
    return re.sub(r"\s*[;,.]\s*$", "", text).strip()


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 6
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and not any(ch.isdigit() for ch in text)
    )
