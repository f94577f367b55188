"""Canonical forms of entities, where the document makes them certain.

- Bodies and titles: abbreviations spelled out from the document's glossary
  ("UBND" -> "Ủy ban nhân dân"), and the document's province added to a name
  that ends in the level word alone ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh Lạng
  Sơn"). The province is certain when the issuer line names it ("UBND TỈNH LẠNG
  SƠN") or, failing that, when every people's committee or council of a
  province the body names is of one province ("UBND tỉnh Lạng Sơn báo cáo").
- Dates: ISO 8601 where complete: "2025-04-21", "2025-07" (month), "2025"
  (year), "2025-Q2" (quarter), "2025/2030" (a term or period); partial dates
  ("Quý IV", "ngày 01/7") get none.
- People: the name, followed by the title written next to it, if any
  ("Hồ Tiến Thiệu, Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn").
"""

from __future__ import annotations

import re
from functools import lru_cache

from docparse.enrich.abbreviations import DATA_FILE, expand
from docparse.enrich.entities.rules import PLACE
from docparse.model import Document

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PROVINCE_IN_BODY = re.compile(
    rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân) tỉnh (?P<name>{PLACE})"
)
_PROVINCE_IN_ISSUER = re.compile(r"\bTỈNH\s+(?P<name>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,2})")


def document_province(doc: Document, texts: list[str]) -> str | None:
    """The document's own province, when the document makes it certain."""
    for line in (doc.metadata.issuer, doc.metadata.parent_issuer):
        if line and (m := _PROVINCE_IN_ISSUER.search(line)):
            return m["name"].title()
    names = {m["name"] for text in texts for m in _PROVINCE_IN_BODY.finditer(text)}
    # Names cut at a lowercase word are fine; two different provinces are not certain.
    return names.pop() if len(names) == 1 else None


def body_terms(glossary: dict[str, str]) -> dict[str, str]:
    """The glossary entries that may be spelled out inside a name (bodies and titles).

    Term abbreviations ("PCTN") describe remits, not names; the standard file
    marks bodies and titles, and a document's own definitions count when they
    are capitalised ("Ủy ban nhân dân (UBND)").
    """
    kinds = _standard_kinds()
    out: dict[str, str] = {}
    for abbr, expansion in glossary.items():
        if kinds.get(abbr) in ("body", "title") or (abbr not in kinds and expansion[:1].isupper()):
            out[abbr] = expansion
    return out


def normalize_name(text: str, terms: dict[str, str], province: str | None) -> str | None:
    expanded = expand(text, terms)
    if province and re.search(r"\btỉnh$", expanded):
        expanded = f"{expanded} {province}"
    expanded = " ".join(expanded.split())
    return expanded if expanded != text else None


def normalize_date(text: str) -> str | None:
    t = " ".join(text.split())
    if m := re.search(r"(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?(\d{4})", t):
        return _iso(m[3], m[2], m[1])
    if m := re.search(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", t, re.IGNORECASE):
        return _iso(m[3], m[2], m[1])
    if m := re.search(r"(\d{4})\s?[-–]\s?(\d{4})", t):
        return f"{m[1]}/{m[2]}"
    if re.match(r"\d{1,2} (?:tháng|quý) (?:đầu|cuối)", t):
        return None  # "6 tháng đầu năm 2025": a part of a year, no ISO form
    if m := re.match(r"[Qq]uý (IV|I{1,3}|[1-4])(?:\s?/\s?| năm )(\d{4})", t):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        return f"{m[2]}-Q{quarter}"
    if m := re.match(r"[Tt]háng (\d{1,2})(?:\s?/\s?| năm )(\d{4})", t):
        return f"{m[2]}-{int(m[1]):02d}" if 1 <= int(m[1]) <= 12 else None
    if m := re.fullmatch(r"[Nn]ăm (\d{4})", t):
        return m[1]
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    y, mo, d = int(year), int(month), int(day)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@lru_cache(maxsize=1)
def _standard_kinds() -> dict[str, str]:
    """Abbreviation -> kind column of the standard file (body, title, term, place)."""
    kinds: dict[str, str] = {}
    for line in DATA_FILE.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            abbr, _, kind = ([*line.split("\t"), "", ""])[:3]
            kinds.setdefault(abbr, kind.strip())
    return kinds
