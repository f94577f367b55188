"""crossings_to_cells gives pdfplumber's intersections_to_cells' cells, in its order.

Rulings are drawn as a grid of rows and columns, with cells merged across and down (a side
left out), a second table beside the first, a stray rule, and rulings that stop short of
the frame; pdfplumber's own steps make the crossings, and both functions read them.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from pdfplumber import table as plumber_table

from docparse.ingest.pdf_tables import crossings_to_cells


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {"object_type": "rect_edge", "orientation": orientation, "x0": x0, "x1": x1,
            "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top}


def _grid(xs: list[float], tops: list[float], missing: set[tuple[str, int, int]]
          ) -> list[dict[str, Any]]:
    """Rulings of a grid, each side of each cell an edge of its own, those in `missing`
    (("v", column line, row) or ("h", row line, column)) left out."""
    edges = []
    for line, x in enumerate(xs):
        for row in range(len(tops) - 1):
            if ("v", line, row) not in missing:
                edges.append(_edge("v", x, x, tops[row], tops[row + 1]))
    for line, top in enumerate(tops):
        for column in range(len(xs) - 1):
            if ("h", line, column) not in missing:
                edges.append(_edge("h", xs[column], xs[column + 1], top, top))
    return edges


def _crossings(edges: list[dict[str, Any]]) -> dict[Any, Any]:
    merged = plumber_table.merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3,
                                       join_x_tolerance=3, join_y_tolerance=3)
    return plumber_table.edges_to_intersections(merged, 3, 3)


def _random_grid(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    xs = sorted(rng.sample(range(40, 560, 7), rng.randint(2, 7)))
    tops = sorted(rng.sample(range(60, 780, 5), rng.randint(2, 12)))
    sides = [("v", line, row) for line in range(1, len(xs) - 1) for row in range(len(tops) - 1)]
    sides += [("h", line, col) for line in range(1, len(tops) - 1) for col in range(len(xs) - 1)]
    missing = set(rng.sample(sides, rng.randint(0, len(sides) // 3))) if sides else set()
    edges = _grid([float(x) for x in xs], [float(t) for t in tops], missing)
    if rng.random() < 0.5:  # a stray rule: a footnote separator or an underline
        edges.append(_edge("h", 60.0, 160.0, 790.0, 790.0))
    return edges


CASES = {
    "3 x 4 grid": _grid([50.0, 150.0, 300.0, 500.0], [100.0, 120.0, 160.0, 200.0, 260.0], set()),
    "cell merged across": _grid([50.0, 150.0, 300.0], [100.0, 120.0, 160.0], {("v", 1, 0)}),
    "cells merged down": _grid([50.0, 150.0, 300.0], [100.0, 120.0, 160.0, 200.0],
                               {("h", 1, 0), ("h", 2, 0)}),
    "two tables side by side": _grid([50.0, 120.0, 200.0], [100.0, 130.0, 160.0], set())
    + _grid([300.0, 380.0, 460.0], [100.0, 140.0, 180.0], set()),
    "one ruled box": _grid([50.0, 500.0], [100.0, 300.0], set()),
    **{f"random grid {seed}": _random_grid(seed) for seed in range(40)},
}


@pytest.mark.parametrize("edges", CASES.values(), ids=CASES.keys())
def test_cells_are_pdfplumbers(edges: list[dict[str, Any]]) -> None:
    crossings = _crossings(edges)
    assert crossings_to_cells(crossings) == plumber_table.intersections_to_cells(crossings)


def test_a_grid_gives_its_cells() -> None:
    cells = crossings_to_cells(_crossings(CASES["3 x 4 grid"]))
    assert len(cells) == 12
    assert cells[0] == (50.0, 100.0, 150.0, 120.0)
