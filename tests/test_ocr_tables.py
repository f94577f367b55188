"""Ruled tables found in page images: the grid from the strokes, words into cells."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from docparse.ingest.ocr import ocr_available
from docparse.ingest.ocr_tables import find_grids, grid_rows

ROOT = Path(__file__).resolve().parent.parent
needs_ocr = pytest.mark.skipif(ocr_available() is not None, reason=f"OCR: {ocr_available()}")


def _image(horizontal: list[tuple[int, int, int]], vertical: list[tuple[int, int, int]],
           size: tuple[int, int] = (800, 1000)) -> np.ndarray:
    """A binary image with 2 px strokes: horizontal (y, x0, x1), vertical (x, y0, y1)."""
    dark = np.zeros(size[::-1], dtype=bool)
    for y, x0, x1 in horizontal:
        dark[y:y + 2, x0:x1] = True
    for x, y0, y1 in vertical:
        dark[y0:y1, x:x + 2] = True
    return dark


def word(x: float, y: float, text: str, order: int) -> tuple[float, float, float, float, str, int]:
    return (x, y, x + 10 * len(text), y + 30, text, order)


def test_grid_with_merged_cells() -> None:
    # 3 columns (x 100, 300, 500, 700) and 3 rows (y 100, 200, 300, 400). Row 1 spans the
    # columns (no inner verticals there); column 2 is merged down over rows 2 and 3 (no
    # horizontal at y 300 between x 500 and 700).
    dark = _image(
        horizontal=[(100, 100, 702), (200, 100, 702), (300, 100, 500), (400, 100, 702)],
        vertical=[(100, 100, 400), (300, 200, 400), (500, 200, 400), (700, 100, 400)],
    )
    (grid,) = find_grids(dark)
    assert len(grid.xs) == 4 and len(grid.ys) == 4
    words = [word(120, 140, "I", 0), word(150, 140, "Nhóm", 1),
             word(120, 240, "1", 2), word(320, 240, "Xây", 3), word(360, 240, "dựng", 4),
             word(520, 280, "Phòng", 5), word(580, 280, "A", 6),  # the merged cell's words
             word(120, 340, "2", 7), word(320, 340, "Tập", 8), word(322, 343, "|", 9),
             word(900, 900, "ngoài", 10)]
    lines, used = grid_rows(grid, words, page=3, scale=0.36)
    assert [ln.cells for ln in lines] == [
        ["I Nhóm", "", ""],  # merged across: the text in the first column
        ["1", "Xây dựng", "Phòng A"],
        ["2", "Tập", "Phòng A"],  # merged down: the same text on each row
    ]
    assert lines[1].text == "1 | Xây dựng | Phòng A"
    assert 10 not in used and {0, 5, 9} <= used  # words outside the table stay lines
    assert lines[0].page == 3 and lines[0].ocr
    assert lines[0].bbox == (36.18, 36.18, 252.18, 72.18)  # the strokes' middles, in points


def test_strokes_that_make_no_table() -> None:
    # An underline and a footnote rule, no verticals: no grid. Text-like short strokes: none.
    dark = _image(horizontal=[(100, 300, 500), (900, 100, 300)], vertical=[(50, 500, 520)])
    assert find_grids(dark) == []
    # One row of two columns (a frame round a signature, say) is no table either.
    frame = _image(horizontal=[(100, 100, 702), (200, 100, 702)],
                   vertical=[(100, 100, 202), (400, 100, 202), (700, 100, 202)])
    assert find_grids(frame) == []


@needs_ocr
@pytest.mark.slow
def test_scanned_task_table_gives_tasks(tmp_path: Path) -> None:
    import pypdfium2

    from docparse.link.tasks import extract_tasks
    from docparse.pipeline import ParseOptions, parse_path

    pdf = pypdfium2.PdfDocument(str(ROOT / "corpus/pdf/006_written_ke_hoach_bang.pdf"))
    images = [page.render(scale=200 / 72, grayscale=True).to_pil() for page in pdf]
    pdf.close()
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, "PDF", save_all=True, append_images=images[1:], resolution=200)
    tasks = extract_tasks(parse_path(scan, ParseOptions(enrich=False)))
    assert [t.label_path for t in tasks] == ["PL1.1", "PL1.2", "PL1.3", "PL1.4"]
    assert tasks[0].partners == ["Sở Xây dựng", "Sở Tài chính"]
    assert [t.deadline.kind if t.deadline else None for t in tasks] == [
        "quarter", "month", "continuous", "date"]


@needs_ocr
@pytest.mark.slow
def test_searchable_scan_task_table_gives_tasks(tmp_path: Path) -> None:
    # The same plan as a searchable scan: its text layer is put into the grid of the image.
    from docparse.evaluation.corpus import CorpusFile, searchable_copies
    from docparse.link.tasks import extract_tasks
    from docparse.pipeline import ParseOptions, parse_path

    source = CorpusFile("006", "pdf", ROOT / "corpus/pdf/006_written_ke_hoach_bang.pdf")
    (copy,) = searchable_copies([source], tmp_path)
    tasks = extract_tasks(parse_path(copy.path, ParseOptions(enrich=False)))
    assert [t.label_path for t in tasks] == ["PL1.1", "PL1.2", "PL1.3", "PL1.4"]
    assert [t.partners for t in tasks[:2]] == [["Sở Xây dựng", "Sở Tài chính"],
                                               ["Văn phòng UBND tỉnh"]]
    assert not any("|" in unit for t in tasks for unit in t.units)  # rules read as "|" dropped
