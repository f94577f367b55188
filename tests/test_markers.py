"""Footnote markers that plain text carries as ordinary digits, glued or set apart by a space."""

from __future__ import annotations

import pytest

from docparse.structure.blocks import Block
from docparse.structure.footnotes import find_glued_markers


def _markers(texts: list[str], numbers: list[int]) -> list[tuple[int, int, int, str]]:
    blocks = [Block(lines=[], text=t) for t in texts]
    find_glued_markers(blocks, numbers)
    return [(b, m.number, m.offset, blocks[b].text[: m.offset][-12:])
            for b, block in enumerate(blocks) for m in block.markers]


@pytest.mark.parametrize(
    ("texts", "numbers", "expected"),
    [
        # glued to a word, after closing punctuation, after a percentage
        (["thực hiện nghiêm1. Tiếp tục (PCTNTC)2."], [1, 2],
         [(0, 1, 16, " hiện nghiêm"), (0, 2, 35, "tục (PCTNTC)")]),
        (["chiếm 1,6%18. Còn lại"], [18], [(0, 18, 10, "chiếm 1,6%")]),
        # spaced (pdftotext -layout), before a glued digit further on ("QL.1,")
        (["có 07 dân tộc chính 1. Hệ thống (QL.1, QL.1B)"], [1],
         [(0, 1, 19, "ân tộc chính")]),
        # a counted word before the digit is no marker: the glued one after it is
        (["theo khoản 2, Điều 5 Luật; kết quả2."], [2], [(0, 2, 34, "uật; kết quả")]),
        # a number's own separator is no marker's punctuation: "được 5.000 ha", "tăng 5,72%"
        (["trồng rừng được 5.000 ha, tăng 5,72%; kết quả tích cực5; Nền"], [5],
         [(0, 5, 54, "quả tích cực")]),
        # markers are found in order: the second after the first
        (["năm nay1 và", "trong kỳ2; đã"], [1, 2],
         [(0, 1, 7, "năm nay"), (1, 2, 8, "trong kỳ")]),
    ],
)
def test_markers_in_plain_text(texts: list[str], numbers: list[int],
                               expected: list[tuple[int, int, int, str]]) -> None:
    assert _markers(texts, numbers) == expected
