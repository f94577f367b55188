"""Normalization of numbers/symbols and the canonical key of a cited document.

The key rules are those of gold/README.md ("key"): a legal document
(number/year/TYPE-ISSUER) and a Party document (number-TYPE/ISSUER) are keyed by
their number alone, an administrative document by number + "@" + year (numbering
restarts every year), a law cited by name by "<full name> năm <year>".
Reference tables (type codes, issuer codes, abbreviations, law names) are data
files under data/, loaded once.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import regex

Form = Literal["legal", "party", "admin", "named"]

# Same-length character fixes applied before matching: look-alike letters and
# dash/slash variants that Word and PDF exporters put into symbols. "Ð" (U+00D0,
# Icelandic eth) is a frequent stand-in for "Đ" (U+0110) in Vietnamese fonts.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ",
        "\u00f0": "đ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\uff0f": "/",
        "\u2044": "/",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)

_LEGAL = regex.compile(r"^(?P<num>\d+)/(?P<year>\d{4})/(?P<rest>.+)$")
_PARTY = regex.compile(r"^(?P<num>\d+)-(?P<code>[^/]+)/(?P<rest>.+)$")
_ADMIN = regex.compile(r"^(?P<num>\d+)/(?P<rest>.+)$")
_SPACES = regex.compile(r"\s+")
_YEAR_FIRST = regex.compile(r"(?:19|20)\d{2}/")


def fold_lookalikes(text: str) -> str:
    """Replace look-alike characters one for one (offsets are preserved)."""
    return text.translate(_LOOKALIKES)


def normalize_number(raw: str) -> str:
    """The number/symbol as keyed: NFC, ASCII hyphen and slash, no whitespace."""
    text = fold_lookalikes(unicodedata.normalize("NFC", raw))
    return _SPACES.sub("", text)


@dataclass(frozen=True)
class SymbolParts:
    """A normalized number/symbol split into its grammatical parts."""

    form: Form
    number: str
    year: int | None
    type_code: str | None
    issuer_codes: tuple[str, ...]


def split_symbol(number: str) -> SymbolParts:
    """Split "130/2020/NĐ-CP", "27-CT/TW" or "116/KH-UBND" into parts."""
    codes = types_data()["codes"]
    if m := _LEGAL.match(number):
        segments = m["rest"].split("-")
        code = segments[0] if segments[0] in codes else None
        issuers = tuple(segments[1:] if code else segments)
        return SymbolParts("legal", m["num"], int(m["year"]), code, issuers)
    if m := _PARTY.match(number):
        code = m["code"]
        return SymbolParts("party", m["num"], None, code, tuple(m["rest"].split("-")))
    if m := _ADMIN.match(number):
        segments = m["rest"].split("-")
        if segments[0] in codes:
            return SymbolParts("admin", m["num"], None, segments[0], tuple(segments[1:]))
        # A Công văn has no type code: the symbol is ISSUER-DRAFTING UNIT.
        return SymbolParts("admin", m["num"], None, None, tuple(segments))
    return SymbolParts("admin", number, None, None, ())


def type_for_code(code: str | None) -> str | None:
    """The type word a symbol code names ("KH" -> "Kế hoạch"; no code -> Công văn)."""
    data = types_data()
    if code is None:
        return str(data["codeless"])
    value = data["codes"].get(code)
    return str(value) if value else None


def infer_issuer(parts: SymbolParts) -> str | None:
    """The issuer named by the symbol, only where the code makes it certain."""
    data = issuers_data()
    # The issuing body is the first issuer segment; later segments are units
    # of it (the drafting office), or co-issuers of a joint document.
    if not parts.issuer_codes:
        return None
    if parts.form == "legal" and len(parts.issuer_codes) > 1:
        return None  # joint legal document (TTLT-BCA-BQP): no single issuer
    code = parts.issuer_codes[0]
    if code in data["exact"]:
        return str(data["exact"][code])
    for pattern, name in data["patterns"].items():
        if regex.fullmatch(pattern, code):
            return str(name)
    return None


def citation_key(
    form: Form, number: str | None, year: int | None, name: str | None = None
) -> str:
    """Canonical id of the cited document (gold/README.md, "key")."""
    if form == "named" or number is None:
        base = name or "?"
        return f"{base} năm {year}" if year else base
    if form == "admin":
        return f"{number}@{year if year else '?'}"
    return number


def symbol_key(number: str, year: int | None) -> str:
    """Key of a document known by its number/symbol and (for admin forms) year."""
    parts = split_symbol(number)
    return citation_key(parts.form, number, year or parts.year)


def document_key(number: str | None, symbol: str | None, date: str | None) -> str | None:
    """Key of a loaded document from its own metadata (number "116", symbol "KH-UBND")."""
    if not number or not symbol:
        return None
    symbol = normalize_number(symbol)
    if symbol[0] in "-/":
        joined = f"{number}{symbol}"  # the separator was kept with the symbol
    elif _YEAR_FIRST.match(symbol) or "/" not in symbol:
        joined = f"{number}/{symbol}"  # legal "2020/NĐ-CP" or admin "KH-UBND"
    else:
        joined = f"{number}-{symbol}"  # Party "CTr/TU"
    year = int(date[:4]) if date and date[:4].isdigit() else None
    return symbol_key(normalize_number(joined), year)


def iso_date(day: str, month: str, year: str) -> str | None:
    """ISO date from day/month/year strings; None when not a calendar date."""
    from datetime import date

    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def sentence_case(word: str) -> str:
    """ "KẾ HOẠCH" / "kế hoạch" -> "Kế hoạch" (type words as the gold writes them)."""
    word = _SPACES.sub(" ", word.strip())
    return word[:1].upper() + word[1:].lower()


@cache
def _load(name: str) -> dict[str, Any]:
    path = resources.files("docparse.enrich.citations").joinpath("data", name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def types_data() -> dict[str, Any]:
    return _load("types.json")


def plan_types() -> tuple[tuple[str, ...], frozenset[str]]:
    """Type words (lower case) and symbol codes of the plan types (Kế hoạch, Chương trình...)."""
    words = {w: d for w, d in types_data()["words"].items() if d.get("plan")}
    return tuple(w.lower() for w in words), frozenset(c for d in words.values() for c in d["codes"])


def issuers_data() -> dict[str, Any]:
    return _load("issuers.json")


def abbreviations_data() -> dict[str, str]:
    phrases: dict[str, str] = _load("abbreviations.json")["phrases"]
    return phrases


def law_years() -> dict[str, list[int]]:
    """Known law names (without type word) -> years they were enacted ([] = unknown)."""
    laws: dict[str, list[int]] = _load("laws.json")["laws"]
    return laws


def law_names() -> list[str]:
    return list(law_years())


@cache
def _law_names_by_fold() -> dict[str, str]:
    return {_fold_name(name): name for name in law_years()}


def _fold_name(name: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    return text.replace("hoá", "hóa").replace("uỷ", "ủy").replace("tuý", "túy")


def canonical_law_name(name: str) -> str:
    """A known law's name as the law table writes it, whatever the letter case; other
    names unchanged."""
    return _law_names_by_fold().get(_fold_name(name), name)
