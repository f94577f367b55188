"""Ruled tables in a page image -> one line per row with its cells (pdf_tables for scans).

A scanned plan's task table (STT, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian) read
line by line interleaves its columns, as a PDF's does. Here its ruling is found in the image:
long horizontal and vertical strokes that cross one another make a grid; Tesseract's words are
put in the grid's cells, and each row becomes one `Line` with `cells`. A cell merged across
columns keeps its text in its first column (the others empty), one merged down over rows gives
its text to each of them: the shapes pdf_tables gives, so structure reads both alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from docparse.ingest.lines import CELL_SEPARATOR, Line, through_last

# At 200 dpi: a horizontal rule runs at least 80 px (29 pt), a vertical one 40 px (14 pt): a
# letter's stem is shorter, a table row taller.
MIN_HORIZONTAL_PX = 80
MIN_VERTICAL_PX = 40
MAX_THICKNESS_PX = 6
TOLERANCE_PX = 6  # how far apart strokes may be and still meet or line up
# The upper quartile of a line's word heights (ascenders, descenders, stacked Vietnamese
# diacritics) is about this many font sizes (measured on LibreOffice renditions of Times
# New Roman at 200 dpi: 0.87, sd 0.05). A quartile, not the line's box: the box of a line
# just under the footnote rule takes the rule in.
WORD_HEIGHT_EM = 0.87
RULE_GLYPHS = "|[]"  # what Tesseract makes of a cell's border (one glyph each)

Segment = tuple[float, float, float]  # (position, start, end) in pixels


@dataclass
class Grid:
    xs: list[float]  # column boundaries (px), left to right
    ys: list[float]  # row boundaries (px), top to bottom
    vertical: list[Segment]  # (x, y0, y1)
    horizontal: list[Segment]  # (y, x0, x1)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def has_vertical(self, x: float, y0: float, y1: float) -> bool:
        """A vertical stroke at x runs through the band y0..y1 (at its middle)."""
        mid = (y0 + y1) / 2
        return any(abs(sx - x) <= TOLERANCE_PX and a - TOLERANCE_PX <= mid <= b + TOLERANCE_PX
                   for sx, a, b in self.vertical)

    def has_horizontal(self, y: float, x0: float, x1: float) -> bool:
        mid = (x0 + x1) / 2
        return any(abs(sy - y) <= TOLERANCE_PX and a - TOLERANCE_PX <= mid <= b + TOLERANCE_PX
                   for sy, a, b in self.horizontal)


def find_grids(dark: np.ndarray) -> list[Grid]:
    """Tables of at least two rows and two columns, or one row of three, in a binary image."""
    horizontal = _strokes(dark, MIN_HORIZONTAL_PX)
    vertical = _strokes(dark.T, MIN_VERTICAL_PX)
    # Strokes that meet belong to one table: union-find over crossings.
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, y0, y1) in enumerate(vertical):
            if (x0 - TOLERANCE_PX <= x <= x1 + TOLERANCE_PX
                    and y0 - TOLERANCE_PX <= y <= y1 + TOLERANCE_PX):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, segment in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(segment)
    for j, segment in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(segment)
    grids = []
    for hs, vs in groups.values():
        xs, ys = _lined_up([s[0] for s in vs]), _lined_up([s[0] for s in hs])
        rows, columns = len(ys) - 1, len(xs) - 1
        if (rows >= 2 and columns >= 2) or (rows == 1 and columns >= 3):
            grids.append(Grid(xs, ys, vs, hs))
    return grids


def grid_rows(
    grid: Grid, words: list[tuple[float, float, float, float, str, int]], page: int, scale: float
) -> tuple[list[Line], set[int]]:
    """One line per row that has text, in points, and the indexes of the words used.
    `words`: (x0, top, x1, bottom, text, order) in pixels; order is Tesseract's reading order."""
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    owner = _owners(grid)
    texts: dict[tuple[int, int], list[tuple[float, float, int, str]]] = {}
    used: set[int] = set()
    heights: dict[int, list[float]] = {}
    for index, (x0, top, x1, bottom, text, order) in enumerate(words):
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        r = _band(grid.ys, cy)
        c = _band(grid.xs, cx)
        if r is None or c is None:
            continue
        used.add(index)
        texts.setdefault(owner[(r, c)], []).append((top, x0, order, text))
        heights.setdefault(owner[(r, c)][0], []).append(bottom - top)
    out: list[Line] = []
    for r in range(rows):
        cells: list[str] = []
        for c in range(columns):
            home = owner[(r, c)]
            if home[1] != c and home[0] == r:
                cells.append("")  # merged across: the text is in the first column
            else:
                cells.append(_cell_text(texts.get(home, [])))
        if not any(cells):
            continue
        sizes = sorted(heights.get(r, []) or [h for hs in heights.values() for h in hs])
        size = sizes[(3 * len(sizes)) // 4] * scale / WORD_HEIGHT_EM if sizes else None
        out.append(Line(
            text=CELL_SEPARATOR.join(through_last(cells)),
            page=page,
            bbox=(round(grid.xs[0] * scale, 2), round(grid.ys[r] * scale, 2),
                  round(grid.xs[-1] * scale, 2), round(grid.ys[r + 1] * scale, 2)),
            size=round(size, 2) if size else None,
            cells=cells,
            ocr=True,
        ))
    return out, used


BBox = tuple[float, float, float, float]


@dataclass
class CellRow:
    cells: list[BBox | None]  # None: covered by a cell merged across or down into it
    bbox: BBox


@dataclass
class GridTable:
    """A grid in PDF points, shaped as pdfplumber's Table (rows of cell boxes), so that
    pdf_tables reads the text layer of a searchable scan into it as it reads a PDF's."""

    rows: list[CellRow]
    bbox: BBox


def grid_table(grid: Grid, scale: float) -> GridTable:
    owner = _owners(grid)
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    span: dict[tuple[int, int], tuple[int, int]] = {}  # home cell -> (last row, last column)
    for (r, c), home in owner.items():
        last = span.get(home, home)
        span[home] = (max(last[0], r), max(last[1], c))
    out: list[CellRow] = []
    for r in range(rows):
        cells: list[BBox | None] = []
        for c in range(columns):
            if owner[(r, c)] != (r, c):
                cells.append(None)
                continue
            last_row, last_column = span[(r, c)]
            cells.append((grid.xs[c] * scale, grid.ys[r] * scale,
                          grid.xs[last_column + 1] * scale, grid.ys[last_row + 1] * scale))
        if any(cells):  # a row all covered from above is no row of its own
            out.append(CellRow(cells, (grid.xs[0] * scale, grid.ys[r] * scale,
                                       grid.xs[-1] * scale, grid.ys[r + 1] * scale)))
    box = grid.box
    return GridTable(out, (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale))


def _owners(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell -> the cell it is merged into (across: to the left; down: upwards)."""
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(columns)}
    for r in range(rows):
        y0, y1 = grid.ys[r], grid.ys[r + 1]
        for c in range(1, columns):
            if not grid.has_vertical(grid.xs[c], y0, y1):
                owner[(r, c)] = owner[(r, c - 1)]
    for r in range(1, rows):
        for c in range(columns):
            if owner[(r, c)] == (r, c) and not grid.has_horizontal(
                    grid.ys[r], grid.xs[c], grid.xs[c + 1]):
                owner[(r, c)] = owner[(r - 1, c)]
    return owner


def _cell_text(words: list[tuple[float, float, int, str]]) -> str:
    """A cell's words in Tesseract's reading order (line by line, left to right); the rules
    it read as "|" left out."""
    text = " ".join(w[3].strip(RULE_GLYPHS) for w in sorted(words, key=lambda w: w[2]))
    return " ".join(text.split())


def _band(bounds: list[float], value: float) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] <= value < bounds[i + 1]:
            return i
    return None


def _lined_up(positions: list[float]) -> list[float]:
    """Positions within the tolerance of one another taken as one (their mean), sorted."""
    out: list[list[float]] = []
    for p in sorted(positions):
        if out and p - out[-1][-1] <= TOLERANCE_PX:
            out[-1].append(p)
        else:
            out.append([p])
    return [sum(g) / len(g) for g in out]


def _strokes(dark: np.ndarray, min_run: int) -> list[Segment]:
    """Horizontal strokes of a binary image (rows of pixels): runs of at least `min_run` dark
    pixels, the rows of one stroke (at most MAX_THICKNESS_PX thick) merged: (y, x0, x1)."""
    if dark.shape[1] < min_run:
        return []
    # int16 holds any run on a page image (< 32,768 px) at half the memory of int32.
    sums = np.cumsum(np.pad(dark.astype(np.int16), ((0, 0), (1, 0))), axis=1, dtype=np.int16)
    full = (sums[:, min_run:] - sums[:, :-min_run]) == min_run  # run of min_run ends here
    runs: list[tuple[int, int, int]] = []  # (y, x0, x1) per pixel row
    for y in np.flatnonzero(full.any(axis=1)):
        ends = np.flatnonzero(full[y])
        # Consecutive window starts make one run: split where they break.
        breaks = np.flatnonzero(np.diff(ends) > 1)
        for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(ends) - 1], strict=True):
            runs.append((int(y), int(ends[a]), int(ends[b]) + min_run))
    merged: list[list[float]] = []  # [y_first, y_last, x0, x1]
    for y, x0, x1 in runs:
        below = next((s for s in reversed(merged) if y - s[1] <= 1
                      and x0 <= s[3] + TOLERANCE_PX and x1 >= s[2] - TOLERANCE_PX), None)
        if below is None:
            merged.append([y, y, x0, x1])
        else:  # the next pixel row of a stroke already begun
            below[1], below[2], below[3] = y, min(below[2], x0), max(below[3], x1)
    return [((a + b) / 2, x0, x1) for a, b, x0, x1 in merged if b - a + 1 <= MAX_THICKNESS_PX]
