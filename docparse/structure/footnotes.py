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


def find_glued_markers(blocks: list[Block], numbers: list[int]) -> None:
    """Take plain-digit markers out of block texts, in order, recording their offsets."""
    block_index, offset = 0, 0
    for number in sorted(numbers):
        if any(m.number == number for b in blocks for m in b.markers):
            continue
        pattern = regex.compile(GLUED_MARKER.replace("{n}", str(number)))
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
            block_index, offset = index, match.start()
            break
