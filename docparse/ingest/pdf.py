"""PDF in -> pages of lines: one reader, pdfium (docparse.ingest.pdfium_pages).

Each page's characters become lines (docparse.ingest.pdf_lines: grouped by vertical
overlap, split at table-column gaps, superscript digits kept as footnote markers), ruled
tables become one line per row (docparse.ingest.pdf_tables), and what signing widgets draw
(the number, the day and month) joins the lines it was drawn into. Text in legacy TCVN3
and VNI fonts is made Unicode first (docparse.ingest.legacy_fonts). A page pdfium cannot
read costs that page only, with a warning; a page with no text layer, or one whose fonts
give no letters, is read by OCR when Tesseract is there.
"""

from __future__ import annotations

import functools
import logging
import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.legacy_fonts import decode_legacy_fonts
from docparse.ingest.lines import Line, Page, RawDocument
from docparse.ingest.ocr import COLUMN_GAP as OCR_COLUMN_GAP
from docparse.ingest.ocr import (
    ImageLayout,
    image_layout,
    ocr_available,
    ocr_page,
    repair_labels,
    snap_sizes,
)
from docparse.ingest.ocr_tables import RULE_GLYPHS
from docparse.ingest.pdf_annotations import widget_text
from docparse.ingest.pdf_lines import COLUMN_GAP, lines_of
from docparse.ingest.pdf_tables import (
    find_tables,
    inside,
    outside_tables,
    partition,
    table_lines,
)
from docparse.ingest.pdfium_pages import PageContent, open_document, read_page
from docparse.ingest.vietnamese import not_vietnamese

# A page where this share of the glyphs has no Unicode is read by OCR; below it, those glyphs
# (a bullet, a symbol) are dropped.
UNMAPPED_SHARE = 0.3
# Tesseract (and ocrmypdf) write their invisible text layer in this font; a page whose text is
# mostly in it is a searchable scan.
OCR_FONT = "GlyphLessFont"
OCR_LAYER_SHARE = 0.9


def read_pdf(
    path: Path,
    *,
    max_pages: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
    ocr: bool = True,
) -> RawDocument:
    """Pages of lines; a page with no text layer, or one whose fonts give no letters, is read
    by OCR when `ocr` and Tesseract allow it (docparse.ingest.ocr)."""
    pdf = open_document(path)
    pages: list[Page] = []
    warnings: list[str] = []
    scanned: list[int] = []  # pages without a text layer
    unreadable: list[int] = []  # pages whose glyphs have no Unicode map
    failed: list[str] = []  # pages pdfium could not read at all
    ocr_layer: list[int] = []  # pages whose text layer a scanner's OCR made (searchable PDF)
    legacy: dict[str, list[int]] = {}  # legacy font decoded (TCVN3, VNI) -> its pages
    # What OCR lacks, asked only when a page needs it (pytesseract asks the tesseract program).
    missing: str | None = None if ocr else "to be turned on (--no-ocr turned it off)"
    try:
        total = len(pdf)
        if max_pages is not None and total > max_pages:
            raise DocparseError(
                ErrorCode.TOO_LARGE, path=str(path), detail=f"{total} pages, limit {max_pages}"
            )
        for index in range(total):
            number = index + 1
            try:
                content = read_page(pdf, index)
            except Exception as exc:  # one bad page object costs that page, not the file
                failed.append(f"{number} ({_short(exc)})")
                pages.append(Page(number=number))
                continue
            warnings.extend(content.notes)
            layer = _text_layer(content)
            if layer in ("none", "unmapped"):
                (scanned if layer == "none" else unreadable).append(number)
                pages.append(_page_without_text(content))
                if ocr and len(scanned) + len(unreadable) == 1:
                    missing = ocr_available()
                if missing is None:
                    _ocr_into(pages[-1], path, warnings)
            elif layer == "ocr":
                # A scanner's OCR wrote the text: its lines get what OCR lines get (OCR's
                # column gap, sizes snapped, labels and phrases repaired); the footnote
                # rule and the table borders are only in the image.
                ocr_layer.append(number)
                seen = _image_layout(path, number)
                pages.append(_read_page(content, legacy, OCR_COLUMN_GAP,
                                        seen.tables if seen else []))
                for line in pages[-1].lines:
                    line.ocr = True
                if seen and not pages[-1].rules:
                    pages[-1].rules = seen.rules
            else:
                pages.append(_read_page(content, legacy))
            if layer in ("ocr", "text") and _not_its_text(pages[-1]):
                # Letters, but not the document's: a broken Unicode map or a scanner's OCR
                # gone wrong. The page is read from its image, like a scan.
                unreadable.append(number)
                pages[-1] = _page_without_text(content)
                if ocr and missing is None and len(scanned) + len(unreadable) == 1:
                    missing = ocr_available()
                if missing is None:
                    _ocr_into(pages[-1], path, warnings)
            if on_page is not None:
                on_page(number, total)
    finally:
        pdf.close()
    read = [ln for p in pages for ln in p.lines if ln.ocr]
    snap_sizes(read)
    repair_labels(read)
    empty = [p.number for p in pages if not any(ln.text.strip() for ln in p.lines)]
    if failed and len(failed) == len(pages):
        raise DocparseError(ErrorCode.NO_PAGES, path=str(path), detail="; ".join(failed[:3]))
    if pages and len(empty) == len(pages):
        detail = f"OCR needs {missing}" if missing else "OCR found no text on any page"
        if unreadable:
            detail = f"its fonts give no letters (no Unicode map), and {detail}"
        raise DocparseError(ErrorCode.NO_TEXT, path=str(path), detail=detail)
    read_by_ocr = "were read by OCR (Tesseract, Vietnamese): check names and numbers against " \
        "the image"
    if failed:
        warnings.append(f"page(s) {', '.join(failed)} could not be read and were skipped")
    if scanned and missing is None:
        warnings.append(f"page(s) {_pages(scanned)} have no text layer and {read_by_ocr}")
    if ocr_layer:
        warnings.append(f"page(s) {_pages(ocr_layer)} carry a text layer made by OCR (a "
                        "searchable scan): check names and numbers against the image")
    if unreadable:
        what = f"page(s) {_pages(unreadable)} carry a text layer that is not readable " \
            "Vietnamese (fonts without a usable Unicode map, or a poor OCR layer)"
        warnings.append(f"{what} and {read_by_ocr}" if missing is None else
                        f"{what}: their text is lost; OCR needs {missing}")
    if empty:
        why = f"; OCR needs {missing}" if scanned and missing else ""
        blank = [n for n in empty if n not in _numbers(failed)]
        if blank:
            warnings.append(f"no text on page(s) {_pages(blank)} (scanned?){why}")
    warnings.extend(_legacy_warnings(legacy))
    return RawDocument(format="pdf", pages=pages, warnings=warnings)


def _not_its_text(page: Page) -> bool:
    return not_vietnamese(" ".join(ln.text for ln in page.lines if not ln.drawn))


def _numbers(failed: list[str]) -> set[int]:
    return {int(item.split(" ", 1)[0]) for item in failed}


def _text_layer(content: PageContent) -> str:
    """What the page's text layer is: "none" (a scan), "unmapped" (glyph numbers, no
    letters), "ocr" (a searchable scan: a scanner's OCR wrote it) or "text". What signing
    widgets drew is not the page's text layer."""
    glyphs = "".join([c["text"] for c in content.chars if not c.get("widget")] if
                     content.widgets else map(_TEXT, content.chars))
    drawn = len(glyphs) - glyphs.count(" ")
    broken = len(UNMAPPED_GLYPH.findall(glyphs))
    if not drawn:
        return "none"
    if broken + content.unmapped >= UNMAPPED_SHARE * drawn:
        return "unmapped"
    if any(name.endswith(OCR_FONT) for name in content.fonts) and sum(
            1 for c in content.chars if c["text"] != " " and not c.get("widget")
            and c["fontname"].endswith(OCR_FONT)) >= OCR_LAYER_SHARE * drawn:
        return "ocr"
    return "text"


def _page_without_text(content: PageContent) -> Page:
    """A page to be read by OCR: what signing widgets drew, and the drawn rules."""
    widgets = [c for c in content.chars if c.get("widget")]
    return Page(number=content.number, width=content.width, height=content.height,
                lines=_widget_lines(widgets, content.number),
                rules=outside_tables(_short_rules(content), find_tables(content.edges)))


def _image_layout(path: Path, number: int) -> ImageLayout | None:
    try:
        return image_layout(path, number - 1)
    except Exception:  # no image to look at costs the rules and tables, not the page
        logging.getLogger(__name__).debug("no image layout on page %s", number)
        return None


# Bullets Word draws from the Symbol and Wingdings fonts, at private-use code points: they
# are list bullets, not unmapped letters (U+F0B7 Symbol dot, U+F0A7 square, U+F0D8 arrowhead,
# U+F076 diamond, U+F0FC check mark, U+F06E square, U+F0A8 circle).
SYMBOL_BULLETS = frozenset("\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8")


_UPRIGHT, _TEXT = operator.itemgetter("upright"), operator.itemgetter("text")


def _readable(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The upright characters, Symbol-font bullets as "•" (a dash item's label), glyphs with
    no Unicode left out."""
    if all(map(_UPRIGHT, chars)) and not any(
            g in SYMBOL_BULLETS or _unmapped(g) for g in set(map(_TEXT, chars))):
        return chars  # most pages: nothing to take out or change
    out = []
    for char in chars:
        glyph = char["text"]
        if not char["upright"]:
            continue
        if glyph in SYMBOL_BULLETS:
            char = {**char, "text": "•"}
        elif _unmapped(glyph):
            continue
        out.append(char)
    return out


# A glyph the PDF gives no letter for: private use, U+FFFD.
UNMAPPED_GLYPH = re.compile("[\ufffd\ue000-\uf8ff]")


def _unmapped(glyph: str) -> bool:
    return UNMAPPED_GLYPH.fullmatch(glyph) is not None


def _ocr_into(page: Page, path: Path, warnings: list[str]) -> None:
    """OCR a page without a text layer; a failure costs that page only, with a warning."""
    try:
        read = ocr_page(path, page.number - 1, page.number)
    except Exception as exc:  # Tesseract can fail on odd images: not a corrupt PDF
        warnings.append(f"OCR failed on page {page.number}: {_short(exc)}")
        return
    page.lines.extend(read.lines)
    page.rules = read.rules
    if read.turned:
        page.width, page.height = read.width, read.height
        warnings.append(f"page {page.number} was scanned turned {read.turned}°; it was read "
                        "turned upright")


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


def _legacy_warnings(legacy: dict[str, list[int]]) -> list[str]:
    if not legacy:
        return []
    pages = sorted({p for numbers in legacy.values() for p in numbers})
    return [f"text in legacy Vietnamese fonts ({', '.join(sorted(legacy))}) on page(s) "
            f"{_pages(pages)} was converted to Unicode"]


def _read_page(
    content: PageContent, legacy: dict[str, list[int]], column_gap: float = COLUMN_GAP,
    image_tables: list[Any] | None = None,
) -> Page:
    """`image_tables`: tables found in the page image (a searchable scan has no vector rules)."""
    number = content.number
    chars = _readable(content.chars)
    chars, fonts = decode_legacy_fonts(chars, content.fonts or None)
    for font in fonts:
        legacy.setdefault(font, []).append(number)
    if content.widgets:  # what signing widgets drew: their values kept, their stamps not
        chars = widget_text(chars)
    lines: list[Line] = []
    if image_tables:  # the text layer's OCR read the table's rules as "|" here and there
        chars = [c for c in chars if not (c["text"] in RULE_GLYPHS and any(
            inside(c, t.bbox) for t in image_tables))]
    tables = [*find_tables(content.edges), *(image_tables or [])]
    make_lines = functools.partial(lines_of, column_gap=column_gap)
    inner, chars = partition(chars, [t.bbox for t in tables])
    for table, mine in zip(tables, inner, strict=True):
        lines.extend(table_lines(table, mine, number, make_lines))
    lines.extend(make_lines(chars, number))
    lines.sort(key=lambda ln: (round(ln.bbox[1] if ln.bbox else 0), ln.bbox[0] if ln.bbox else 0))
    rules = [y for y in outside_tables(_short_rules(content), tables)
             if not _underline(y, lines)]
    return Page(number=number, width=content.width, height=content.height,
                lines=lines, rules=rules)


def _underline(y: float, lines: list[Line]) -> bool:
    """A rule just under a line's text is its underline (a link, an emphasised word), not a
    separator: the footnote rule has space above it."""
    return any(ln.bbox is not None and (ln.bbox[1] + ln.bbox[3]) / 2 < y <= ln.bbox[3] + 1.5
               for ln in lines)


def _widget_lines(chars: list[dict[str, Any]], number: int) -> list[Line]:
    """Lines of what signing widgets drew on a page with no text layer of its own."""
    return lines_of(widget_text(chars), number, column_gap=COLUMN_GAP)


def _short_rules(content: PageContent) -> list[float]:
    """y of short horizontal rules: the footnote separator and the lines under headers."""
    width, height = content.width, content.height
    # Word's continuation separator (a footnote carried over from the page before) runs the
    # text column's whole width: in the lower half of the page a wide rule is one too.
    return sorted(round(float(e["top"]), 2) for e in content.edges
                  if e.get("rule") and e["width"] > 20 and (
                      e["width"] < 0.6 * width or (e["width"] < 0.9 * width
                                                   and e["top"] > 0.5 * height)))
