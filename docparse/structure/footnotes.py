"""Footnotes: their texts, and the anchors that tie each one to a place in the body.

PDFs and superscript-digit text carry markers from ingest. Plain text often glues the marker
to the word as an ordinary digit ("lãng phí1.", "chiếm 1,6%18."), or sets it one space
apart (pdftotext -layout: "dân tộc chính 1."): those are found here, in numbering order, where
a digit run equal to the next footnote number stands right after a letter or "%" (or after
closing punctuation that follows a letter), or one space after a word that does not count
things, before punctuation; the first place either shape matches wins (the shapes:
structure/markers.py).
"""

from __future__ import annotations

import regex

from docparse.ingest.lines import Marker
from docparse.structure.blocks import Block
from docparse.structure.markers import marker_patterns


def find_glued_markers(blocks: list[Block], numbers: list[int]) -> None:
    """Take plain-digit markers out of block texts, in order, recording their offsets."""
    block_index, offset = 0, 0
    marked = {m.number for b in blocks for m in b.markers}
    for number in sorted(numbers):
        if number in marked:
            continue
        # The first place either shape matches: a glued digit further on ("QL.1,") must
        # not win over the spaced marker before it ("dân tộc chính 1.").
        hits = [hit for pattern in marker_patterns(number)
                if (hit := _find(blocks, pattern, block_index, offset)) is not None]
        if hits:
            block_index, match = min(hits, key=lambda hit: (hit[0], hit[1].start()))
            _take(blocks[block_index], match, number)
            marked.add(number)
            offset = match.start()


def _find(
    blocks: list[Block], pattern: regex.Pattern[str], block_index: int, offset: int
) -> tuple[int, regex.Match[str]] | None:
    """The block and the first match at or after (block_index, offset), or None."""
    for index in range(block_index, len(blocks)):
        start = offset if index == block_index else 0
        match = pattern.search(blocks[index].text, pos=start)
        if match is not None:
            return index, match
    return None


def _take(block: Block, match: regex.Match[str], number: int) -> None:
    """Remove the match from the block's text and record it as a marker."""
    block.text = block.text[: match.start()] + block.text[match.end() :]
    for marker in block.markers:
        if marker.offset > match.start():
            marker.offset -= len(match.group())
    block.markers.append(Marker(offset=match.start(), number=number))
    block.markers.sort(key=lambda m: m.offset)
