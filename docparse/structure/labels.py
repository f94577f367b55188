"""Heading labels of the body: Phần > I. > 1. > 2.1. > a) > - > + (DOMAIN.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = "(?:X{0,3})(?:IX|IV|V?I{0,3})"
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Phần thứ nhất", "PHẦN I", "Phần II." — the title follows, on the same line or the next
    ("part", re.compile(rf"^(Phần\s+(?:thứ\s+\w+|{ROMAN}\b|\d+))[.:\-–]?(?:\s+|$)", re.I)),
    # "I.", "II-", "III –": a roman numeral, then a stop or dash
    ("roman", re.compile(rf"^((?=[IVX])({ROMAN})\s?[.\-–])(?:\s+|$)")),
    # "2.1.", "2.3.1", "2.1)"
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\s?\d{1,2})+\.?)\)?(?:\s+(?!\d)|$)")),
    # "1.", "2)"
    ("arabic", re.compile(r"^(\d{1,2}[.)])(?:\s+|$)")),
    # "a)", "đ)"
    ("letter", re.compile(rf"^([{VIETNAMESE_LETTERS}]\))(?:\s+|$)")),
    ("dash", re.compile(r"^([-–—•])\s+")),
    ("plus", re.compile(r"^(\+)\s+")),
]

# Depth order of the kinds; decimals sit between arabic and letters, deeper per component.
RANK = {"part": 1.0, "roman": 2.0, "arabic": 3.0, "decimal": 3.0, "letter": 4.0,
        "dash": 5.0, "plus": 6.0}


@dataclass(frozen=True)
class Label:
    kind: str
    label: str  # as printed, e.g. "II-", "2.1.", "Phần thứ nhất"
    end: int  # where the heading text starts in the block text

    @property
    def rank(self) -> float:
        if self.kind == "decimal":
            return RANK["decimal"] + 0.1 * self.label.rstrip(".)").count(".")
        return RANK[self.kind]


def find_label(text: str) -> Label | None:
    for kind, pattern in PATTERNS:
        match = pattern.match(text)
        if match:
            if kind == "roman" and not match.group(2):
                continue  # the empty roman numeral
            return Label(kind=kind, label=match.group(1).strip(), end=match.end())
    return None
