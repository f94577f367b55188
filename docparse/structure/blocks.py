"""Re-join lines into blocks (paragraphs and headings) across wraps and page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docparse.ingest.lines import CELL_SEPARATOR, Line, Marker, join_lines, through_last
from docparse.model import BBox, PageBox
from docparse.structure.labels import TITLE_BELOW, find_label

FINISHED = re.compile(r"""(?:[.;!?…:"”’]|\./\.)\s*$""")
LOWER_START = re.compile(r"^[\W\d]*[^\W\d_]", re.U)


@dataclass
class Block:
    lines: list[Line]
    text: str = ""
    markers: list[Marker] = field(default_factory=list)
    row: list[str] | None = None  # a table row's cells when the row runs over a page break

    @property
    def cells(self) -> list[str] | None:
        """The cells of a table row (a row is always a block of its own)."""
        if self.row is not None:
            return self.row
        return self.lines[0].cells if len(self.lines) == 1 else None

    @property
    def pages(self) -> list[int]:
        return sorted({ln.page for ln in self.lines if ln.page is not None})

    @property
    def boxes(self) -> list[PageBox]:
        return page_boxes(self.lines)


def page_boxes(lines: list[Line]) -> list[PageBox]:
    """One box per page around the lines that lie on it."""
    out: dict[int, list[float]] = {}
    for ln in lines:
        if ln.page is None or ln.bbox is None:
            continue
        box = out.setdefault(ln.page, list(ln.bbox))
        box[0], box[1] = min(box[0], ln.bbox[0]), min(box[1], ln.bbox[1])
        box[2], box[3] = max(box[2], ln.bbox[2]), max(box[3], ln.bbox[3])
    return [PageBox(page=p, bbox=_bbox(b)) for p, b in sorted(out.items())]


def _bbox(values: list[float]) -> BBox:
    return (round(values[0], 2), round(values[1], 2), round(values[2], 2), round(values[3], 2))


def starts_lowercase(text: str) -> bool:
    match = LOWER_START.match(text)
    return bool(match) and match.group()[-1].islower()


def is_upper_line(text: str) -> bool:
    if not text.isupper():  # a lower-case letter, or none with a case: most lines end here
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def next_word_fits(prev: Line, line: Line) -> bool:
    """Would the first word of `line` have fitted at the end of `prev`? Then `prev` ended
    its paragraph on purpose."""
    if prev.room is None:
        return not prev.full
    word = line.text.split(" ", 1)[0]
    return prev.room >= len(word) + 1


def continues(
    prev: Line, line: Line, *, geometry: bool, wrapped: bool, first: Line | None = None
) -> bool:
    """Does `line` continue the paragraph whose last line is `prev` (and first is `first`)?"""
    if prev.cells is not None or line.cells is not None:
        return False  # a table row stands alone
    label = find_label(line.text)
    finished = bool(FINISHED.search(prev.text))
    prev_label = find_label(prev.text)
    if prev_label and prev_label.kind in TITLE_BELOW and not prev.text[prev_label.end :].strip():
        return label is None  # "Phần thứ nhất" / "Chương I" then its title on the next line(s)
    if label is not None:
        if label.kind not in ("dash", "plus") or finished:
            return False
        # "- xã hội" after "kinh tế", "- Lạng Sơn - Hà Nội" after a full line: a wrapped
        # hyphenated phrase, not a dash item (items start indented or on a fresh line).
        if starts_lowercase(line.text[label.end :]):
            return True
        if geometry:
            return bool(prev.full) and not line.indented and line.page == prev.page
        return wrapped and bool(prev.full)
    if (geometry and line.page == prev.page and not line.gap_before and ")" in line.text
            and prev.text.count("(") > prev.text.count(")")):
        return True  # a centred note: "(Kèm theo Kế hoạch ... của Ủy ban nhân dân" / "tỉnh)"
    if is_upper_line(prev.text) and is_upper_line(line.text) and not finished:
        return prev.page == line.page or prev.page is None  # a heading wrapped on two lines
    if is_upper_line(prev.text) and not starts_lowercase(line.text) and not geometry:
        return False  # an upper-case line ("CHỦ TỊCH ỦY BAN ...") stands alone before a sentence
    if geometry:
        if line.page != prev.page:
            # Across a page break only the geometry of the last line says anything.
            return (bool(prev.full) and not line.indented and not finished) or (
                not finished and starts_lowercase(line.text)
            )
        if line.gap_before or line.indented or line.centered != prev.centered:
            return False
        if prev.bold != line.bold and not starts_lowercase(line.text):
            return False
        if finished and next_word_fits(prev, line):
            return False
        return bool(prev.full) or (not finished and starts_lowercase(line.text))
    if wrapped:
        if line.indented and (finished or (
                find_label((first or prev).text) is not None and not starts_lowercase(line.text))):
            return False  # an indented capital after a numbered heading starts its first paragraph
        if finished and next_word_fits(prev, line) and not starts_lowercase(line.text):
            return False
        if prev.full:
            return True
        if not finished and find_label((first or prev).text) is None:
            # A sentence of running text stops mid-way only at a wrap: "của Thủ tướng" /
            # "Chính phủ ban hành" (headings, by contrast, end without punctuation).
            return not line.indented or starts_lowercase(line.text)
        return not finished and starts_lowercase(line.text)
    # One paragraph per line: only a page break splits one, mid-sentence.
    return not finished and starts_lowercase(line.text)


def build_blocks(lines: list[Line], *, geometry: bool, wrapped: bool) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        row = _split_row(blocks, line)
        if row is not None:
            _add_row_part(row, line)
            continue
        if blocks and continues(
            blocks[-1].lines[-1], line, geometry=geometry, wrapped=wrapped,
            first=blocks[-1].lines[0],
        ):
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block(lines=[line]))
    for block in blocks:
        if block.row is None:
            _join(block)
    return blocks


def _join(block: Block) -> None:
    """Join the lines' texts and carry their footnote markers over to block offsets."""
    block.text, block.markers = join_lines(block.lines)


def _split_row(blocks: list[Block], line: Line) -> Block | None:
    """The row `line` finishes when a table row ran over a page break: the first row of
    the new page with no number of its own ("" | "hoạt động của ..." | "nghệ" | ""),
    after the previous page's last row (or a repeated header row above it)."""
    if not line.cells or line.page is None or line.cells[0].strip() or not any(line.cells):
        return None
    candidates = blocks[-2:][::-1]
    for i, block in enumerate(candidates):
        cells = block.cells
        if cells is None or len(cells) != len(line.cells):
            return None
        if block.pages == [line.page] and i == 0 and _is_repeated(block, blocks):
            continue  # the header row Word repeats at the top of each page
        ok = block.pages and block.pages[-1] == line.page - 1 and cells[0].strip()
        return block if ok else None
    return None


def _is_repeated(block: Block, blocks: list[Block]) -> bool:
    return any(b is not block and b.cells == block.cells for b in blocks)


def _add_row_part(block: Block, line: Line) -> None:
    """Join a row's part on the next page to it, cell by cell (markers kept in place)."""
    block.lines.append(line)
    rows = [ln.cells or [] for ln in block.lines]
    width = len(rows[0])
    cells = [" ".join(r[k].strip() for r in rows if r[k].strip()) for k in range(width)]
    starts = [sum(len(c) + len(CELL_SEPARATOR) for c in cells[:k]) for k in range(width)]
    markers: list[Marker] = []
    used = [0] * width  # characters of each merged cell taken by earlier parts
    for ln, row in zip(block.lines, rows, strict=True):
        own = [sum(len(c) + len(CELL_SEPARATOR) for c in row[:k]) for k in range(width)]
        for m in ln.markers:
            k = max(i for i in range(width) if own[i] <= m.offset)
            markers.append(Marker(offset=starts[k] + used[k] + m.offset - own[k], number=m.number))
        used = [u + (len(c.strip()) + 1 if c.strip() else 0)
                for u, c in zip(used, row, strict=True)]
    block.row = cells
    block.text = CELL_SEPARATOR.join(through_last(cells))
    block.markers = markers
