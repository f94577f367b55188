"""Pages without a text layer (scanned) -> lines, by OCR (Tesseract, Vietnamese model).

Older and paper-first documents are published as page images. Each such page is
rendered (pypdfium2, the renderer pdfplumber ships with), read by Tesseract with its
`vie` model (pytesseract), and its words grouped into lines with positions in PDF
points, so layout and structure treat them like any other page. What OCR cannot
give is left unset: no bold or italic, no footnote markers (a superscript is read
as a character glued to its word: layout.ocr_anchors matches those to the footnotes),
no table cells. Font sizes are estimated from word heights
and snapped to the body size, so that only clearly smaller lines (footnotes) or
larger ones stand out.

Needs the `tesseract` program with the Vietnamese data (Debian: tesseract-ocr
tesseract-ocr-vie); without it a scanned PDF is refused with a message saying so.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docparse.ingest.lines import Line
from docparse.ingest.ocr_tables import (
    WORD_HEIGHT_EM,
    Grid,
    GridTable,
    find_grids,
    grid_rows,
    grid_table,
)

LANGUAGE = "vie"
DPI = 200  # enough for 13-14 pt body text and 10 pt footnotes; 300 doubles the time
MIN_CONFIDENCE = 10  # Tesseract's word confidence (0-100) below which a "word" is noise
# A gap wider than this many font sizes separates columns. Wider than pdf.py's: OCR has
# no space glyphs, so the blanks of "Số:      /KH-UBND" and "ngày    tháng    năm" are
# gaps of two sizes or so, while the header's columns are three or more apart.
COLUMN_GAP = 3.0
# "I.MỤC", "2.Tăng", "4.1.Tham": a label glued to the word after it.
GLUED_LABEL = re.compile(r"^((?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3})\.)(?=[^\W\d_])")
SNAP = 0.12  # sizes within this fraction of the body size are the body size
# Mean word confidence of an upright page is 90 or more; a page read sideways gives about 40
# (gibberish read with doubt). Below this, orientation detection is asked (1.4 s a page).
SURE_TEXT = 60.0
MIN_ORIENTATION_CONF = 2.0
# Skew is measured on the page shrunk to this width (0.3 s a page; 0.05 degree steps) and
# corrected from this angle up (under it a line drifts less than a pixel row per 600 px).
SKEW_WIDTH_PX = 600
MIN_SKEW_DEGREES = 0.1  # Tesseract's OSD confidence under which its answer is a guess


@cache
def ocr_available() -> str | None:
    """None when OCR can run, else what is missing (for the error message)."""
    if shutil.which("tesseract") is None:
        return "the tesseract program (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        import pytesseract
    except ImportError:
        return "the pytesseract package (pip install pytesseract)"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken install: say so instead of failing later
        return f"a working tesseract ({exc})"
    if LANGUAGE not in languages:
        return "Tesseract's Vietnamese data (Debian: apt-get install tesseract-ocr-vie)"
    return None


@dataclass
class OcrPage:
    """What OCR read on a page: lines and short rules (y, points) in the page as read, and
    its size then (a page scanned sideways is read turned upright: width and height swap)."""

    lines: list[Line]
    rules: list[float]
    width: float
    height: float
    turned: int = 0  # degrees the image was turned to read it


def ocr_page(path: Path, index: int, number: int, *, dpi: int = DPI) -> OcrPage:
    """Page `index` (0-based) of the PDF at `path`, numbered `number`, read by OCR. A page
    whose words come out unsure (a landscape table scanned sideways, a page upside down) is
    turned the way Tesseract's orientation detection says and read again."""
    import numpy as np

    image = straighten(_render(path, index, dpi))
    data, sure = _read(image)
    turned = 0
    if sure < SURE_TEXT:
        turn = _orientation(image)
        if turn:
            upright = image.rotate(-turn, expand=True)  # PIL turns counter-clockwise
            again, sure_again = _read(upright)
            if sure_again > sure:
                image, data, turned = upright, again, turn
    scale = 72 / dpi
    dark = np.asarray(image.convert("L")) < 128
    grids = find_grids(dark)
    rules = _outside(grids, short_rules(dark, scale), scale)
    tables: list[Line] = []
    for grid in grids:  # ruled tables: a line per row, with its cells
        rows, used = grid_rows(grid, _words(data), number, scale)
        tables.extend(rows)
        data = {key: [v for i, v in enumerate(values) if i not in used]
                for key, values in data.items()}
    lines = sorted([*tables, *lines_from_words(data, number, scale, rules)],
                   key=lambda ln: (round(ln.bbox[1]) if ln.bbox else 0,
                                   ln.bbox[0] if ln.bbox else 0))
    return OcrPage(lines, rules, image.width * scale, image.height * scale, turned)


def _words(data: dict[str, list[Any]]) -> list[tuple[float, float, float, float, str, int]]:
    """Tesseract's words in pixels, as ocr_tables reads them (noise kept: its index matters)."""
    out = []
    for i, word in enumerate(data["text"]):
        text = str(word).strip()
        if not text or float(data["conf"][i]) < MIN_CONFIDENCE:
            text = ""
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append((float(x), float(y), float(x + w), float(y + h), text, i))
    return out


def straighten(image: Any) -> Any:
    """The page image turned straight when it was fed askew: a rule or a table border then
    runs along a pixel row, as the footnote rule and table grids need, and Tesseract reads it
    better (on 7 scans turned by up to 1 degree, with noise: headings F1 0.784 -> 0.838,
    footnotes 0.156 -> 0.382, paragraphs 0.879 -> 0.952)."""
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW_DEGREES:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def skew_angle(image: Any) -> float:
    """Degrees (counter-clockwise, PIL's sense) that straighten the page (a sheet fed askew),
    within +-3: the angle whose row profile is sharpest."""
    import numpy as np
    from PIL import Image

    small = image.convert("L")
    small = small.resize((SKEW_WIDTH_PX, max(1, round(small.height * SKEW_WIDTH_PX
                                                         / small.width))))
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR),
                          dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.2, best + 0.21, 0.05), key=sharpness))


def _read(image: Any) -> tuple[dict[str, list[Any]], float]:
    """Tesseract's word table, and its mean word confidence (0-100)."""
    import pytesseract

    # Tesseract's OpenMP threads cost more than they give on a page (5x on two cores).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        image, lang=LANGUAGE, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    confidences = [float(c) for w, c in zip(data["text"], data["conf"], strict=True)
                   if str(w).strip()]
    return data, statistics.mean(confidences) if confidences else 0.0


def _orientation(image: Any) -> int:
    """Degrees (clockwise) to turn the image upright, by Tesseract's OSD; 0 when unsure."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except Exception:  # no osd data, or too little text to tell
        return 0
    turn = int(osd.get("rotate", 0)) % 360
    return turn if turn and float(osd.get("orientation_conf", 0)) >= MIN_ORIENTATION_CONF else 0


@dataclass
class ImageLayout:
    """What a page image shows that a searchable scan's text layer lacks: the short rules
    (the footnote separator) and the ruled tables, in PDF points."""

    rules: list[float]
    tables: list[GridTable]


def image_layout(path: Path, index: int, *, dpi: int = DPI) -> ImageLayout:
    import numpy as np

    scale = 72 / dpi
    dark = np.asarray(_render(path, index, dpi).convert("L")) < 128
    grids = find_grids(dark)
    return ImageLayout(_outside(grids, short_rules(dark, scale), scale),
                       [grid_table(g, scale) for g in grids])


def _outside(grids: list[Grid], rules: list[float], scale: float) -> list[float]:
    """Rules (y, points) that are not a table's borders."""
    return [y for y in rules
            if not any(g.ys[0] * scale - 1 <= y <= g.ys[-1] * scale + 1 for g in grids)]


def _render(path: Path, index: int, dpi: int) -> Any:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def short_rules(dark: Any, scale: float) -> list[float]:
    """y (points) of thin horizontal strokes 20 pt to 60 % of the page wide, alone on their
    pixel rows: what pdf.py reads from the drawing as the footnote separator."""
    import numpy as np

    height, width = dark.shape
    counts = dark.sum(axis=1)
    found: list[float] = []
    for y in np.flatnonzero((counts >= 20 / scale) & (counts < 0.6 * width)):
        xs = np.flatnonzero(dark[y])
        if xs[-1] - xs[0] + 1 > 1.05 * xs.size:  # not one unbroken stroke: text
            continue
        band = dark[max(0, y - 4) : min(height, y + 5), xs[0] : xs[-1] + 1]
        thick = int((band.mean(axis=1) > 0.5).sum())
        if thick <= 3 and (not found or y * scale - found[-1] > 2):
            found.append(round(float(y * scale), 2))
    return found


def lines_from_words(
    data: dict[str, list[Any]], page: int, scale: float, rules: list[float] | None = None
) -> list[Line]:
    """Tesseract's word table (image_to_data) -> lines in PDF points, split at column gaps.
    Words just under a rule (the footnote separator) often take it into their boxes: the
    line's top is put back under it."""
    groups: dict[tuple[int, int, int], list[tuple[float, float, float, float, str]]] = (
        defaultdict(list)
    )
    for i, word in enumerate(data["text"]):
        text = str(word).strip()
        if not text or float(data["conf"][i]) < MIN_CONFIDENCE:
            continue
        x, y = data["left"][i] * scale, data["top"][i] * scale
        w, h = data["width"][i] * scale, data["height"][i] * scale
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups[key].append((x, y, x + w, y + h, text))
    out: list[Line] = []
    for words in groups.values():
        for rule in rules or ():
            tops = sorted(w[1] for w in words)
            if tops[0] <= rule < tops[len(tops) // 2]:
                words = [(x0, max(t, rule + 0.5), x1, b, text) for x0, t, x1, b, text in words]
        words.sort()
        heights = sorted(w[3] - w[1] for w in words)
        # Boxes stretched by a rule or a stain above the text are outliers: leave them out.
        heights = [h for h in heights if h <= 1.6 * heights[len(heights) // 2]]
        size = heights[(3 * len(heights)) // 4] / WORD_HEIGHT_EM
        segment = [words[0]]
        for prev, word in itertools.pairwise(words):
            if word[0] - prev[2] > COLUMN_GAP * size:
                out.append(_line(segment, page, size))
                segment = []
            segment.append(word)
        out.append(_line(segment, page, size))
    out.sort(key=lambda ln: (round(ln.bbox[1]) if ln.bbox else 0, ln.bbox[0] if ln.bbox else 0))
    return out


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
# The first token of an upper-case heading that may be a Roman label as OCR reads one:
# "L MỤC ĐÍCH" (I.), "IL NHIỆM VỤ" (II.), "Ill." (III.).
ROMAN_LIKE = re.compile(r"^([IVXlL|!]{1,5})([.,:]?)\s+(?=\S)")


def repair_labels(lines: list[Line]) -> None:
    """Roman heading labels as OCR garbles them, in reading order: letters that look like
    I read as I, the dot put back, and a label that repeats the one before ("II", "II")
    taken for the next ("III"): a document's parts run in sequence."""
    previous: int | None = None
    for line in lines:
        m = ROMAN_LIKE.match(line.text)
        rest = line.text[m.end():] if m else ""
        if m is None or not _upper(rest):
            continue
        value = re.sub(r"[lL|!]", "I", m.group(1))
        if value not in ROMAN:
            continue
        index = ROMAN.index(value)
        if index == previous and index + 1 < len(ROMAN):
            index += 1
        if m.group().strip() != f"{ROMAN[index]}.":
            line.text = f"{ROMAN[index]}. {rest}"
        previous = index


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def snap_sizes(lines: list[Line]) -> None:
    """Estimated sizes near the body size become the body size (it is the most common)."""
    sizes = [ln.size for ln in lines if ln.size]
    if not sizes:
        return
    body = statistics.median(sizes)
    for line in lines:
        if line.size and abs(line.size - body) <= SNAP * body:
            line.size = round(body, 1)


def _line(words: list[tuple[float, float, float, float, str]], page: int, size: float) -> Line:
    text = unicodedata.normalize("NFC", " ".join(w[4] for w in words))
    bbox = (round(min(w[0] for w in words), 2), round(min(w[1] for w in words), 2),
            round(max(w[2] for w in words), 2), round(max(w[3] for w in words), 2))
    return Line(text=_spaced_label(text), page=page, bbox=bbox, size=round(size, 1), ocr=True)


def _spaced_label(text: str) -> str:
    """OCR often drops the space after a heading label: "I.MỤC ĐÍCH" -> "I. MỤC ĐÍCH"."""
    return GLUED_LABEL.sub(r"\1 ", text, count=1)
