"""Layout for PDFs: drop page furniture, separate the footnote area, mark layout facts.

The footnote area is what lies under the short separator rule near the page bottom in a
smaller font (Word and LibreOffice both draw that rule); without a rule, the trailing run
of small-font lines that starts with a footnote number is taken instead.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

from docparse.ingest.lines import Line, Page, RawDocument
from docparse.layout.model import LaidOut, RawFootnote
from docparse.layout.ocr_anchors import place_ocr_anchors

PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*-)?(?:\s*/\s*\d{1,4})?$", re.I)
FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# OCR reads a raised footnote number as whatever it looks like: "° Trong", "* Các",
# "'5 Văn bản", "1“ Văn bản", "!°'Trong": up to three such signs before a capital.
OCR_NOTE_START = re.compile(r"^(?:[^\w\s]|\d){1,3}\s*(\S.*)$")
# Signs that are nothing but a misread raised number ("* Khối", "° Trong"), never the start of
# a continued sentence (unlike a quote or a parenthesis): after one or two of them a note starts
# even when the one before ends without a stop.
RAISED_SIGNS = "*°^`´"
# A misread number, a space, then a note that opens with a figure: "” 100% các trường".
SIGN_THEN_FIGURE = re.compile(r"^[^\w\s]{1,2}\s+(\d.*)$")
FINISHED = re.compile(r"""[.;!?…"”’)]\s*$""")
# The visible stamp some signing tools print on the page: never body text.
SIGNING_STAMP = re.compile(
    r"^(Ký bởi|Người ký|Thời gian ký|Ngày ký|Signed by|Signature valid)\b", re.I
)
TOP_ZONE = 0.09  # fraction of page height holding running headers and page numbers
BOTTOM_ZONE = 0.06


def lay_out_pdf(raw: RawDocument) -> LaidOut:
    body_size = _body_size(raw.pages)
    repeated = _repeated_furniture(raw.pages)
    bodies: list[list[Line]] = []
    areas: list[list[Line]] = []
    for page in raw.pages:
        lines = [ln for ln in page.lines if not _is_furniture(ln, page, repeated)]
        page_body, page_notes = _split_footnote_area(lines, page, body_size)
        bodies.append(page_body)
        areas.append(page_notes)
    # Word and LibreOffice set the number in the footnote area as a superscript; where they
    # did, only superscripts start footnotes, so "02/12/2021" at a line start never does.
    marked = any(ln.markers and ln.markers[0].offset == 0 for area in areas for ln in area)
    footnotes: list[RawFootnote] = []
    body: list[Line] = []
    for page_body, area in zip(bodies, areas, strict=True):
        # Lines under a rule that no footnote can take (a signature block under a link's
        # underline) were never a footnote area: they stay in the body, nothing is lost.
        body.extend(page_body)
        body.extend(_collect_footnotes(area, footnotes, marked=marked))
    if not marked:
        place_ocr_anchors(body, footnotes)  # scanned pages: the raised numbers OCR flattened
    _mark_geometry(body, raw.pages, body_size)
    return LaidOut(
        format=raw.format,
        lines=body,
        footnotes=footnotes,
        page_count=len(raw.pages),
        body_size=body_size,
        warnings=list(raw.warnings),
    )


def _body_size(pages: list[Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if line.size:
                weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 12.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_furniture(pages: list[Page]) -> set[str]:
    """Texts in the top/bottom margin repeated on most pages: running headers/footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {
            _furniture_key(ln.text)
            for ln in page.lines
            if ln.bbox and page.height and _in_margin(ln, page)
        }
        counts.update(keys)
    return {key for key, n in counts.items() if n >= max(3, 0.6 * len(pages))}


def _in_margin(line: Line, page: Page) -> bool:
    assert line.bbox and page.height
    return line.bbox[3] < TOP_ZONE * page.height or line.bbox[1] > (1 - BOTTOM_ZONE) * page.height


def _is_furniture(line: Line, page: Page, repeated: set[str]) -> bool:
    if SIGNING_STAMP.match(line.text.strip()):
        return True
    if not line.bbox or not page.height:
        return False
    if not _in_margin(line, page):
        return False
    return bool(PAGE_NUMBER.match(line.text.strip())) or _furniture_key(line.text) in repeated


def _split_footnote_area(
    lines: list[Line], page: Page, body_size: float
) -> tuple[list[Line], list[Line]]:
    if not lines or not page.height:
        return lines, []
    small = [ln for ln in lines if ln.size and ln.size < body_size - 0.4]
    if not small:
        return lines, []
    rule_y = None
    for y in page.rules:
        below = [ln for ln in lines if ln.bbox and ln.bbox[1] > y]
        small_below = [ln for ln in below if ln.size and ln.size < body_size - 0.4]
        if y > 0.4 * page.height and below and len(small_below) >= 0.8 * len(below):
            rule_y = y
            break
    if rule_y is None:
        # No rule: the trailing run of small lines that starts with a footnote number.
        start = len(lines)
        for index in range(len(lines) - 1, -1, -1):
            ln = lines[index]
            if ln.size and ln.size < body_size - 0.4:
                start = index
            else:
                break
        run = lines[start:]
        if not run or not (run[0].markers or FOOTNOTE_START.match(run[0].text)):
            return lines, []
        return lines[:start], run
    body = [ln for ln in lines if not ln.bbox or ln.bbox[1] < rule_y]
    notes = [ln for ln in lines if ln.bbox and ln.bbox[1] >= rule_y]
    return body, notes


def _collect_footnotes(
    lines: list[Line], footnotes: list[RawFootnote], *, marked: bool
) -> list[Line]:
    """Footnote lines -> footnotes; a first line without a number continues the last one.
    Returns the lines no footnote could take (an area that opens with no number and no
    note to continue is not a footnote area)."""
    orphans: list[Line] = []
    for line in lines:
        if orphans:
            orphans.append(line)
            continue
        expected = footnotes[-1].number + 1 if footnotes else 1
        number = None
        text = line.text
        if line.markers and line.markers[0].offset == 0:
            number = line.markers[0].number
        elif not marked:
            match = FOOTNOTE_START.match(text)
            finished = not footnotes or bool(FINISHED.search(footnotes[-1].lines[-1].text))
            if match and int(match.group(1)) == expected and (
                    finished or (line.ocr and match.group(2)[:1].isupper())):
                number, text = int(match.group(1)), match.group(2)
            elif (line.ocr and (garbled := OCR_NOTE_START.match(text))
                  and garbled.group(1)[:1].isupper()
                  and (finished or _raised_signs(text[: garbled.start(1)]))):
                number, text = expected, garbled.group(1)  # "° Trong kỳ": a raised 5 misread
            elif line.ocr and finished and (figure := SIGN_THEN_FIGURE.match(text)):
                number, text = expected, figure.group(1)
            elif line.ocr and finished and line is lines[0] and text[:1].isupper():
                number = expected  # the area opens with a sentence: its number was not read
        if number is not None and (number == expected or not footnotes):
            footnotes.append(RawFootnote(number, [_copy(line, text)]))
        elif footnotes and line is lines[0] and FINISHED.search(footnotes[-1].lines[-1].text):
            orphans.append(line)  # the last note was finished: this area continues nothing
        elif footnotes:
            footnotes[-1].lines.append(_copy(line, text))
        else:
            orphans.append(line)
    return orphans


def _raised_signs(prefix: str) -> bool:
    prefix = prefix.strip()
    return 0 < len(prefix) <= 2 and all(c in RAISED_SIGNS for c in prefix)


def _copy(line: Line, text: str) -> Line:
    return Line(text=text.strip(), page=line.page, bbox=line.bbox, size=line.size, ocr=line.ocr)


def _column_edges(lines: list[Line], body_size: float) -> tuple[float, float] | None:
    """Left and right edges of the text column: the usual start and the far end of lines."""
    main = [ln for ln in lines if ln.bbox and ln.size and abs(ln.size - body_size) < 1.0]
    if len(main) < 3:
        return None
    lefts = Counter(round(ln.bbox[0]) for ln in main if ln.bbox)
    top_count = lefts.most_common(1)[0][1]
    left = min(x for x, n in lefts.items() if n >= 0.3 * top_count)
    right = sorted(ln.bbox[2] for ln in main if ln.bbox)[int(0.9 * (len(main) - 1))]
    return float(left), float(right)


def _mark_geometry(body: list[Line], pages: list[Page], body_size: float) -> None:
    """Indent, full width, gap above and centring, from each page's own column edges
    (mirrored margins move the column from page to page)."""
    overall = _column_edges(body, body_size)
    if overall is None:
        return
    by_page: dict[int | None, list[Line]] = {}
    for line in body:
        by_page.setdefault(line.page, []).append(line)
    pitches = [
        b.bbox[1] - a.bbox[1]
        for a, b in itertools.pairwise(body)
        if a.bbox and b.bbox and a.page == b.page and 0 < b.bbox[1] - a.bbox[1] < 3 * body_size
    ]
    pitch = statistics.median(pitches) if pitches else 1.2 * body_size
    for page_number, lines in by_page.items():
        left, right = _column_edges(lines, body_size) or overall
        if abs(left - overall[0]) > 40 and abs(right - overall[1]) > 40:
            left, right = overall
        center = (left + right) / 2
        prev: Line | None = None
        page = pages[(page_number or 1) - 1]
        for line in lines:
            if not line.bbox:
                continue
            x0, top, x1, _ = line.bbox
            size = line.size or body_size
            line.indented = x0 > left + 0.6 * size
            line.full = x1 >= right - 2.0 * size
            line.room = (right - x1) / (0.45 * size)  # an average glyph is ~0.45 em wide
            line.centered = (
                not line.full
                and abs((x0 + x1) / 2 - center) < 1.5 * size
                and x0 > left + 2 * size
            )
            if prev is not None and prev.bbox:
                line.gap_before = top - prev.bbox[1] > 1.25 * pitch
            else:
                line.gap_before = None  # first line on a page: the page break says nothing
            if page.width:
                if x1 < page.width * 0.5:
                    line.column = "left"
                elif x0 > page.width * 0.45:
                    line.column = "right"
            prev = line
