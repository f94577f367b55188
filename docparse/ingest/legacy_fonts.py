"""Text drawn in legacy Vietnamese fonts (TCVN3: .VnTime; VNI: VNI-Times) made Unicode.

Before Unicode fonts became the rule (TCVN 6909:2001; Decree 30/2020 asks for Times New
Roman), documents were typed in TCVN3 fonts. Such a font draws a Vietnamese letter at a
Latin-1 code point: the text of a PDF made with it reads "Xin chµo" where the page shows
"Xin chào". Its capital twin (.VnTimeH) draws capitals at the lower-case code points.
Older PDFs, and newer ones pasted from old files, still carry them.

A font is decoded only when its name says TCVN3 (".VnTime", "ABCDEF+.VnArialH") and the
characters drawn in it look like TCVN3: no letter beyond Latin-1 (a Unicode font that happens
to be called "Vn..." draws "ư", "ạ"), and, for a lower-case font, at least one code point that
Unicode Vietnamese text never uses.

VNI fonts (VNI-Times, VNI-Helve) draw a letter as a base letter and a mark, each at a Latin-1
code point ("Vieät" for "Việt"); the two are merged into one letter. They are decoded when the
name says VNI, no letter beyond Latin-1 is drawn and at least one VNI mark is.
"""

from __future__ import annotations

import re
import unicodedata
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

# VNI: the mark after a base letter, as combining marks (tone; circumflex or breve and tone).
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Letters VNI draws with one code point (the "i" family, "ỵ", "đ", and the horned vowels).
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ", "ô": "ơ",
               "ö": "ư"}


def _vni_pairs() -> dict[str, str]:
    """Two code points (base, mark) -> the letter; marks in either case after either case."""
    pairs: dict[str, str] = {}

    def add(code: str, mark: str, letter: str, combining: str) -> None:
        out = unicodedata.normalize("NFC", letter + combining)
        for m in (mark, mark.upper()):
            pairs[code + m] = out
            pairs[code.upper() + m] = out.upper()

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(base, mark, base, tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base, mark, base, "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a", mark, "a", "\u0306" + tone)
    for code, base in (("ô", "o"), ("ö", "u")):  # ơ and ư with a tone: "ôù" = "ớ"
        for mark, tone in _VNI_TONES.items():
            add(code, mark, base, "\u031b" + tone)
    return pairs


_VNI_PAIRS = _vni_pairs()
_VNI_SINGLES = {**_VNI_SINGLE, **{k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}}
# VNI code points that a Unicode Vietnamese text does not use ("ø", "ï", "û", "ñ"...).
_VNI_TELLTALE = (frozenset(m for pair in _VNI_PAIRS for m in pair[1:]) | frozenset(_VNI_SINGLES)
                 ) - frozenset(_UNICODE + _UNICODE.upper() + "íìóòô" + "ÍÌÓÒÔ")


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
    if not _TCVN3_FONT.search(font) or _beyond_latin1(drawn):
        return False
    return capital_font(font) or not _TELLTALE.isdisjoint(drawn)


def is_vni(font: str, drawn: str) -> bool:
    """Whether text `drawn` in the font named `font` is VNI to decode."""
    return bool(_VNI_FONT.search(font)) and not _beyond_latin1(drawn) and not (
        _VNI_TELLTALE.isdisjoint(drawn))


def _beyond_latin1(drawn: str) -> bool:
    """A letter past Latin-1 ("ư", "ạ"): a Unicode font after all; curly quotes prove nothing."""
    return any(c.isalpha() and ord(c) > 0xFF for c in drawn)


def vni_to_unicode(text: str) -> str:
    """VNI text as Unicode ("Vieät Nam" -> "Việt Nam")."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
        else:
            out.append(_VNI_SINGLES.get(text[i], text[i]))
            i += 1
    return "".join(out)


def decode_legacy_fonts(
    chars: list[dict[str, Any]], names: set[str] | None = None
) -> tuple[list[dict[str, Any]], set[str]]:
    """The PDF reader's character dicts (in drawing order) with TCVN3 and VNI text made
    Unicode (a VNI base letter and its mark become one char), and the names of the fonts
    decoded. `names`: the chars' font names where the reader knows them (saves a pass over
    every character)."""
    if names is None:
        names = {char.get("fontname") or "" for char in chars}
    if not any(_TCVN3_FONT.search(n) or _VNI_FONT.search(n) for n in names):
        return chars, set()  # no font named like a legacy one: nothing to look at
    by_font: dict[str, list[str]] = {}
    for char in chars:
        by_font.setdefault(char.get("fontname") or "", []).append(char["text"])
    tcvn3 = {name for name, texts in by_font.items() if is_tcvn3(name, "".join(texts))}
    vni = {name for name, texts in by_font.items() if is_vni(name, "".join(texts))}
    if not tcvn3 and not vni:
        return chars, set()
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(chars):
        char, name = chars[i], chars[i].get("fontname") or ""
        if name in tcvn3:
            char = {**char, "text": tcvn3_to_unicode(char["text"], capitals=capital_font(name))}
        elif name in vni:
            after = chars[i + 1] if i + 1 < len(chars) else None
            pair = char["text"] + after["text"] if after and after.get("fontname") == name else ""
            if pair in _VNI_PAIRS:
                char = {**char, "text": _VNI_PAIRS[pair], "x1": max(char["x1"], after["x1"])}
                i += 1
            else:
                char = {**char, "text": _VNI_SINGLES.get(char["text"], char["text"])}
        out.append(char)
        i += 1
    return out, {_base(n) for n in tcvn3 | vni}


def _base(name: str) -> str:
    """The font name without its subset prefix ("ABCDEF+.VnTime" -> ".VnTime")."""
    return name.split("+", 1)[-1]
