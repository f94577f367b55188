"""What ingest hands to layout: pages of lines with font, size and position."""

from __future__ import annotations

from dataclasses import dataclass, field

from docparse.model import BBox

CELL_SEPARATOR = " | "  # between the cells of a table row in its text


@dataclass
class Marker:
    """A footnote marker found in a line: where it stood and the number it carries."""

    offset: int
    number: int


@dataclass
class Line:
    text: str
    page: int | None = None  # 1-based; None for text input without page breaks
    bbox: BBox | None = None
    size: float | None = None  # dominant font size, points
    font: str | None = None
    bold: bool = False
    italic: bool = False
    markers: list[Marker] = field(default_factory=list)
    # Layout facts, filled by the layout stage where the input allows it:
    indented: bool | None = None  # starts right of the text column's left edge
    full: bool | None = None  # runs to the right edge (the paragraph goes on)
    room: float | None = None  # free space at the line end, in characters of body text
    gap_before: bool | None = None  # more vertical space above than between lines
    centered: bool | None = None
    column: str | None = None  # "left" / "right" in two-column zones (header, signature)
    cells: list[str] | None = None  # a row of a ruled table: its cells, in column order
    ocr: bool = False  # read by OCR: no bold, italic or footnote markers to go by
    drawn: bool = False  # drawn by a signing widget (the number, the day): not page text


def join_lines(lines: list[Line]) -> tuple[str, list[Marker]]:
    """Wrapped lines re-joined with one space, their footnote markers carried over.

    A line-final hyphen before a capital joins tight: "27-" + "CT/TW" is a document
    symbol broken at its hyphen, not two words.
    """
    text = ""
    markers: list[Marker] = []
    for line in lines:
        part = line.text.strip()
        if not part:
            continue
        if text and text.endswith("-") and not text.endswith(" -") and part[:1].isupper():
            base = len(text)
            text += part
        elif text:
            base = len(text) + 1
            text += " " + part
        else:
            base = 0
            text = part
        markers.extend(Marker(offset=base + m.offset, number=m.number) for m in line.markers)
    return text, markers


@dataclass
class Page:
    number: int
    width: float | None = None
    height: float | None = None
    lines: list[Line] = field(default_factory=list)
    # Footnote-area lines, already separated from the body where the input shows it.
    footnote_lines: list[Line] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)  # y of short horizontal rules


@dataclass
class RawDocument:
    """Everything ingest read, before layout decides what is body, footnote or furniture."""

    format: str  # "pdf" | "text" | "docx"
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    # Text laid out in character columns (pdftotext -layout): leading spaces are positions,
    # and a space or two of them is centring or justification noise, not an indent.
    spaced: bool = False


def through_last(cells: list[str]) -> list[str]:
    """The cells up to the last one with text (a row merged across ends early)."""
    last = max((i for i, c in enumerate(cells) if c), default=-1)
    return cells[: last + 1]
