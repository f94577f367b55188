"""Footnote anchors on scanned pages, where OCR reads the raised number as a character.

On a page with a text layer a footnote marker is a small raised digit (pdf.py keeps it
as a Marker). OCR flattens it into the word before it: "quy định°.", "Chính phủ”.",
"dân tộc chính'.", "nhũng1". On an OCR'd page the footnotes that start there are known
(their numbers come from the footnote area), so the body's candidates are matched to
them in order, and only when there are exactly as many candidates as footnotes: a page
where they disagree keeps its text and gets no anchors rather than wrong ones.
"""

from __future__ import annotations

import re
from collections import defaultdict

from docparse.ingest.lines import Line, Marker
from docparse.layout.model import RawFootnote

# A raised number as OCR reads it, glued to the end of a word or a closing parenthesis.
CANDIDATE = re.compile(r"(?<=[^\W\d_)])(?:\d{1,3}|[’'°*”®“?!¹²³]{1,2})(?=[\s,.;:)]|$)")
UNIT = re.compile(r"(?:^|\s)[kcdm]?m$")  # "km2", "m3": a unit's exponent, not a marker


def place_ocr_anchors(body: list[Line], footnotes: list[RawFootnote]) -> None:
    """Give OCR'd body lines the markers of the footnotes that start on their page."""
    starting: dict[int, list[int]] = defaultdict(list)
    for note in footnotes:
        first = note.lines[0] if note.lines else None
        if first is not None and first.ocr and first.page is not None:
            starting[first.page].append(note.number)
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in body:
        if line.ocr and line.page is not None and not line.markers:
            by_page[line.page].append(line)
    for page, numbers in starting.items():
        found = [(line, m) for line in by_page[page] for m in CANDIDATE.finditer(line.text)
                 if not UNIT.search(line.text[: m.start()])]
        if len(found) != len(numbers):
            continue
        per_line: dict[int, list[tuple[re.Match[str], int]]] = defaultdict(list)
        lines: dict[int, Line] = {}
        for (line, match), number in zip(found, numbers, strict=True):
            per_line[id(line)].append((match, number))
            lines[id(line)] = line
        for key, marks in per_line.items():
            _mark(lines[key], marks)


def _mark(line: Line, marks: list[tuple[re.Match[str], int]]) -> None:
    """Take the candidates out of the line's text and put markers in their place."""
    text, cursor, markers = "", 0, []
    for match, number in marks:
        text += line.text[cursor : match.start()]
        markers.append(Marker(offset=len(text), number=number))
        cursor = match.end()
    line.text = text + line.text[cursor:]
    line.markers = markers
