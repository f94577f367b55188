"""Ruling edges of a PDF page from its path objects, read through pdfium.

Horizontal and vertical edges as pdfplumber's edge dicts (top-down coordinates from the
page's top-left corner), for the footnote rule and for ruled tables: a thin path is a rule,
a stroked rectangle gives its four sides, a path of many thin boxes (a table's rules drawn
as one "re re re" path) one edge per box; a white or invisible path draws nothing, a Bézier
curve no rule. Forms are read into, a few levels deep.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Collection
from typing import Any

import pypdfium2.raw as pdfium_c

from docparse.ingest.pdfium_calls import (
    DRAW_MODE,
    FFI,
    FILL_COLOUR,
    FORM_COUNT,
    FORM_OBJECT,
    OBJECT_BOUNDS,
    OBJECT_MATRIX,
    OBJECT_TYPE,
    PAGE_OBJECT,
    SEGMENT,
    SEGMENT_COUNT,
    SEGMENT_POINT,
    SEGMENT_TYPE,
    STROKE_COLOUR,
)

THIN = 2.0  # a path this thin (points) is a rule, whatever its fill
MAX_FORM_DEPTH = 3  # page content wrapped in forms: read this deep, no deeper


def page_edges(page: Any, left: float, top: float, text_objects: Collection[int] = ()
               ) -> list[dict[str, Any]]:
    """Horizontal and vertical edges of the page's paths (pdfplumber's edge dicts).
    `text_objects`: page objects known to be text, passed over without asking their type."""
    out: list[dict[str, Any]] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = pdfium_c.FPDFPage_CountObjects(page)
    address = ctypes.cast(page, ctypes.c_void_p).value
    for i in range(count):
        obj = PAGE_OBJECT(address, i)
        # Most objects are text, most of them known so from the characters.
        if obj not in text_objects and OBJECT_TYPE(obj) in (pdfium_c.FPDF_PAGEOBJ_FORM,
                                                            pdfium_c.FPDF_PAGEOBJ_PATH):
            _object_edges(obj, identity, left, top, out, 0)
    return out


def _object_edges(obj: int, outer: tuple[float, ...], left: float, top: float,
                  out: list[dict[str, Any]], depth: int) -> None:
    kind = OBJECT_TYPE(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
        inner = _compose(_own_matrix(obj), outer)
        for k in range(FORM_COUNT(obj)):
            _object_edges(FORM_OBJECT(obj, k), inner, left, top, out, depth + 1)
        return
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return
    filled, stroked = _paint(obj)
    if not (filled or stroked):
        return  # a clipping path or an invisible one
    if SEGMENT_COUNT(obj) > 5:
        # Several rectangles in one path ("re re re": a table's rules drawn as thin filled
        # boxes, one path for many): each is an edge of its own.
        for box in _subpath_boxes(obj, outer):
            x0, x1 = sorted((box[0] - left, box[2] - left))
            y0, y1 = sorted((top - box[1], top - box[3]))
            _box_edges(x0, y0, x1, y1, out, frame=False)
        return
    low_x, low_y, high_x, high_y = _BOUNDS
    if not OBJECT_BOUNDS(obj, low_x, low_y, high_x, high_y):
        return
    x0, y0 = _apply(outer, low_x[0], low_y[0])
    x1, y1 = _apply(outer, high_x[0], high_y[0])
    x0, x1 = sorted((x0 - left, x1 - left))
    y0, y1 = sorted((top - y0, top - y1))  # now top-down: y0 is the top
    _box_edges(x0, y0, x1, y1, out, frame=stroked and _is_rectangle(obj))


def _own_matrix(obj: int) -> tuple[float, ...]:
    if OBJECT_MATRIX(obj, _MATRIX):
        m = _MATRIX
        return (m.a, m.b, m.c, m.d, m.e, m.f)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _box_edges(x0: float, y0: float, x1: float, y1: float, out: list[dict[str, Any]], *,
               frame: bool) -> None:
    """The edges a painted box draws: a rule when it is thin, its four sides when it is a
    frame."""
    if y1 - y0 <= THIN and x1 - x0 > THIN:
        out.append({**_edge("h", x0, x1, (y0 + y1) / 2, (y0 + y1) / 2), "rule": True})
    elif x1 - x0 <= THIN and y1 - y0 > THIN:
        out.append(_edge("v", (x0 + x1) / 2, (x0 + x1) / 2, y0, y1))
    elif x1 - x0 > THIN and y1 - y0 > THIN and frame:
        # A framed box; a filled one without a frame is a cell's shading, not its borders.
        out.extend([_edge("h", x0, x1, y0, y0), _edge("h", x0, x1, y1, y1),
                     _edge("v", x0, x0, y0, y1), _edge("v", x1, x1, y0, y1)])


def _subpath_boxes(obj: int, outer: tuple[float, ...]) -> list[tuple[float, float, float, float]]:
    """The bounding box (x0, y0, x1, y1, page space) of each subpath of a path object whose
    subpaths are all straight (a Bézier curve draws no rule: none for it)."""
    transform = _compose(_own_matrix(obj), outer)
    x, y = _POINT
    boxes: list[tuple[float, float, float, float]] = []
    points: list[tuple[float, float]] = []
    for k in range(SEGMENT_COUNT(obj)):
        segment = SEGMENT(obj, k)
        kind = SEGMENT_TYPE(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return []
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:
            boxes.append(_bounds(points))
            points = []
        SEGMENT_POINT(segment, x, y)
        points.append(_apply(transform, x[0], y[0]))
    if points:
        boxes.append(_bounds(points))
    return boxes


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _paint(obj: int) -> tuple[bool, bool]:
    """(filled, stroked) with a visible colour: white paint on white paper draws nothing."""
    mode, stroke = _DRAW_MODE_OUT
    if not DRAW_MODE(obj, mode, stroke):
        return False, False
    return (mode[0] != 0 and not _white(obj, FILL_COLOUR),
            bool(stroke[0]) and not _white(obj, STROKE_COLOUR))


def _white(obj: int, get_colour: Any) -> bool:
    red, green, blue, alpha = _COLOUR
    if not get_colour(obj, red, green, blue, alpha):
        return False
    return alpha[0] == 0 or min(red[0], green[0], blue[0]) >= 250


def _is_rectangle(obj: int) -> bool:
    """A closed path of four axis-parallel sides (how Word draws a cell's frame)."""
    segments = SEGMENT_COUNT(obj)
    if segments not in (4, 5):
        return False
    x, y = _POINT
    points = []
    for k in range(segments):
        segment = SEGMENT(obj, k)
        if SEGMENT_TYPE(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return False
        SEGMENT_POINT(segment, x, y)
        points.append((round(x[0], 1), round(y[0], 1)))
    points.append(points[0])
    return all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points))


# Out-parameters of the calls, allocated once.
_BOUNDS = tuple(FFI.new("float*") for _ in range(4))
_POINT = tuple(FFI.new("float*") for _ in range(2))
_DRAW_MODE_OUT = tuple(FFI.new("int*") for _ in range(2))
_COLOUR = tuple(FFI.new("unsigned int*") for _ in range(4))
_MATRIX = FFI.new("FS_MATRIX*")


def _edge(orientation: str, x0: float, x1: float, y0: float, y1: float) -> dict[str, Any]:
    return {"object_type": "rect_edge", "orientation": orientation, "x0": x0, "x1": x1,
            "top": y0, "bottom": y1, "doctop": y0, "width": x1 - x0, "height": y1 - y0}


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f
