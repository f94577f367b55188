"""Text drawn in legacy Vietnamese fonts (TCVN3, "ABC": .VnTime, .VnArial...) made Unicode.

Before Unicode fonts became the rule (TCVN 6909:2001; Decree 30/2020 asks for Times New
Roman), documents were typed in TCVN3 fonts. Such a font draws a Vietnamese letter at a
Latin-1 code point: the text of a PDF made with it reads "Xin chµo" where the page shows
"Xin chào". Its capital twin (.VnTimeH) draws capitals at the lower-case code points.
Older PDFs, and newer ones pasted from old files, still carry them.

A font is decoded only when its name says TCVN3 (".VnTime", "ABCDEF+.VnArialH") and the
characters drawn in it look like TCVN3: no letter beyond Latin-1 (a Unicode font that happens
to be called "Vn..." draws "ư", "ạ"), and, for a lower-case font, at least one code point that
Unicode Vietnamese text never uses. VNI fonts (two code points a letter) are only reported.
"""

from __future__ import annotations

import re
from typing import Any

# TCVN3 (TCVN 5712:1993) code points and the letters they draw, in the same order.
_TCVN3 = (
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
    "ïóñòô" "\u00adõøö÷ù" "úýûüþ" "¡¢§£¤¥¦"
)
_UNICODE = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
    "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ"
)
_TABLE = str.maketrans(_TCVN3, _UNICODE)
# Code points TCVN3 uses that a Unicode Vietnamese text does not (no "µ", "¸" or "Æ" there).
_TELLTALE = frozenset(_TCVN3) - frozenset(_UNICODE + _UNICODE.upper())

_TCVN3_FONT = re.compile(r"(?:^|\+)\.?Vn[A-Z][A-Za-z]*")
_VNI_FONT = re.compile(r"(?:^|\+)VNI[-_ ]", re.IGNORECASE)


def capital_font(name: str) -> bool:
    """.VnTimeH, .VnArialH (bold and italic styles follow a comma or hyphen)."""
    found = _TCVN3_FONT.search(name)
    return bool(found) and found.group().endswith("H")


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text as Unicode; `capitals` for text drawn in a capital font (.VnTimeH)."""
    out = text.translate(_TABLE)
    return out.upper() if capitals else out


def is_tcvn3(font: str, drawn: str) -> bool:
    """Whether text `drawn` in the font named `font` is TCVN3 to decode."""
    if not _TCVN3_FONT.search(font):
        return False
    if any(c.isalpha() and ord(c) > 0xFF for c in drawn):
        return False  # a Unicode font after all ("ư", "ạ"); curly quotes prove nothing
    return capital_font(font) or not _TELLTALE.isdisjoint(drawn)


def decode_legacy_fonts(chars: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    """pdfplumber chars with TCVN3 text made Unicode, and the names of the fonts decoded
    (and of VNI fonts met, prefixed "VNI:")."""
    by_font: dict[str, list[str]] = {}
    for char in chars:
        by_font.setdefault(char.get("fontname") or "", []).append(char["text"])
    decoded = {name for name, texts in by_font.items() if is_tcvn3(name, "".join(texts))}
    found = {_base(n) for n in decoded} | {f"VNI:{_base(n)}" for n in by_font
                                           if _VNI_FONT.search(n)}
    if not decoded:
        return chars, found
    out = []
    for char in chars:
        name = char.get("fontname") or ""
        if name in decoded:
            char = {**char, "text": tcvn3_to_unicode(char["text"],
                                                     capitals=capital_font(name))}
        out.append(char)
    return out, found


def _base(name: str) -> str:
    """The font name without its subset prefix ("ABCDEF+.VnTime" -> ".VnTime")."""
    return name.split("+", 1)[-1]
