"""Heading labels of the body: Phần > I. > 1. > 2.1. > a) > - > + (DOMAIN.md).

Legal-style documents (decisions, regulations) use Chương > Mục > Điều, with khoản
("1.") and điểm ("a)") under an article: those sit between Phần and the roman
numerals, so "1." under "Điều 2." is a child of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = "(?:X{0,3})(?:IX|IV|V?I{0,3})"
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Phần thứ nhất", "PHẦN I", "Phần II." — the title follows, on the same line or the next
    ("part", re.compile(rf"^(Phần\s+(?:thứ\s+\w+|{ROMAN}\b|\d+))[.:\-–]?(?:\s+|$)", re.I)),
    # "Chương I", "CHƯƠNG 2": the chapter title follows, usually on the next line
    ("chapter", re.compile(rf"^(Chương\s+(?:{ROMAN}\b|\d+))[.:\-–]?(?:\s+|$)", re.I)),
    # "Mục 1", "MỤC 2" of a chapter (title on the same or the next line)
    ("subchapter", re.compile(r"^((?:Mục|MỤC)\s+\d{1,2})[.:\-–]?(?:\s+|$)")),
    # "A.", "B." (then a capital): lettered parts of a report ("A. TÌNH HÌNH ...", "B. NHIỆM
    # VỤ ...") above its roman numerals
    ("alpha", re.compile(r"^([ABCDĐEGH]\.)(?:\s+|$)")),
    # "Điều 1.", "Điều 12a." (then a capital, see find_label): an article, not a pinpoint
    # that a line wrap put at the start of a line ("Điều 10 Luật ...")
    ("article", re.compile(r"^((?:Điều|ĐIỀU)\s+\d{1,3}[a-zđ]?\.)(?:\s+|$)")),
    # "I.", "II-", "III –": a roman numeral, then a stop or dash
    ("roman", re.compile(rf"^((?=[IVX])({ROMAN})\s?[.\-–])(?:\s+|$)")),
    # "2.1.", "2.3.1", "2.1)"
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\s?\d{1,2})+\.?)\)?(?:\s+(?!\d)|$)")),
    # "1.", "2)"
    ("arabic", re.compile(r"^(\d{1,2}[.)])(?:\s+|$)")),
    # "a)", "đ)"
    ("letter", re.compile(rf"^([{VIETNAMESE_LETTERS}]\))(?:\s+|$)")),
    ("dash", re.compile(r"^([-–—•●▪■◦○➢✓*])\s+")),
    ("plus", re.compile(r"^(\+)\s+")),
]

# Depth order of the kinds; decimals sit between arabic and letters, deeper per component.
RANK = {"part": 1.0, "alpha": 1.1, "chapter": 1.2, "subchapter": 1.4, "article": 1.6, "roman": 2.0,
        "arabic": 3.0, "decimal": 3.0, "letter": 4.0, "dash": 5.0, "plus": 6.0}
# Bullets ("•", "*") mark a list of their own: a dash list under one nests in it.
BULLETS = frozenset("•●▪■◦○➢✓*")
BULLET_RANK = 4.5
# Kinds whose title may stand on the line(s) after the label ("Chương I" / "QUY ĐỊNH CHUNG").
TITLE_BELOW = frozenset({"part", "chapter", "subchapter"})
# Kinds whose text must start with a capital (or be empty): "Mục 2 các" and a wrapped
# "Chương II của Luật ..." are running text.
CAPITAL_AFTER = frozenset({"part", "chapter", "subchapter", "article", "alpha"})


@dataclass(frozen=True)
class Label:
    kind: str
    label: str  # as printed, e.g. "II-", "2.1.", "Phần thứ nhất"
    end: int  # where the heading text starts in the block text

    @property
    def rank(self) -> float:
        if self.kind == "dash" and self.label in BULLETS:
            return BULLET_RANK
        if self.kind == "decimal":
            return RANK["decimal"] + 0.1 * self.label.rstrip(".)").count(".")
        return RANK[self.kind]


# A list quoted from another document opens with the quotation mark: "“1. Theo quy định ...".
QUOTED = re.compile(r"^[“\"](?=\d{1,2}[.)]\s|[a-zđ]\)\s)")


def find_label(text: str) -> Label | None:
    quote = QUOTED.match(text)
    if quote:
        found = find_label(text[quote.end() :])
        return Label(found.kind, found.label, found.end + quote.end()) if found else None
    for kind, pattern in PATTERNS:
        match = pattern.match(text)
        if match:
            if kind == "roman" and not match.group(2):
                continue  # the empty roman numeral
            rest = text[match.end() :].lstrip()
            if kind in CAPITAL_AFTER and rest and not (rest[0].isupper() or rest[0] in "(“\"\'"):
                continue
            return Label(kind=kind, label=match.group(1).strip(), end=match.end())
    return None


def bare_label(text: str) -> Label | None:
    """The label when `text` is a heading label and nothing else ("II.", "2.1.", "a)", "-"),
    as when a tab stop sets the heading's text apart."""
    text = text.strip()
    label = find_label(f"{text} ")  # a dash is a label only with something after it
    return label if label is not None and label.end >= len(text) else None


# A run-in heading: "1. Đơn vị chủ trì: Sở Văn hoá và Thể thao.", "- Thời gian: thường
# xuyên.", "a) Mục tiêu chung: Theo dõi ...": its title is the short lead-in up to the colon,
# and what follows the colon is the text under it. Ten words at most before the colon, none
# of them inside brackets or quotes, and text after it; "17:00" is no colon of this kind.
RUN_IN_WORDS = 10
_OPENERS = {"(": ")", "[": "]", "“": "”", '"': '"', "‘": "’"}


def run_in_end(text: str) -> int | None:
    """Where the title of a run-in heading ends in `text` (the block after its label): just
    after the colon; None when the block is not run-in."""
    closing: list[str] = []
    for index, char in enumerate(text):
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _OPENERS:
            closing.append(_OPENERS[char])
        elif char == ":" and not closing:
            before, after = text[:index], text[index + 1 :]
            if before[-1:].isdigit() and after[:1].isdigit():
                continue  # a time, "17:00"
            if not before.strip() or not after.strip():
                return None
            return index + 1 if len(before.split()) <= RUN_IN_WORDS else None
    return None


def heading_title(text: str) -> str:
    """The title of a heading whose block reads `text` after its label."""
    text = text.strip()
    end = run_in_end(text)
    return text[:end] if end is not None else text

