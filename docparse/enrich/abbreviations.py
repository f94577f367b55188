"""Per-document glossary of abbreviations: the ones a document defines and the standard ones.

Documents define an abbreviation in parentheses after its phrase on first use
("phòng, chống tham nhũng, tiêu cực (PCTNTC)") and then use it alone. The
phrase is found by matching the abbreviation's capitals against the initials of
the syllables before the parenthesis, walking backwards; joining words ("và",
"của") may be skipped ("Sở Giáo dục và Đào tạo (SGDĐT)"), and a capital
followed by small letters matches a syllable's first letters ("CTr" -> "Chương
trình"). Abbreviations every reader is expected to know (UBND, HĐND, TTCP ...)
come from data/abbreviations.txt and enter a document's glossary when the
document uses them. Other stages call `glossary()` once per document and
`expand()` to spell a name out ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docparse.model import Document

DATA_FILE = Path(__file__).parent / "data" / "abbreviations.txt"

# An abbreviation: capitals with optional small letters after a capital ("CTr",
# "TTg"), at least two capitals, an optional inner "-" or "&" ("KT-XH").
_ABBR = r"[A-ZĐ][a-zđ]?(?:[A-ZĐ&-][a-zđ]?)*[A-ZĐ][a-zđ]?"
_DEFINITION = re.compile(rf"\(\s*(?:(?:sau đây )?(?:gọi|viết) tắt là\s+)?(?P<abbr>{_ABBR})\s*\)")
# Words a definition may skip when they do not match a letter.
_SKIPPABLE = frozenset({"và", "của", "với", "về", "các", "-", "–"})
# Document numbers and symbols ("116/KH-UBND", "27-CT/TW", "130/2020/NĐ-CP"):
# their codes are not uses of an abbreviation ("CT" there is Chỉ thị, not Chủ tịch).
_SYMBOL = re.compile(r"\b\d+[\w.]*(?:\s?[/-]\s?[\wĐđ.]+)+")
_SYLLABLE = re.compile(r"[^\W\d_]+|[-–]", re.UNICODE)


@dataclass(frozen=True)
class Definition:
    """One definition found in a text: `expansion (abbreviation)`."""

    abbreviation: str
    expansion: str
    text_index: int
    span: tuple[int, int]  # from the expansion's first letter to the closing ")"


@lru_cache(maxsize=1)
def standard_abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion from the data file (first entry wins)."""
    out: dict[str, str] = {}
    for line in DATA_FILE.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbr, expansion, *_ = line.split("\t")
        out.setdefault(abbr, expansion)
    return out


def find_definitions(text: str, text_index: int = 0) -> list[Definition]:
    """Every `phrase (ABBR)` definition in one text, in order."""
    text = unicodedata.normalize("NFC", text)
    out: list[Definition] = []
    for m in _DEFINITION.finditer(text):
        abbr = m["abbr"]
        start = _phrase_start(abbr, text[: m.start()])
        if start is None:
            continue
        expansion = " ".join(text[start : m.start()].split()).rstrip(" ,;:")
        out.append(Definition(abbr, expansion, text_index, (start, m.end())))
    return out


def glossary(doc_or_texts: Document | str | Iterable[str]) -> dict[str, str]:
    """Abbreviation -> expansion for one document.

    The document's own definitions come first (in order; the first definition
    of an abbreviation wins), then the standard abbreviations it uses.
    """
    texts = _texts(doc_or_texts)
    out: dict[str, str] = {}
    for i, text in enumerate(texts):
        for d in find_definitions(text, i):
            out.setdefault(d.abbreviation, d.expansion)
    standard = standard_abbreviations()
    pattern = _standard_pattern()
    for text in texts:
        plain = _SYMBOL.sub(" ", unicodedata.normalize("NFC", text))
        for m in pattern.finditer(plain):
            out.setdefault(m.group(), standard[m.group()])
    return out


def expand(text: str, terms: dict[str, str]) -> str:
    """`text` with every glossary abbreviation spelled out (whole tokens only)."""
    if not terms:
        return text
    keys = sorted(terms, key=len, reverse=True)
    # Not inside a document symbol ("116/KH-UBND", "1897/UBND-NC").
    pattern = re.compile(r"(?<![\w/\-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w/]|-\w)")
    return pattern.sub(lambda m: terms[m.group()], text)


@lru_cache(maxsize=1)
def _standard_pattern() -> re.Pattern[str]:
    keys = sorted(standard_abbreviations(), key=len, reverse=True)
    return re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w/])")


def _texts(doc_or_texts: Document | str | Iterable[str]) -> list[str]:
    if isinstance(doc_or_texts, str):
        return [doc_or_texts]
    if isinstance(doc_or_texts, Document):
        doc = doc_or_texts
        texts = [doc.metadata.title or ""]
        texts.extend(p.text for p, _ in doc.iter_paragraphs())
        texts.extend(f.text for f in doc.footnotes)
        return texts
    return list(doc_or_texts)


def _chunks(abbr: str) -> list[str]:
    """'CTr' -> ['c', 'tr']; 'KT-XH' -> ['k', 't', 'x', 'h'] (lowercase, base letters)."""
    out: list[str] = []
    for ch in abbr:
        if ch.isupper():
            out.append(_base(ch))
        elif ch.isalpha() and out:
            out[-1] += _base(ch)
    return out


def _base(ch: str) -> str:
    """Lowercase letter without tone or vowel marks; đ stays đ (a letter of its own)."""
    low = ch.lower()
    return low if low == "đ" else unicodedata.normalize("NFD", low)[0]


def _phrase_start(abbr: str, before: str) -> int | None:
    """Offset in `before` where the phrase spelt by `abbr` starts, or None."""
    chunks = _chunks(abbr)
    syllables = list(_SYLLABLE.finditer(before))
    k = len(chunks) - 1
    start: int | None = None
    for m in reversed(syllables):
        if k < 0:
            break
        word = m.group()
        if _base_word(word).startswith(chunks[k]):
            k -= 1
            start = m.start()
        elif word.lower() in _SKIPPABLE:
            continue
        else:
            return None
    return start if k < 0 else None


def _base_word(word: str) -> str:
    return "".join(_base(ch) for ch in word)
