"""Ruled tables of a PDF page -> one line per row, with its cells.

Read line by line, a table interleaves its columns: "Nội dung nhiệm Cơ quan chủ trì
Cơ quan phối" and then "vụ", "hợp". Plans assign their tasks in such tables (STT,
Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian), so every cell is read on
its own (its lines joined) and a row becomes one `Line` with `cells`.

Only tables drawn with ruling lines are taken (pdfplumber's "lines" strategy): the
header and signature "tables" of Decree 30 documents have no borders and are left
to the line reader, which splits them into columns. The rulings come from pdfium's
path objects (docparse.ingest.pdfium_pages); pdfplumber's table algorithm (snap and
join the edges, intersect them, find the cells, group them into tables) runs on them,
so no page is parsed a second time. Its cell step is done here the same way (the same
cells in the same order), only faster: crossings_to_cells.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Callable
from typing import Any

from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges, obj_to_bbox

from docparse.ingest.lines import CELL_SEPARATOR, Line, Marker, join_lines, through_last

BBox = tuple[float, float, float, float]
# Make lines out of a cell's characters (pdf.py's grouping and segmenting).
LineMaker = Callable[[list[dict[str, Any]], int], list[Line]]

MIN_ROWS = 2
MIN_COLUMNS = 2
# A table row alone on a page (the end of a row split by the page break, or a last row) is
# still a table when it has this many columns: a ruled box of 2 columns may be a frame.
MIN_COLUMNS_ONE_ROW = 3


def find_tables(edges: list[dict[str, Any]]) -> list[Any]:
    """Ruled tables of at least two rows and two columns, or one row of three, among the
    page's ruling edges (pdfplumber's edge dicts, top-down coordinates)."""
    if sum(e["orientation"] == "v" for e in edges) < 2 or \
            sum(e["orientation"] == "h" for e in edges) < 2:
        return []  # no grid: most pages of running text
    settings = plumber_table.TableSettings.resolve(None)
    try:
        merged = plumber_table.merge_edges(
            filter_edges(edges, min_length=settings.edge_min_length_prefilter),
            snap_x_tolerance=settings.snap_x_tolerance,
            snap_y_tolerance=settings.snap_y_tolerance,
            join_x_tolerance=settings.join_x_tolerance,
            join_y_tolerance=settings.join_y_tolerance,
        )
        merged = filter_edges(merged, min_length=settings.edge_min_length)
        crossings = plumber_table.edges_to_intersections(
            merged, settings.intersection_x_tolerance, settings.intersection_y_tolerance)
        cells = crossings_to_cells(crossings)
        tables = [plumber_table.Table(None, group)  # type: ignore[arg-type]
                  for group in plumber_table.cells_to_tables(cells)]
    except Exception:  # a malformed drawing must not cost the page its text
        return []
    return [
        t for t in tables if t.rows and max(len(r.cells) for r in t.rows) >= (
            MIN_COLUMNS if len(t.rows) >= MIN_ROWS else MIN_COLUMNS_ONE_ROW)
    ]


def crossings_to_cells(crossings: dict[tuple[float, float], dict[str, list[Any]]]
                       ) -> list[BBox]:
    """pdfplumber's intersections_to_cells, the same cells in the same order, found faster:
    the edges through each crossing are made a set once rather than at every test (there
    they were most of the time of finding a page's tables), and the crossings below and
    right of each one are looked up, not searched for among all that follow it.

    For each crossing in (x, top) order, the smallest cell it is the top-left corner of: the
    first crossing below joined to it by an edge, the first right of it, and the crossing at
    the fourth corner joined to both."""
    through = {point: (set(map(obj_to_bbox, edges["v"])), set(map(obj_to_bbox, edges["h"])))
               for point, edges in crossings.items()}

    def joined(one: tuple[float, float], other: tuple[float, float]) -> bool:
        return ((one[0] == other[0] and not through[one][0].isdisjoint(through[other][0]))
                or (one[1] == other[1] and not through[one][1].isdisjoint(through[other][1])))

    points = sorted(crossings)
    by_x: dict[float, list[tuple[float, float]]] = {}
    by_top: dict[float, list[tuple[float, float]]] = {}
    for point in points:  # each column's crossings top down, each row's left to right
        by_x.setdefault(point[0], []).append(point)
        by_top.setdefault(point[1], []).append(point)
    cells: list[BBox] = []
    for corner in points:
        column, row = by_x[corner[0]], by_top[corner[1]]
        below = column[bisect.bisect_right(column, corner):]
        right = row[bisect.bisect_right(row, corner):]
        cell = _smallest_cell(corner, below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(corner: tuple[float, float], below: list[tuple[float, float]],
                   right: list[tuple[float, float]], crossings: dict[Any, Any],
                   joined: Callable[[tuple[float, float], tuple[float, float]], bool]
                   ) -> BBox | None:
    for low in below:
        if not joined(corner, low):
            continue
        for side in right:
            if not joined(corner, side):
                continue
            far = (side[0], low[1])
            if far in crossings and joined(far, side) and joined(far, low):
                return (corner[0], corner[1], far[0], far[1])
    return None


def inside(char: dict[str, Any], box: BBox) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def partition(
    chars: list[dict[str, Any]], boxes: list[BBox]
) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    """The characters inside each box (the first that holds a character's centre), and
    the rest: one pass, whatever the number of tables."""
    if not boxes:
        return [], list(chars)
    inner: list[list[dict[str, Any]]] = [[] for _ in boxes]
    rest: list[dict[str, Any]] = []
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        for k, (x0, y0, x1, y1) in enumerate(boxes):
            if x0 <= x <= x1 and y0 <= y <= y1:
                inner[k].append(char)
                break
        else:
            rest.append(char)
    return inner, rest


def table_lines(
    table: Any, mine: list[dict[str, Any]], page: int, make_lines: LineMaker
) -> list[Line]:
    """One Line per row that has text (`mine`: the table's characters): cells in column
    order, each cell's lines joined."""
    out: list[Line] = []
    # Cells merged down over the rows below: column -> (bottom, text). A task table
    # merges "Cơ quan chủ trì" over the rows of one unit; each of those rows is its task.
    merged_down: dict[int, tuple[float, str]] = {}
    # The characters by the height of their centre, to take each row's out by bisection
    # (a long table has hundreds of rows), then put back in drawing order.
    centres = sorted(((c["top"] + c["bottom"]) / 2, k) for k, c in enumerate(mine))
    heights = [y for y, _ in centres]
    for row in table.rows:
        cells: list[str] = []
        markers: list[Marker] = []
        row_chars: list[dict[str, Any]] = []
        # A row's own bottom: its lowest unmerged cell's (its bbox spans the merged ones).
        bottom = min(c[3] for c in row.cells if c is not None)
        top, low = row.bbox[1], row.bbox[3]
        in_row = [mine[k] for k in sorted(k for _, k in centres[
            bisect.bisect_left(heights, top) : bisect.bisect_right(heights, low)])]
        by_cell = _by_cell(in_row, row.cells)
        for column, box in enumerate(row.cells):
            if box is None:  # part of a merged cell: the text above, or none (merged across)
                above = merged_down.get(column)
                cells.append(above[1] if above and above[0] > row.bbox[1] + 1 else "")
                continue
            cell_chars = by_cell[column]
            row_chars.extend(cell_chars)
            lines = make_lines(cell_chars, page) if cell_chars else []
            lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]) if ln.bbox else (0.0, 0.0))
            text, cell_markers = join_lines(lines)
            base = sum(len(c) + len(CELL_SEPARATOR) for c in cells)
            markers.extend(Marker(offset=base + m.offset, number=m.number) for m in cell_markers)
            cells.append(text)
            if box[3] > bottom + 1:
                merged_down[column] = (box[3], text)
        if not any(cells):
            continue
        box = row.bbox
        out.append(Line(
            text=CELL_SEPARATOR.join(through_last(cells)),
            page=page,
            bbox=(round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2)),
            size=round(statistics.median(c["size"] for c in row_chars), 2),
            font=None,
            markers=markers,
            cells=cells,
        ))
    return out


def _by_cell(chars: list[dict[str, Any]], boxes: list[BBox | None]) -> list[list[dict[str, Any]]]:
    """The characters whose centre each cell's box holds (`inside`), in one pass."""
    out: list[list[dict[str, Any]]] = [[] for _ in boxes]
    live = [(k, *box) for k, box in enumerate(boxes) if box is not None]
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        for k, x0, y0, x1, y1 in live:
            if x0 <= x <= x1 and y0 <= y <= y1:
                out[k].append(char)
    return out


def outside_tables(items: list[float], tables: list[Any]) -> list[float]:
    """Rule positions (y) that are not borders of a table."""
    return [y for y in items if not any(t.bbox[1] - 1 <= y <= t.bbox[3] + 1 for t in tables)]
