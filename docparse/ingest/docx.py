"""DOCX in -> one page of lines, read from the Word XML with python-docx.

Word keeps no layout, so the lines take the one-paragraph-per-line text shape: each body
paragraph or table-cell paragraph is a line, footnote references become superscript digits
and the footnotes follow as lines starting with their superscript number, which is the form
the text layout already understands. Labels from Word's automatic numbering ("II.", "a)",
"-") are put back in front of their paragraphs (docx_numbering). Runs in legacy TCVN3 or VNI
fonts (.VnTime, VNI-Times) are made Unicode.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.docx_numbering import Numbering
from docparse.ingest.legacy_fonts import (
    capital_font,
    is_tcvn3,
    is_vni,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from docparse.ingest.lines import CELL_SEPARATOR, Line, Page, RawDocument, through_last

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def read_docx(data: bytes, path: str) -> RawDocument:
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocparseError(ErrorCode.CORRUPT, path=path, detail=str(exc)[:120]) from None
    lines: list[Line] = []
    body = document.element.body
    fonts = _Fonts.of(document)
    # Word numbers footnotes by internal id (LibreOffice starts at 2): renumber them 1..n in
    # the order their references appear, which is the number printed on the page.
    numbers: dict[str, int] = {}
    for ref in body.iter(f"{W}footnoteReference"):
        numbers.setdefault(str(ref.get(f"{W}id")), len(numbers) + 1)
    # Automatic numbering counts in reading order, table cells included: label every
    # paragraph once, before any is read.
    numbering = Numbering(document)
    labels = {p: label for p in body.iter(f"{W}p") if (label := numbering.label(p))}
    for element in _blocks(body):
        if element.tag == f"{W}p":
            lines.extend(_lines(_paragraph_text(element, numbers, fonts, labels)))
        elif element.tag == f"{W}tbl":
            lines.extend(_table_lines(element, numbers, fonts, labels))
    lines.extend(_line(" ".join(t.split())) for t in _footnotes(document, numbers, fonts))
    warnings = [f"text in legacy Vietnamese fonts ({', '.join(sorted(fonts.decoded))}) was "
                "converted to Unicode"] if fonts.decoded else []
    return RawDocument(format="docx", pages=[Page(number=1, lines=lines)], warnings=warnings)


def _blocks(parent: object) -> Iterator[object]:
    """The body's paragraphs and tables in order, including those inside content controls
    (w:sdt, which Word templates wrap around parts of a form) and custom XML wrappers."""
    for element in parent.iterchildren():  # type: ignore[attr-defined]
        if element.tag in (f"{W}p", f"{W}tbl"):
            yield element
        elif element.tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif element.tag == f"{W}customXml":
            yield from _blocks(element)


@dataclass
class _Fonts:
    """The font a run without its own takes, and the TCVN3 and VNI fonts of the document
    (decided on all the text set in each font: one run of "cã" does not show the encoding,
    the document does)."""

    default: str | None
    tcvn3: set[str] = field(default_factory=set)
    vni: set[str] = field(default_factory=set)
    decoded: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: object) -> _Fonts:
        try:
            default = document.styles["Normal"].font.name  # type: ignore[attr-defined]
        except (KeyError, AttributeError):
            default = None
        fonts = cls(default)
        drawn: dict[str, list[str]] = {}
        for node in document.element.body.iter(f"{W}t"):  # type: ignore[attr-defined]
            drawn.setdefault(fonts.font(node) or "", []).append(node.text or "")
        fonts.tcvn3 = {f for f, texts in drawn.items() if is_tcvn3(f, "".join(texts))}
        fonts.vni = {f for f, texts in drawn.items() if is_vni(f, "".join(texts))}
        return fonts

    def font(self, node: object) -> str | None:
        run = node.getparent()  # type: ignore[attr-defined]
        given = run.find(f"{W}rPr/{W}rFonts") if run is not None else None
        font = (given.get(f"{W}ascii") or given.get(f"{W}hAnsi")) if given is not None else None
        return font or self.default

    def text(self, node: object) -> str:
        text: str = node.text  # type: ignore[attr-defined]
        font = self.font(node)
        if font in self.tcvn3:
            self.decoded.add(font)
            return tcvn3_to_unicode(text, capitals=capital_font(font))
        if font in self.vni:
            self.decoded.add(font)
            return vni_to_unicode(text)
        return text


def _line(text: str, cells: list[str] | None = None) -> Line:
    return Line(text=unicodedata.normalize("NFC", text), cells=cells)


def _lines(text: str) -> list[Line]:
    """A paragraph's lines: Word line breaks inside it start new lines, as on the page."""
    return [_line(part) for part in text.split("\n")]


def _table_lines(
    table: object, numbers: dict[str, int], fonts: _Fonts, labels: dict[object, str]
) -> list[Line]:
    """A data table (3+ columns, 2+ rows): a line per row with its cells. The header and
    signature tables of Decree 30 (two columns) are read paragraph by paragraph."""
    rows: list[list[str]] = []
    for row in table.iterchildren(f"{W}tr"):  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.iterchildren(f"{W}tc"):
            text = " ".join(" ".join(_paragraph_text(p, numbers, fonts, labels).split())
                            for p in cell.iter(f"{W}p")).strip()
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") in (None, "continue") and rows:
                # Merged down from the row above ("Cơ quan chủ trì" over several tasks).
                above = rows[-1]
                text = above[len(cells)] if len(cells) < len(above) else text
            # A cell spanning columns keeps the others in place ("I | Nhóm nhiệm vụ ...").
            cells.extend([text, *[""] * (int(span.get(f"{W}val", "1")) - 1 if span is not None
                                           else 0)])
        rows.append(cells)
    if len(rows) >= 2 and max(len(r) for r in rows) >= 3:
        return [_line(CELL_SEPARATOR.join(through_last(r)),
                      [unicodedata.normalize("NFC", c) for c in r])
                for r in rows if any(r)]
    paragraphs = table.iter(f"{W}p")  # type: ignore[attr-defined]
    return [line for p in paragraphs
            for line in _lines(_paragraph_text(p, numbers, fonts, labels))]


def _paragraph_text(
    paragraph: object, numbers: dict[str, int], fonts: _Fonts,
    labels: dict[object, str] | None = None,
) -> str:
    label = (labels or {}).get(paragraph)
    out: list[str] = [f"{label} "] if label else []
    for node in paragraph.iter():  # type: ignore[attr-defined]
        if node.tag == f"{W}t" and node.text:
            out.append(fonts.text(node))
        elif node.tag == f"{W}tab":
            out.append(" ")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")  # a line break inside the paragraph (Shift+Enter)
        elif node.tag == f"{W}footnoteReference":
            number = numbers.get(str(node.get(f"{W}id")))
            if number is not None:
                out.append(str(number).translate(SUPERSCRIPTS))
    return "".join(out)


def _footnotes(document: object, numbers: dict[str, int], fonts: _Fonts) -> list[str]:
    part = None
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    notes: list[tuple[int, str]] = []
    for note in root.iter(f"{W}footnote"):
        number = numbers.get(str(note.get(f"{W}id")))
        if number is None:
            continue  # separators, and notes nothing refers to
        text = " ".join(_paragraph_text(p, {}, fonts) for p in note.iter(f"{W}p")).strip()
        notes.append((number, f"{str(number).translate(SUPERSCRIPTS)} {text}"))
    return [line for _, line in sorted(notes)]
