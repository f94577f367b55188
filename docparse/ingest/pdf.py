"""PDF in -> pages of lines, read at the character level with pdfplumber.

Characters are grouped into lines by vertical overlap, lines are split where a wide gap
shows table columns (the header table, the Nơi nhận / signature table), and superscript
digits are taken out of the text and kept as footnote markers with their offsets. Text in
legacy TCVN3 and VNI fonts is made Unicode first (docparse.ingest.legacy_fonts).
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.legacy_fonts import decode_legacy_fonts
from docparse.ingest.lines import Line, Marker, Page, RawDocument
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
from docparse.ingest.pdf_tables import find_tables, inside, outside_tables, table_lines
from docparse.structure.labels import bare_label  # the one label grammar, pure patterns

# pdfminer logs every odd object it meets; the user gets our warnings instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

SUPERSCRIPT_RATIO = 0.8  # a marker glyph is at most this fraction of the line's font size
COLUMN_GAP = 2.0  # a gap wider than this many font sizes separates table columns
EXPONENTS = {"2": "²", "3": "³"}
# A page where this share of the glyphs has no Unicode is read by OCR; below it, those glyphs
# (a bullet, a symbol) are dropped.
UNMAPPED_SHARE = 0.3
# Tesseract (and ocrmypdf) write their invisible text layer in this font; a page whose text is
# mostly in it is a searchable scan.
OCR_FONT = "GlyphLessFont"
OCR_LAYER_SHARE = 0.9
# km², m³: a unit right after a number (not the end of a word like "năm").
UNIT_EXPONENT = re.compile(r"(?:^|[\d\s])(?:k|c|d)?m$")


def open_pdf(path: Path) -> pdfplumber.PDF:
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # forces the page tree to be read, where corruption shows
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DocparseError(ErrorCode.ENCRYPTED, path=str(path)) from None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        cause = _root_cause(exc)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(
            cause
        ).lower():
            raise DocparseError(ErrorCode.ENCRYPTED, path=str(path)) from None
        raise DocparseError(ErrorCode.CORRUPT, path=str(path), detail=_short(cause)) from None
    return pdf


def read_pdf(
    path: Path,
    *,
    max_pages: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
    ocr: bool = True,
) -> RawDocument:
    """Pages of lines; a page with no text layer, or one whose fonts give no letters, is read
    by OCR when `ocr` and Tesseract allow it (docparse.ingest.ocr)."""
    pdf = open_pdf(path)
    pages: list[Page] = []
    warnings: list[str] = []
    scanned: list[int] = []  # pages without a text layer
    unreadable: list[int] = []  # pages whose glyphs have no Unicode (pdfminer's "(cid:12)")
    ocr_layer: list[int] = []  # pages whose text layer a scanner's OCR made (searchable PDF)
    legacy: dict[str, list[int]] = {}  # legacy font decoded (TCVN3, VNI) -> its pages
    # What OCR lacks, asked only when a page needs it (pytesseract asks the tesseract program).
    missing: str | None = None if ocr else "to be turned on (--no-ocr turned it off)"
    try:
        if max_pages is not None and len(pdf.pages) > max_pages:
            raise DocparseError(
                ErrorCode.TOO_LARGE,
                path=str(path),
                detail=f"{len(pdf.pages)} pages, limit {max_pages}",
            )
        for index, page in enumerate(pdf.pages, start=1):
            try:
                layer = _text_layer(page.chars)
                if layer in ("none", "unmapped"):
                    (scanned if layer == "none" else unreadable).append(index)
                    pages.append(_page_without_text(page, index))
                    if ocr and len(scanned) + len(unreadable) == 1:
                        missing = ocr_available()
                    if missing is None:
                        _ocr_into(pages[-1], path, warnings)
                elif layer == "ocr":
                    # A scanner's OCR wrote the text: its lines get what OCR lines get (OCR's
                    # column gap, sizes snapped, labels and phrases repaired); the footnote
                    # rule and the table borders are only in the image.
                    ocr_layer.append(index)
                    seen = _image_layout(path, index)
                    pages.append(_read_page(page, index, legacy, OCR_COLUMN_GAP,
                                            seen.tables if seen else []))
                    for line in pages[-1].lines:
                        line.ocr = True
                    if seen and not pages[-1].rules:
                        pages[-1].rules = seen.rules
                else:
                    pages.append(_read_page(page, index, legacy))
            except DocparseError:
                raise
            except Exception as exc:
                raise DocparseError(
                    ErrorCode.CORRUPT, path=str(path), detail=f"page {index}: {_short(exc)}"
                ) from None
            finally:
                page.close()  # drop pdfplumber's per-page caches: keeps memory flat
            if on_page is not None:
                on_page(index, len(pdf.pages))
    finally:
        pdf.close()
    read = [ln for p in pages for ln in p.lines if ln.ocr]
    snap_sizes(read)
    repair_labels(read)
    empty = [p.number for p in pages if not any(ln.text.strip() for ln in p.lines)]
    if pages and len(empty) == len(pages):
        detail = f"OCR needs {missing}" if missing else "OCR found no text on any page"
        if unreadable:
            detail = f"its fonts give no letters (no Unicode map), and {detail}"
        raise DocparseError(ErrorCode.NO_TEXT, path=str(path), detail=detail)
    read_by_ocr = "were read by OCR (Tesseract, Vietnamese): check names and numbers against " \
        "the image"
    if scanned and missing is None:
        warnings.append(f"page(s) {_pages(scanned)} have no text layer and {read_by_ocr}")
    if ocr_layer:
        warnings.append(f"page(s) {_pages(ocr_layer)} carry a text layer made by OCR (a "
                        "searchable scan): check names and numbers against the image")
    if unreadable:
        what = f"page(s) {_pages(unreadable)} draw text in fonts without a Unicode map (the PDF " \
            "gives glyph numbers, not letters)"
        warnings.append(f"{what} and {read_by_ocr}" if missing is None else
                        f"{what}: their text is lost; OCR needs {missing}")
    if empty:
        why = f"; OCR needs {missing}" if scanned and missing else ""
        warnings.append(f"no text on page(s) {_pages(empty)} (scanned?){why}")
    warnings.extend(_legacy_warnings(legacy))
    return RawDocument(format="pdf", pages=pages, warnings=warnings)


def _text_layer(chars: list[dict[str, Any]]) -> str:
    """What the page's text layer is: "none" (a scan), "unmapped" (glyph numbers, no
    letters), "ocr" (a searchable scan: a scanner's OCR wrote it) or "text"."""
    drawn = [c for c in chars if c["text"].strip()]
    if not drawn:
        return "none"
    if sum(_unmapped(c["text"]) for c in drawn) >= UNMAPPED_SHARE * len(drawn):
        return "unmapped"
    if sum(c.get("fontname", "").endswith(OCR_FONT) for c in drawn) >= (
            OCR_LAYER_SHARE * len(drawn)):
        return "ocr"
    return "text"


def _page_without_text(page: Any, number: int) -> Page:
    """A page to be read by OCR: what annotations say (e-signatures) and the drawn rules."""
    return Page(number=number, width=float(page.width), height=float(page.height),
                lines=_annotation_lines(page, number),
                rules=outside_tables(_short_rules(page), find_tables(page)))


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


def _bullets(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Symbol-font bullets as "•" (a dash item's label), before unmapped glyphs are dropped."""
    return [{**c, "text": "•"} if c["text"] in SYMBOL_BULLETS else c for c in chars]


def _unmapped(glyph: str) -> bool:
    """A glyph the PDF gives no letter for: pdfminer's "(cid:12)", private use, U+FFFD."""
    return glyph.startswith("(cid:") or glyph == "\ufffd" or "\ue000" <= glyph[:1] <= "\uf8ff"


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


def _root_cause(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exceptions; the wrapped one says what went wrong."""
    seen = exc
    while True:
        inner = seen.__cause__ or seen.__context__
        if inner is None and seen.args and isinstance(seen.args[0], BaseException):
            inner = seen.args[0]
        if inner is None or inner is seen:
            return seen
        seen = inner


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
    page: Any, number: int, legacy: dict[str, list[int]], column_gap: float = COLUMN_GAP,
    image_tables: list[Any] | None = None,
) -> Page:
    """`image_tables`: tables found in the page image (a searchable scan has no vector rules)."""
    chars = [c for c in _bullets(page.chars)
             if c.get("upright", True) and c["text"] != "\x00" and not _unmapped(c["text"])]
    chars, fonts = decode_legacy_fonts(chars)
    for font in fonts:
        legacy.setdefault(font, []).append(number)
    lines: list[Line] = []
    if image_tables:  # the text layer's OCR read the table's rules as "|" here and there
        chars = [c for c in chars if not (c["text"] in RULE_GLYPHS and any(
            inside(c, t.bbox) for t in image_tables))]
    tables = [*find_tables(page), *(image_tables or [])]
    make_lines = functools.partial(_lines_of, column_gap=column_gap)
    for table in tables:
        lines.extend(table_lines(table, chars, number, make_lines))
    chars = [c for c in chars if not any(inside(c, t.bbox) for t in tables)]
    lines.extend(make_lines(chars, number))
    lines.extend(_annotation_lines(page, number))
    lines.sort(key=lambda ln: (round(ln.bbox[1] if ln.bbox else 0), ln.bbox[0] if ln.bbox else 0))
    rules = outside_tables(_short_rules(page), tables)
    return Page(number=number, width=float(page.width), height=float(page.height),
                lines=lines, rules=rules)


def _lines_of(
    chars: list[dict[str, Any]], page: int, column_gap: float = COLUMN_GAP
) -> list[Line]:
    return [line for group in _group_lines(chars)
            for line in _make_lines(group, page, column_gap)]


def _group_lines(chars: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Cluster characters into visual lines by vertical overlap of their boxes."""
    open_lines: list[list[Any]] = []  # [top, bottom, chars]
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        top, bottom = char["top"], char["bottom"]
        height = max(bottom - top, 0.1)
        target = None
        for line in reversed(open_lines):
            if line[1] <= top:
                continue
            overlap = min(bottom, line[1]) - max(top, line[0])
            if overlap > 0.5 * min(height, line[1] - line[0]):
                target = line
                break
        if target is None:
            open_lines.append([top, bottom, [char]])
            # Lines far above can no longer take characters: emit them in order.
            while len(open_lines) > 1 and open_lines[0][1] < top - 50:
                yield open_lines.pop(0)[2]
        else:
            target[0] = min(target[0], top)
            target[1] = max(target[1], bottom)
            target[2].append(char)
    for line in open_lines:
        yield line[2]


def _make_lines(chars: list[dict[str, Any]], page: int, column_gap: float) -> list[Line]:
    chars.sort(key=lambda c: c["x0"])
    size = max(statistics.median(c["size"] for c in chars), 1.0)
    big = [c for c in chars if c["size"] > SUPERSCRIPT_RATIO * size] or chars
    baseline = statistics.median(c["bottom"] for c in big)
    # Split into segments at wide gaps: table columns drawn side by side.
    segments: list[list[dict[str, Any]]] = [[chars[0]]]
    for prev, char in itertools.pairwise(chars):
        if char["x0"] - prev["x1"] > column_gap * size:
            segments.append([char])
        else:
            segments[-1].append(char)
    if len(segments) > 1 and bare_label("".join(c["text"] for c in segments[0])):
        # "II." and, past the tab stop Word's automatic numbering leaves, its heading: one
        # line, not two table columns.
        segments[:2] = [segments[0] + segments[1]]
    out = []
    for segment in segments:
        line = _segment_line(segment, page, size, baseline)
        if line.text.strip():
            out.append(line)
    return out


def _segment_line(chars: list[dict[str, Any]], page: int, size: float, baseline: float) -> Line:
    text: list[str] = []
    markers: list[Marker] = []
    pending_marker = ""
    prev: dict[str, Any] | None = None
    fonts: dict[str, int] = {}

    def flush_marker() -> None:
        nonlocal pending_marker
        if pending_marker:
            before = "".join(text)
            if UNIT_EXPONENT.search(before) and pending_marker in EXPONENTS:
                text.append("".join(EXPONENTS.get(d, d) for d in pending_marker))
            else:
                markers.append(Marker(offset=len("".join(text)), number=int(pending_marker)))
            pending_marker = ""

    for char in chars:
        glyph = char["text"]
        raised = char["bottom"] < baseline - 0.2 * size
        small = char["size"] <= SUPERSCRIPT_RATIO * size
        if small and raised and glyph.isdigit():
            pending_marker += glyph
            prev = char
            continue
        flush_marker()
        gap = char["x0"] - prev["x1"] if prev is not None else 0.0
        if glyph != " " and text and text[-1] != " " and gap > 0.2 * char["size"]:
            text.append(" ")  # PDFs often draw no space glyph between words
        if glyph == " " and text and text[-1] == " ":
            continue
        text.append(glyph)
        if glyph.strip():
            fonts[char["fontname"]] = fonts.get(char["fontname"], 0) + 1
        prev = char
    flush_marker()
    joined = "".join(text)
    if not joined.isascii():
        joined = _nfc_keep_offsets(joined, markers)
    stripped = joined.rstrip()
    lead = len(joined) - len(joined.lstrip())
    for marker in markers:
        marker.offset = max(0, min(marker.offset, len(stripped)) - lead)
    font = max(fonts, key=fonts.get) if fonts else None
    name = (font or "").lower()
    bbox = (
        round(min(c["x0"] for c in chars), 2),
        round(min(c["top"] for c in chars), 2),
        round(max(c["x1"] for c in chars), 2),
        round(max(c["bottom"] for c in chars), 2),
    )
    return Line(
        text=stripped.lstrip(),
        page=page,
        bbox=bbox,
        size=round(size, 2),
        font=font,
        bold="bold" in name or "black" in name,
        italic="italic" in name or "oblique" in name,
        markers=markers,
    )


def _nfc_keep_offsets(text: str, markers: list[Marker]) -> str:
    """NFC-normalize (fonts often emit decomposed diacritics) and move marker offsets along."""
    if not markers:
        return unicodedata.normalize("NFC", text)
    out, cursor = "", 0
    for marker in markers:
        out += unicodedata.normalize("NFC", text[cursor : marker.offset])
        cursor = marker.offset
        marker.offset = len(out)
    return out + unicodedata.normalize("NFC", text[cursor:])


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "ignore")
    return raw.decode("utf-8", "ignore")


def _short_rules(page: Any) -> list[float]:
    """y of short horizontal rules: the footnote separator and the lines under headers."""
    found = []
    width = float(page.width)
    for obj in list(page.lines) + list(page.rects):
        w = abs(obj["x1"] - obj["x0"])
        h = abs(obj["bottom"] - obj["top"])
        if h < 2.0 and 20 < w < 0.6 * width:
            found.append(round(float(obj["top"]), 2))
    return sorted(found)


def _annotation_lines(page: Any, number: int) -> list[Line]:
    """Text that signing tools draw into the blanks (number, day, month) as annotations.

    Its value is not in the page's text stream: take the field value, the contents, or the
    strings shown by the annotation's appearance stream, and place it where it is drawn.
    """
    out = []
    for annot in page.annots or []:
        data = annot.get("data") or {}
        subtype = str(data.get("Subtype", "")).strip("/'\" ")
        if subtype not in ("Widget", "FreeText"):
            continue  # links (LibreOffice makes one per footnote marker) carry no page text
        value = None
        for key in ("V", "Contents"):
            raw = _resolve(data.get(key))
            if isinstance(raw, bytes):
                raw = _pdf_string(raw)
            if isinstance(raw, str) and raw.strip():
                value = raw.strip()
                break
        if value is None:
            value = _appearance_text(data)
        if not value or len(value) > 40:  # long texts are signing stamps, not blanks
            continue
        bbox = (annot["x0"], annot["top"], annot["x1"], annot["bottom"])
        out.append(Line(text=value, page=number, bbox=bbox, font="annotation"))
    return out


SHOWN_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)\s*Tj|\[(.*?)\]\s*TJ", re.S)
LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)")


def _resolve(obj: Any) -> Any:
    return obj.resolve() if hasattr(obj, "resolve") else obj


def _appearance_text(data: dict[str, Any]) -> str | None:
    """Literal strings shown (Tj/TJ) by the normal appearance stream, if any."""
    appearance = _resolve(data.get("AP"))
    if not isinstance(appearance, dict):
        return None
    stream = _resolve(appearance.get("N"))
    if isinstance(stream, dict):  # appearance states: take the first
        stream = _resolve(next(iter(stream.values()), None))
    try:
        content = stream.get_data()  # type: ignore[union-attr]
    except Exception:
        return None
    shown = []
    for match in SHOWN_STRING.finditer(content):
        for literal in LITERAL.finditer(match.group(0)):
            shown.append(literal.group(1).decode("latin-1"))
    text = "".join(shown).strip()
    return text or None
