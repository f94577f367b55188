"""Footnotes: their texts, and the anchors that tie each one to a place in the body.

PDFs and superscript-digit text carry markers from ingest. Plain text often glues the marker
to the word as an ordinary digit ("lãng phí1."): those are found here, in numbering order,
only where a digit run stands right after a letter (or after closing punctuation that follows
a letter) and equals the next footnote number.
"""

from __future__ import annotations

import regex

from docparse.ingest.lines import Marker
from docparse.structure.blocks import Block

GLUED_MARKER = r"(?:(?<=[\p{L}])|(?<=[\p{L}][.,;:)”\"’]))({n})(?![\d\p{L}])"
# pdftotext -layout sets a raised marker apart by one space: "trí tuệ 1; để", "năm 2018 2.".
# Tried only where no glued one is found, and only before punctuation or the line's end, so
# that "khoản 1 Điều 2" is never taken for markers.
SPACED_MARKER = r"(?<=[\p{L}\d.,;:)”\"’]) ({n})(?=[.,;:)]|$)"


def find_glued_markers(blocks: list[Block], numbers: list[int]) -> None:
    """Take plain-digit markers out of block texts, in order, recording their offsets."""
    block_index, offset = 0, 0
    for number in sorted(numbers):
        if any(m.number == number for b in blocks for m in b.markers):
            continue
        for shape in (GLUED_MARKER, SPACED_MARKER):
            found = _take(blocks, regex.compile(shape.replace("{n}", str(number))), number,
                          block_index, offset)
            if found is not None:
                block_index, offset = found
                break


def _take(
    blocks: list[Block], pattern: regex.Pattern[str], number: int, block_index: int, offset: int
) -> tuple[int, int] | None:
    """Remove the first match at or after (block_index, offset) and record it as a marker;
    where it was, or None."""
    for index in range(block_index, len(blocks)):
        block = blocks[index]
        start = offset if index == block_index else 0
        match = pattern.search(block.text, pos=start)
        if match is None:
            continue
        block.text = block.text[: match.start()] + block.text[match.end() :]
        for marker in block.markers:
            if marker.offset > match.start():
                marker.offset -= len(match.group())
        block.markers.append(Marker(offset=match.start(), number=number))
        block.markers.sort(key=lambda m: m.offset)
        return index, match.start()
    return None
