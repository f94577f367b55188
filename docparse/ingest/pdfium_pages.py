"""One PDF reader: pages read through pdfium (pypdfium2), characters and rulings.

pdfium's text page gives every character with its box; this module turns them into the
character dicts the line reader works on (text, x0, x1, top, bottom, size, fontname,
upright), in PDF points from the page's top-left corner, and the page's straight path
segments into ruling edges (docparse.ingest.pdfium_rulings). What makes it fast:
one call for the whole page's text; font name, size, weight and orientation asked once per
text object, and which object a character is in asked at the ends of runs, not of every
character; the calls made per character or object go through cffi
(docparse.ingest.pdfium_calls).

E-signing widgets draw the number and the day and month into the blanks of the header;
their appearance streams are drawn into the page (pdfium's flatten, which follows layered
appearances and cannot loop on annotation cycles) and the characters they add, those of the
text objects in the forms the flatten appends, are tagged with the widget they came from
(docparse.ingest.pdf_annotations decides what to keep).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.pdfium_calls import (
    CHAR_ORIGIN,
    FFI,
    FONT_SIZE,
    FORM_COUNT,
    FORM_OBJECT,
    IS_GENERATED,
    LOOSE_BOX,
    OBJECT_FONT,
    OBJECT_MATRIX,
    OBJECT_TYPE,
    PAGE_OBJECT,
    TEXT_OBJECT,
)
from docparse.ingest.pdfium_rulings import page_edges

# Weight from which a font is bold (CSS scale, as pdfium reports it).
BOLD_WEIGHT = 600
# Annotation subtypes whose appearance draws page text: widgets (signing fields, form
# fields), free text, stamps.
DRAWING_ANNOTATIONS = {
    pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_STAMP,
}
# A character's box runs this many font sizes above and below its baseline.
ASCENT, DESCENT = 0.8, 0.2
MAX_APPEARANCE_DEPTH = 8  # flattened appearances: forms in forms (/FRM -> /n0, /n2)


@dataclass
class PageContent:
    """What pdfium read on one page."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)  # horizontal and vertical
    unmapped: int = 0  # characters whose font has no usable Unicode map
    fonts: set[str] = field(default_factory=set)  # names of the fonts its characters are in
    # Annotation boxes (x0, top, x1, bottom) whose appearance was drawn into the page.
    widgets: list[tuple[float, float, float, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read, for warnings


def open_document(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocparseError(ErrorCode.ENCRYPTED, path=str(path)) from None
        detail = message.replace("Failed to load document ", "").strip("() ") or "no PDF"
        raise DocparseError(ErrorCode.CORRUPT, path=str(path), detail=detail) from None


def read_page(pdf: pypdfium2.PdfDocument, index: int) -> PageContent:
    """Characters and rulings of page `index` (0-based), signing widgets drawn in."""
    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        raise RuntimeError("pdfium could not load the page")
    try:
        left, top = _origin(page)
        content = PageContent(number=index + 1, width=pdfium_c.FPDF_GetPageWidthF(page),
                              height=pdfium_c.FPDF_GetPageHeightF(page))
        boxes = _drawing_annotations(page, left, top)
        own_objects = 0
        if boxes:
            # Rulings of the page's own content: a widget's frame drawn in is no table border.
            content.edges = page_edges(page, left, top)
            own_objects = pdfium_c.FPDFPage_CountObjects(page)
            if pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) == \
                    pdfium_c.FLATTEN_SUCCESS:
                pdfium_c.FPDF_ClosePage(page)
                page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
                content.widgets = boxes
            else:
                content.notes.append(f"page {index + 1}: annotation appearances not drawn")
        text_objects: set[int] = set()
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            content.notes.append(f"page {content.number}: pdfium could not read its text")
        else:
            try:
                content.chars, text_objects = _chars(textpage, left, top, content)
                if content.widgets:
                    _tag_drawn(content.chars, textpage, boxes, _appended_text(page, own_objects))
            finally:
                pdfium_c.FPDFText_ClosePage(textpage)
        if not boxes:  # the text objects the characters came from need no asking
            content.edges = page_edges(page, left, top, text_objects)
        return content
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _appended_text(page: Any, own_objects: int) -> set[int]:
    """The text objects of what flattening drew in: the forms it appends after the page's
    own `own_objects` objects hold the annotations' appearances."""
    address = ctypes.cast(page, ctypes.c_void_p).value
    found: set[int] = set()
    forms = [(PAGE_OBJECT(address, i), 0)
             for i in range(own_objects, pdfium_c.FPDFPage_CountObjects(page))]
    while forms:
        obj, depth = forms.pop()
        kind = OBJECT_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            found.add(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_APPEARANCE_DEPTH:
            forms.extend((FORM_OBJECT(obj, k), depth + 1) for k in range(FORM_COUNT(obj)))
    return found


def _tag_drawn(chars: list[dict[str, Any]], textpage: Any,
               boxes: list[tuple[float, float, float, float]], drawn: set[int]) -> None:
    """Tag each character an annotation's appearance drew with its box (1-based), unless
    the page itself has that character at that place (a value printed and drawn alike)."""
    reach = _reach(boxes)
    text = ctypes.cast(textpage, ctypes.c_void_p).value
    own: dict[tuple[str, int], list[float]] = {}  # the page's characters under the boxes
    added: list[tuple[dict[str, Any], int]] = []
    for char in chars:
        box = _near(char, reach) and _inside_any(char, boxes)
        if not box:
            continue
        if TEXT_OBJECT(text, char["i"]) in drawn:
            added.append((char, box))
        else:
            own.setdefault((char["text"], round(char["x0"])), []).append(char["top"])
    for char, box in added:
        if not _was_there(char, own):
            char["widget"] = box


def _origin(page: Any) -> tuple[float, float]:
    """Left and top of the media box: characters are measured from there, as pdfplumber does."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return float(left.value), float(max(top.value, bottom.value))
    return 0.0, float(pdfium_c.FPDF_GetPageHeightF(page))


def _was_there(char: dict[str, Any], own: dict[tuple[str, int], list[float]]) -> bool:
    """The page's own text has this character at this place (`own`: (text, left) -> tops;
    a point's tolerance: an appearance may set a value a little off the printed one)."""
    tops = [t for dx in (-1, 0, 1) for t in own.get((char["text"], round(char["x0"]) + dx),
                                                      ())]
    return any(abs(char["top"] - t) < 2.0 for t in tops)


def _reach(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    """The box around all the boxes (and the tolerance _inside_any gives them): a character
    outside it is in none of them, found with four comparisons."""
    return (min(b[0] for b in boxes) - 1, min(b[1] for b in boxes) - 1,
            max(b[2] for b in boxes) + 1, max(b[3] for b in boxes) + 1)


def _near(char: dict[str, Any], reach: tuple[float, float, float, float]) -> bool:
    return (reach[0] <= (char["x0"] + char["x1"]) / 2 <= reach[2]
            and reach[1] <= (char["top"] + char["bottom"]) / 2 <= reach[3])


def _inside_any(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> int:
    """1-based index of the box holding the character's centre, 0 for none."""
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    for i, (x0, y0, x1, y1) in enumerate(boxes, start=1):
        if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1:
            return i
    return 0


def _drawing_annotations(page: Any, left: float, top: float) -> list[tuple[float, ...]]:
    """Boxes of the visible annotations whose appearance may draw text."""
    boxes = []
    rect = pdfium_c.FS_RECTF()
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in DRAWING_ANNOTATIONS:
                continue
            if pdfium_c.FPDFAnnot_GetFlags(annot) & pdfium_c.FPDF_ANNOT_FLAG_HIDDEN:
                continue
            if pdfium_c.FPDFAnnot_GetRect(annot, rect):
                boxes.append((min(rect.left, rect.right) - left, top - max(rect.top, rect.bottom),
                              max(rect.left, rect.right) - left, top - min(rect.top, rect.bottom)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


def _chars(textpage: Any, left: float, top: float, content: PageContent
           ) -> tuple[list[dict[str, Any]], set[int]]:
    """The page's characters, and the text objects they are in."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return [], set()
    buffer = ctypes.create_string_buffer(count * 2 + 2)
    written = pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) != count:  # characters outside the BMP: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD)
                       for i in range(count))
    # pdfium gives a hyphen that ends a line as U+FFFE: it is the printed hyphen
    # ("787/QĐ-" / "UBND"). Fonts made from the old national encodings map "ư" to the
    # Latin letter oi ("THƢƠNG"), which Vietnamese never writes.
    text = text.replace("\ufffe", "-").translate(_LETTER_FIXES)
    # Per text object: the dict its characters are copies of (all but text, box and index
    # are the object's), whether its font has no Unicode map, whether it has no baseline.
    objects: dict[int, tuple[dict[str, Any], bool, bool]] = {}
    _FONTS.clear()
    rect = _RECT
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    owners = _owners(page, count, text)
    loose_box = LOOSE_BOX
    generated = IS_GENERATED
    unmapped = 0
    break_index, break_x = -1, 0.0  # the character after pdfium's last generated space
    out: list[dict[str, Any]] = []
    append = out.append
    for i, glyph in enumerate(text):
        if glyph in "\r\n\x00":
            continue
        if glyph == " " and generated(page, i):
            # A word break pdfium saw where no space glyph is drawn (word spacing, a TJ
            # offset): the character after it opens a word.
            if out and out[-1]["i"] == i - 1:
                out[-1]["break_after"] = True
            # Where pdfium put it: a space glyph that follows a letter drawn in a fallback
            # font ("Kế hoạch": "ế" in DejaVu, the rest in Liberation) is replaced by a
            # generated one at the fallback letter's advance, whose loose box overhangs it.
            if loose_box(page, i, rect):
                break_index, break_x = i + 1, rect.left - left
            continue
        address = owners[i]
        facts = objects.get(address)
        if facts is None:
            facts = objects[address] = _object_template(textpage, page, i, address, top)
        template, broken, loose = facts
        unmapped += broken
        if not loose_box(page, i, rect):
            continue
        # A copy of the object's dict, its keys in place, is quicker to make than a new one.
        char = template.copy()
        char["text"] = glyph
        char["x0"] = rect.left - left
        char["x1"] = rect.right - left
        char["i"] = i
        if loose:  # no baseline: the loose box
            char["top"], char["bottom"] = top - rect.top, top - rect.bottom
        append(char)
        if i == break_index:
            char["break_x"] = break_x
    content.unmapped += unmapped
    content.fonts |= {facts[0]["fontname"] for facts in objects.values()}
    return out, set(objects)


def _owners(page: int, count: int, text: str) -> list[int]:
    """The text object each character of the page is in (0 for none), asked at the ends of
    runs rather than of every character: pdfium lays out a text object's characters one after
    the other, so a run's two ends in one object hold it whole (found by doubling the step,
    then halving it). The characters between that no object holds (pdfium's generated spaces
    and line breaks) are never asked for theirs. Right-to-left text is reordered by pdfium:
    there every character is asked."""
    if _RIGHT_TO_LEFT.search(text):
        return [TEXT_OBJECT(page, i) for i in range(count)]
    owners = [0] * count
    start, known = 0, None
    while start < count:
        owner = TEXT_OBJECT(page, start) if known is None else known
        known = None
        if not owner:
            start += 1
            continue
        low, step = start, 1  # low: the last character known to be the owner's
        while True:
            high = low + step
            if high >= count:
                high = count
                break
            other = TEXT_OBJECT(page, high)
            if other != owner:
                known = other
                break
            low, step = high, step * 2
        while high - low > 1:
            middle = (low + high) // 2
            other = TEXT_OBJECT(page, middle)
            if other == owner:
                low = middle
            else:
                high, known = middle, other
        owners[start : low + 1] = [owner] * (low + 1 - start)
        start = high
    return owners


# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


_LETTER_FIXES = str.maketrans({"Ƣ": "Ư", "ƣ": "ư"})


def _object_template(textpage: Any, text_address: int, index: int, address: int, top: float
                     ) -> tuple[dict[str, Any], bool, bool]:
    """The dict the characters of a text object are copies of (font name, size, upright,
    bold, top and bottom; text, box and index are each character's), whether its font has
    no usable Unicode map, and whether it has no baseline (its characters then take their
    loose boxes' top and bottom). Their height comes from the baseline and the size, as
    pdfminer gives it: a fallback font's tall ascent (a Vietnamese letter drawn in DejaVu
    inside Liberation text) would otherwise make a box that reaches into the next line and
    glue the two together. One text object shows its characters on one baseline."""
    size = FONT_SIZE(text_address, index)
    char_top = char_bottom = None
    if size > 0 and CHAR_ORIGIN(text_address, index, _X, _Y):
        baseline = top - _Y[0]
        char_top, char_bottom = baseline - ASCENT * size, baseline + DESCENT * size
    if address:
        key = OBJECT_FONT(address)
        known = _FONTS.get(key)
        if known is None:
            font = ctypes.cast(key, pdfium_c.FPDF_FONT) if key else None
            known = _FONTS[key] = _font_facts(textpage, index, font)
        name, bold, broken = known
        # The baseline runs left to right (a shear, c != 0, is a slanted italic: upright).
        upright = not OBJECT_MATRIX(address, _MATRIX) or (
            abs(_MATRIX.b) < 1e-3 and _MATRIX.a > 0)
    else:
        name, bold, upright = "", False, True
        broken = pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1
    return ({"text": "", "x0": 0.0, "x1": 0.0, "top": char_top, "bottom": char_bottom,
             "size": size, "fontname": name, "upright": upright, "bold": bold, "i": 0},
            broken, char_top is None)


# Out-parameters of the calls above, allocated once.
_X, _Y = FFI.new("double*"), FFI.new("double*")
_MATRIX = FFI.new("FS_MATRIX*")
_RECT = FFI.new("FS_RECTF*")
_NAME = ctypes.create_string_buffer(256)


# Facts of the fonts met on the page being read (name, bold, no Unicode map): a page's
# text objects share a handful of fonts. Cleared for every page (handles are reused).
_FONTS: dict[int | None, tuple[str, bool, bool]] = {}


def _font_facts(textpage: Any, index: int, font: Any) -> tuple[str, bool, bool]:
    broken = pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1
    if not font:
        return "", False, broken
    length = pdfium_c.FPDFFont_GetBaseFontName(font, _NAME, len(_NAME))
    name = _NAME.raw[: max(length - 1, 0)].decode("utf-8", "replace")
    return name, pdfium_c.FPDFFont_GetWeight(font) >= BOLD_WEIGHT, broken
