"""Render the gold structure files as PDFs laid out like real Decree 30 documents.

The project has no original PDFs, so each gold/structure/<stem>.json is written out as a flat ODT
(.fodt) document the way an office clerk builds it in Word (header table, type word and title,
justified body with real footnotes, page numbers from page 2, recipients and signature side by
side, annexes on a new page) and converted by LibreOffice. Besides the canonical rendition, a few
variants (font, size, spacing, margins, footnote size, heading emphasis) keep a PDF parser from
depending on one look.

Usage:
    python scripts/render_corpus.py [--gold gold/structure] [--out corpus/pdf] [--only STEM]
                                    [--variants/--no-variants] [--docx corpus/docx | --no-docx]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template
from typing import Any
from xml.sax.saxutils import escape

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = Path(__file__).resolve().parent / "render_templates" / "document.fodt"

# Heading emphasis as Word users apply it; a variant may override single kinds.
DEFAULT_HEADING_STYLES: Mapping[str, str] = {
    "part": "Heading_Part",
    "chapter": "Heading_Part",
    "subchapter": "Heading_Part",
    "article": "Heading_Bold",
    "roman": "Heading_Bold",
    "arabic": "Heading_Bold",
    "decimal": "Heading_Bold",
    "letter": "Heading_Italic",
    "dash": "Item",
    "plus": "Item",
}


@dataclass(frozen=True)
class Variant:
    """One way of typesetting a document; all sizes in points unless the name says otherwise."""

    name: str
    font: str
    font_generic: str  # ODF generic family: "roman" (serif) or "swiss" (sans)
    body_pt: float
    footnote_pt: float
    line_height_pct: int
    margins_mm: tuple[float, float, float, float]  # top, bottom, left, right
    indent_cm: float
    head_pt: float  # issuer lines and the number line in the header table
    motto_pt: float  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    small_pt: float  # "V/v" summary and annex table cells
    bold_em: float  # average advance of bold text in em, to size the rule under the motto
    heading_styles: Mapping[str, str] = field(default_factory=dict)
    # Some offices' PDFs carry decomposed diacritics (seed 001); "NFD" reproduces that.
    unicode_form: str = "NFC"

    def heading_style(self, kind: str) -> str:
        return self.heading_styles.get(kind, DEFAULT_HEADING_STYLES.get(kind, "Heading_Bold"))


# fmt: off
CANONICAL = Variant(
    name="canonical", font="Liberation Serif", font_generic="roman", body_pt=14, footnote_pt=10,
    line_height_pct=115, margins_mm=(20, 20, 30, 15), indent_cm=1.0, head_pt=13, motto_pt=13,
    small_pt=12, bold_em=0.45,
)

# The variant table: each row changes several things at once, as different offices do.
VARIANTS: tuple[Variant, ...] = (
    Variant(
        name="dejavu", font="DejaVu Serif", font_generic="roman", body_pt=13, footnote_pt=10,
        line_height_pct=115, margins_mm=(20, 20, 30, 15), indent_cm=1.27, head_pt=12,
        motto_pt=11.5, small_pt=11, bold_em=0.585,
    ),
    Variant(
        name="spaced", font="Liberation Serif", font_generic="roman", body_pt=13, footnote_pt=11,
        line_height_pct=150, margins_mm=(25, 20, 30, 20), indent_cm=1.27, head_pt=13,
        motto_pt=12, small_pt=12, bold_em=0.45,
        heading_styles={"decimal": "Heading_BoldItalic", "letter": "Item"},
    ),
    Variant(
        name="margins", font="Liberation Serif", font_generic="roman", body_pt=14, footnote_pt=12,
        line_height_pct=115, margins_mm=(25, 25, 35, 20), indent_cm=1.27, head_pt=13,
        motto_pt=13, small_pt=12, bold_em=0.45,
        heading_styles={"arabic": "Heading_BoldItalic"}, unicode_form="NFD",
    ),
    Variant(
        name="sans", font="Liberation Sans", font_generic="swiss", body_pt=13, footnote_pt=9,
        line_height_pct=120, margins_mm=(22, 20, 32, 18), indent_cm=1.0, head_pt=12,
        motto_pt=12, small_pt=11, bold_em=0.495,
    ),
)
# fmt: on

# Gold JSON objects (documents, blocks, footnotes, annexes) are read as plain mappings.
Json = Mapping[str, Any]
# Day, month, year as printed on the page; None where the page leaves a blank.
DateHint = tuple[str | None, str | None, str | None] | None

MARKER_RE = re.compile(r"\[\^(\d+)\]")
# Characters XML 1.0 cannot carry at all (stray form feeds from text exports).
XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BLANK = "      "  # what a signing office leaves for the number, day and month
TITLE_MAX_CHARS = 160
MM_PER_PT = 25.4 / 72
CELL_PADDING_MM = 0.8
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"


# ---------------------------------------------------------------------------------------------
# Gold input


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        doc: dict[str, Any] = json.load(handle)
    doc.setdefault("document", path.stem)
    return doc


def printed_date_hint(text_path: Path) -> DateHint:
    """Day, month and year as the seed's text layer prints them when the gold date is null.

    An e-signed document shows "ngày   tháng 01 năm 2026": the gold keeps date null, but the
    month and year are on the page and belong in a faithful rendition.
    """
    if not text_path.is_file():
        return None
    head = text_path.read_text(encoding="utf-8").splitlines()[:20]
    pattern = re.compile(r",\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})?")
    for line in head:
        match = pattern.search(line)
        if match:
            return match.group(1), match.group(2), match.group(3)
    return None


# ---------------------------------------------------------------------------------------------
# XML helpers


def xml_text(text: str) -> str:
    """Escape text for a text:p; keep runs of spaces, tabs and line breaks (ODF collapses them)."""
    text = escape(XML_INVALID_RE.sub("", text))
    text = re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group()) - 1}"/>', text)
    if text.startswith(" "):
        text = "<text:s/>" + text[1:]
    return text.replace("\t", "<text:tab/>").replace("\n", "<text:line-break/>")


def para(style: str, inner: str) -> str:
    return f'<text:p text:style-name="{style}">{inner}</text:p>'


def cell(style: str, paragraphs: Iterable[str]) -> str:
    body = "".join(paragraphs) or para("Standard", "")
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string">{body}'
        "</table:table-cell>"
    )


def table(name: str, style: str, column_styles: Sequence[str], rows: Sequence[str]) -> str:
    columns = "".join(f'<table:table-column table:style-name="{c}"/>' for c in column_styles)
    return (
        f'<table:table table:name="{name}" table:style-name="{style}">{columns}'
        + "".join(rows)
        + "</table:table>"
    )


def row(cells: Iterable[str], style: str = "Row_Keep") -> str:
    return f'<table:table-row table:style-name="{style}">' + "".join(cells) + "</table:table-row>"


# ---------------------------------------------------------------------------------------------
# Footnotes


class Footnotes:
    """Turns [^N] markers into ODF notes carrying the gold footnote text."""

    def __init__(self, footnotes: Sequence[Json], marker_order: Sequence[int]) -> None:
        self.texts = {int(note["number"]): str(note.get("text", "")) for note in footnotes}
        # LibreOffice numbers notes itself; a custom label is needed only where the gold's
        # numbering is not 1, 2, 3 ... in reading order (gaps, repeats), so the page shows what
        # the gold says.
        self.custom_labels = list(marker_order) != list(range(1, len(marker_order) + 1))
        self.used = 0
        for number in sorted(set(self.texts) - set(marker_order)):
            warn(f"footnote {number} has no [^{number}] marker in the text; it is not rendered")

    def note(self, number: int) -> str:
        self.used += 1
        text = self.texts.get(number)
        if text is None:
            warn(f"marker [^{number}] has no footnote text")
            text = ""
        label = f' text:label="{number}"' if self.custom_labels else ""
        # Word puts a space between the footnote number and its text.
        body = "".join(para("Footnote", xml_text(" " + line)) for line in text.split("\n"))
        return (
            f'<text:note text:id="ftn{self.used}" text:note-class="footnote">'
            f"<text:note-citation{label}>{number}</text:note-citation>"
            f"<text:note-body>{body}</text:note-body></text:note>"
        )


def marker_order(doc: Json) -> list[int]:
    texts = [block_text(block) for block in iter_blocks(doc)]
    return [int(m.group(1)) for text in texts for m in MARKER_RE.finditer(text)]


def iter_blocks(doc: Json) -> Iterable[Json]:
    yield from doc.get("blocks", [])
    for annex in doc.get("annexes", []) or []:
        yield from annex.get("blocks", [])


def block_text(block: Json) -> str:
    if block.get("type") == "table":
        return " ".join(str(c) for r in block.get("rows", []) for c in r)
    return str(block.get("text", ""))


def inline(text: str, notes: Footnotes) -> str:
    """Text with its [^N] markers replaced by footnotes, in ODF inline markup."""
    parts: list[str] = []
    position = 0
    for match in MARKER_RE.finditer(text):
        parts.append(xml_text(text[position : match.start()]))
        parts.append(notes.note(int(match.group(1))))
        position = match.end()
    parts.append(xml_text(text[position:]))
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Page geometry and automatic styles


@dataclass(frozen=True)
class Geometry:
    text_width_mm: float
    header_left_mm: float
    header_right_mm: float
    header_outdent_mm: float
    closing_left_mm: float
    closing_right_mm: float


def geometry(variant: Variant) -> Geometry:
    _, _, left, right = variant.margins_mm
    text_width = 210 - left - right
    # Word users widen the header table past the left margin so the long issuer and motto lines
    # fit; 10 mm is a common amount.
    outdent = 10.0
    header_width = text_width + outdent
    return Geometry(
        text_width_mm=text_width,
        header_left_mm=round(header_width * 0.40, 2),
        header_right_mm=round(header_width * 0.60, 2),
        header_outdent_mm=outdent,
        closing_left_mm=round(text_width * 0.45, 2),
        closing_right_mm=round(text_width * 0.55, 2),
    )


def rule_style(name: str, container_mm: float, rule_mm: float) -> str:
    """A short horizontal rule: an empty tiny paragraph with a bottom border, centred by margins."""
    side = max((container_mm - rule_mm) / 2, 0)
    return (
        f'<style:style style:name="{name}" style:family="paragraph" '
        'style:parent-style-name="Standard">'
        f'<style:paragraph-properties fo:margin-left="{side:.2f}mm" fo:margin-right="{side:.2f}mm" '
        'fo:margin-top="0pt" fo:margin-bottom="0pt" fo:line-height="100%" '
        'fo:border-bottom="0.5pt solid #000000" fo:padding="0mm"/>'
        '<style:text-properties fo:font-size="2pt"/></style:style>'
    )


def table_style(name: str, width_mm: float, margin_left_mm: float, extra: str = "") -> str:
    return (
        f'<style:style style:name="{name}" style:family="table"{extra}>'
        f'<style:table-properties style:width="{width_mm:.2f}mm" table:align="left" '
        f'fo:margin-left="{margin_left_mm:.2f}mm" fo:margin-top="0mm" fo:margin-bottom="0mm"/>'
        "</style:style>"
    )


def column_style(name: str, width_mm: float) -> str:
    return (
        f'<style:style style:name="{name}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width_mm:.2f}mm"/></style:style>'
    )


def cell_style(name: str, border: str) -> str:
    return (
        f'<style:style style:name="{name}" style:family="table-cell">'
        f'<style:table-cell-properties fo:padding="{CELL_PADDING_MM}mm" fo:border="{border}"/>'
        "</style:style>"
    )


def row_style(name: str, keep_together: str) -> str:
    return (
        f'<style:style style:name="{name}" style:family="table-row">'
        f'<style:table-row-properties fo:keep-together="{keep_together}"/></style:style>'
    )


def automatic_styles(variant: Variant, geo: Geometry, grid_columns: Iterable[int]) -> str:
    # Decree 30: the rule under "Độc lập - Tự do - Hạnh phúc" is as long as that line.
    motto_width_mm = len(MOTTO_SUB) * variant.body_pt * variant.bold_em * MM_PER_PT
    styles = [
        # The first element of the body carries the master page switch: page 1 has no header.
        table_style(
            "Header_Table",
            geo.header_left_mm + geo.header_right_mm,
            -geo.header_outdent_mm,
            ' style:master-page-name="First_20_Page"',
        ),
        column_style("Header_Col_L", geo.header_left_mm),
        column_style("Header_Col_R", geo.header_right_mm),
        table_style("Closing_Table", geo.text_width_mm, 0),
        column_style("Closing_Col_L", geo.closing_left_mm),
        column_style("Closing_Col_R", geo.closing_right_mm),
        cell_style("Cell_Plain", "none"),
        cell_style("Cell_Grid", "0.5pt solid #000000"),
        row_style("Row_Keep", "always"),
        row_style("Row_Plain", "auto"),
        rule_style("Rule_Left", geo.header_left_mm - 2 * CELL_PADDING_MM, 25),
        rule_style("Rule_Right", geo.header_right_mm - 2 * CELL_PADDING_MM, motto_width_mm),
        rule_style("Rule_Title", geo.text_width_mm, 40),
        # A blank line between the closing sentence and "Nơi nhận:" / the signature.
        (
            '<style:style style:name="Closing_Gap" style:family="paragraph" '
            'style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0pt" '
            'fo:margin-bottom="0pt"/><style:text-properties fo:font-size="12pt"/></style:style>'
        ),
    ]
    for columns in sorted(set(grid_columns)):
        styles.append(table_style(f"Grid_Table_{columns}", geo.text_width_mm, 0))
        styles.append(column_style(f"Grid_Col_{columns}", geo.text_width_mm / columns))
    return "\n".join(styles)


# ---------------------------------------------------------------------------------------------
# Document parts


def is_party(meta: Json) -> bool:
    """Party documents (HD 36-HD/VPTW) print "ĐẢNG CỘNG SẢN VIỆT NAM" instead of the motto."""
    issuers = f"{meta.get('parent_issuer') or ''} {meta.get('issuer') or ''}".upper()
    symbol = str(meta.get("symbol") or "")
    return "ĐẢNG" in issuers or ("/" in symbol and "-" not in symbol)


def is_official_letter(meta: Json) -> bool:
    """A Công văn has no type word; its summary goes under the number as "V/v ..."."""
    return str(meta.get("doc_type") or "").lower() == "công văn"


def number_line(meta: Json, party: bool) -> str:
    number = str(meta.get("number") or BLANK)
    symbol = str(meta.get("symbol") or "")
    # Party symbols are number-TYPE/ISSUER and printed without a colon ("Số 04-CTr/TU").
    if party:
        return f"Số {number}-{symbol}"
    return f"Số: {number}/{symbol}"


def two_digits_if_small(value: int, limit: int) -> str:
    # Decree 30: days below 10 and months 1 and 2 are written with a leading zero.
    return f"{value:02d}" if value < limit else str(value)


def date_line(meta: Json, hint: DateHint) -> str:
    place = meta.get("place")
    prefix = f"{place}, " if place else ""
    if meta.get("date"):
        when = date.fromisoformat(str(meta["date"]))
        day = two_digits_if_small(when.day, 10)
        month = two_digits_if_small(when.month, 3)
        return f"{prefix}ngày {day} tháng {month} năm {when.year}"
    day, month, year = hint or (None, None, None)
    return f"{prefix}ngày {day or BLANK} tháng {month or BLANK} năm {year or BLANK}"


def header_table(meta: Json, hint: DateHint) -> str:
    party = is_party(meta)
    left = []
    if meta.get("parent_issuer"):
        left.append(para("Head_Center", xml_text(str(meta["parent_issuer"]).upper())))
    if meta.get("issuer"):
        left.append(para("Head_Bold", xml_text(str(meta["issuer"]).upper())))
    # Party documents mark the issuer with a star instead of a rule.
    left.append(para("Head_Center", "*") if party else para("Rule_Left", ""))
    left.append(para("Head_Number", xml_text(number_line(meta, party))))
    if is_official_letter(meta) and meta.get("title"):
        left.append(para("Head_Summary", xml_text(f"V/v {meta['title']}")))
    if party:
        right = [para("Head_MottoSub", "ĐẢNG CỘNG SẢN VIỆT NAM"), para("Rule_Right", "")]
    else:
        right = [
            para("Head_Motto", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            para("Head_MottoSub", MOTTO_SUB),
            para("Rule_Right", ""),
        ]
    right.append(para("Head_Date", xml_text(date_line(meta, hint))))
    cells = [cell("Cell_Plain", left), cell("Cell_Plain", right)]
    return table("Header", "Header_Table", ["Header_Col_L", "Header_Col_R"], [row(cells)])


def title_block(meta: Json) -> list[str]:
    if is_official_letter(meta):
        return [para("Doc_Type", "")]
    parts = [para("Doc_Type", xml_text(str(meta.get("doc_type") or "").upper()))]
    if meta.get("title"):
        parts.append(para("Doc_Title", xml_text(str(meta["title"]))))
    parts.append(para("Rule_Title", ""))
    return parts


def is_title_like(text: str) -> bool:
    """Short labelled lines are headings set in bold/italic; labelled sentences stay plain."""
    plain = MARKER_RE.sub("", text).strip()
    return len(plain) <= TITLE_MAX_CHARS and not plain.endswith((".", ";", ":"))


def heading_xml(block: Json, variant: Variant, notes: Footnotes) -> str:
    kind = str(block.get("kind") or "")
    label = str(block.get("label") or "")
    text = str(block.get("text") or "")
    style = variant.heading_style(kind)
    if kind in ("part", "chapter", "subchapter"):
        # "Phần thứ nhất" / "Chương I" stands on its own line above its title.
        return para(style, xml_text(label) + "<text:line-break/>" + inline(text, notes))
    if style != "Item" and kind != "roman" and not is_title_like(text):
        style = "Item"
    return para(style, xml_text(f"{label} ") + inline(text, notes))


def grid_table_xml(block: Json, notes: Footnotes, index: int) -> str:
    rows = [[str(c) for c in r] for r in block.get("rows", [])]
    columns = max((len(r) for r in rows), default=1)
    xml_rows = []
    for number, cells in enumerate(rows):
        style = "Table_Head" if number == 0 else "Table_Cell"
        padded = cells + [""] * (columns - len(cells))
        xml_rows.append(
            row((cell("Cell_Grid", [para(style, inline(c, notes))]) for c in padded), "Row_Plain")
        )
    column_styles = [f"Grid_Col_{columns}"] * columns
    return table(f"Table{index}", f"Grid_Table_{columns}", column_styles, xml_rows)


def block_xml(block: Json, variant: Variant, notes: Footnotes, index: int) -> str:
    kind = block.get("type")
    if kind == "heading":
        return heading_xml(block, variant, notes)
    if kind == "table":
        return grid_table_xml(block, notes, index)
    if block.get("align") == "center":  # "QUYẾT ĐỊNH:", who decides: centred, bold
        return para("Heading_Part", inline(str(block.get("text") or ""), notes))
    return para("Body", inline(str(block.get("text") or ""), notes))


def addressee_block(meta: Json) -> list[str]:
    """ "Kính gửi:" under the title (letters, submissions): one addressee on the same line,
    several as a dash list under it."""
    names = list(meta.get("addressees") or [])
    if len(names) == 1:
        return [para("Addressee_Head", xml_text(f"Kính gửi: {names[0]}."))]
    if not names:
        return []
    return [para("Addressee_Head", "Kính gửi:"),
            *(para("Addressee", xml_text(line)) for line in recipient_lines(names))]


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    # Gold strips the list punctuation; print it back: ";" after each line, "." after the last.
    last = len(recipients) - 1
    return [f"- {name}{'.' if i == last else ';'}" for i, name in enumerate(recipients)]


def closing_table(meta: Json) -> str:
    recipients = list(meta.get("recipients") or [])
    left = []
    if recipients:
        left.append(para("Recipients_Head", "Nơi nhận:"))
        left.extend(para("Recipient", xml_text(line)) for line in recipient_lines(recipients))
    signer = meta.get("signer") or {}
    right = [para("Sign_Line", xml_text(str(line).upper())) for line in signer.get("authority", [])]
    if signer.get("title"):
        right.append(para("Sign_Line", xml_text(str(signer["title"]).upper())))
    if signer.get("name"):
        right.append(para("Sign_Name", xml_text(str(signer["name"]))))
    cells = [cell("Cell_Plain", left), cell("Cell_Plain", right)]
    return table("Closing", "Closing_Table", ["Closing_Col_L", "Closing_Col_R"], [row(cells)])


def annex_xml(annex: Json, variant: Variant, notes: Footnotes, start: int) -> list[str]:
    label = str(annex.get("label") or "PHỤ LỤC").upper()
    parts = [para("Annex_Label", xml_text(label))]
    if annex.get("title"):
        parts.append(para("Annex_Title", xml_text(str(annex["title"]))))
    for key in ("note", "subtitle"):
        if annex.get(key):
            parts.append(para("Annex_Note", xml_text(str(annex[key]))))
    blocks = annex.get("blocks", []) or []
    parts.extend(block_xml(b, variant, notes, start + i) for i, b in enumerate(blocks))
    return parts


def grid_column_counts(doc: Json) -> list[int]:
    return [
        max((len(r) for r in block.get("rows", [])), default=1)
        for block in iter_blocks(doc)
        if block.get("type") == "table"
    ]


def body_xml(doc: Json, variant: Variant, hint: DateHint) -> str:
    meta = doc.get("metadata", {})
    notes = Footnotes(doc.get("footnotes", []) or [], marker_order(doc))
    parts = [header_table(meta, hint), *title_block(meta), *addressee_block(meta)]
    blocks = doc.get("blocks", []) or []
    parts.extend(block_xml(block, variant, notes, i) for i, block in enumerate(blocks))
    parts.append(para("Closing_Gap", ""))
    parts.append(closing_table(meta))
    start = len(blocks)
    for annex in doc.get("annexes", []) or []:
        parts.extend(annex_xml(annex, variant, notes, start))
        start += len(annex.get("blocks", []) or [])
    return "\n".join(parts)


def build_fodt(doc: Json, variant: Variant, hint: DateHint = None) -> str:
    """The complete flat ODT document for one gold file in one variant."""
    top, bottom, left, right = variant.margins_mm
    header_line_mm = variant.body_pt * 1.15 * MM_PER_PT
    rest_top = max(top - 10, 5)
    values = {
        "font": variant.font,
        "font_generic": variant.font_generic,
        "body_pt": variant.body_pt,
        "footnote_pt": variant.footnote_pt,
        "header_pt": variant.body_pt,
        "head_pt": variant.head_pt,
        "motto_pt": variant.motto_pt,
        "small_pt": variant.small_pt,
        "line_height": variant.line_height_pct,
        "indent_cm": variant.indent_cm,
        "top_mm": top,
        "bottom_mm": bottom,
        "left_mm": left,
        "right_mm": right,
        "rest_top_mm": rest_top,
        "header_gap_mm": round(max(top - rest_top - header_line_mm, 1), 2),
        "automatic_styles": automatic_styles(variant, geometry(variant), grid_column_counts(doc)),
        "body": unicodedata.normalize(variant.unicode_form, body_xml(doc, variant, hint)),
    }
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    return template.substitute(values)


# ---------------------------------------------------------------------------------------------
# Conversion and PDF post-processing


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(
    sources: Sequence[Path], outdir: Path, soffice: str, target: str = "pdf"
) -> None:
    """Convert all sources to `target` ("pdf", "docx") in one LibreOffice run (start-up
    dominates the cost)."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *(str(path) for path in sources),
        ]
        # A private profile lets this run beside other LibreOffice instances; TZ=UTC keeps the
        # date stamp's length fixed for normalize_pdf.
        env = {**os.environ, "TZ": "UTC"}
        result = subprocess.run(
            command, check=False, capture_output=True, text=True, env=env, timeout=1800
        )
    missing = [p for p in sources if not (outdir / f"{p.stem}.{target}").is_file()]
    if result.returncode != 0 or missing:
        raise RuntimeError(
            f"soffice failed (rc={result.returncode}) for {[p.name for p in missing]}:\n"
            f"{result.stdout}\n{result.stderr}"
        )


def normalize_pdf(data: bytes) -> bytes:
    """Make LibreOffice's output reproducible: fixed creation date, content-derived IDs.

    Every replacement keeps the byte length, so the cross-reference offsets stay valid.
    """
    data = re.sub(rb"(/CreationDate\(D:)\d{14}", rb"\g<1>20000101000000", data)
    blanked = re.sub(rb"(/ID \[ <|> *\n?<|/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + b"0" * 32, data)
    digest = hashlib.md5(blanked).hexdigest().upper().encode()
    return re.sub(rb"(/ID \[ <|> *\n?<|/DocChecksum /)[0-9A-F]{32}", rb"\g<1>" + digest, data)


def normalize_docx(data: bytes) -> bytes:
    """Make LibreOffice's DOCX reproducible: fixed zip entry times, no creation/save dates."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>2000-01-01T00:00:00Z", content)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def installed_fonts() -> set[str]:
    if not shutil.which("fc-list"):
        return set()
    command = ["fc-list", ":", "family"]
    listing = subprocess.run(command, check=False, capture_output=True, text=True).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",")}


# ---------------------------------------------------------------------------------------------
# CLI


@dataclass(frozen=True)
class Job:
    stem: str
    variant: Variant
    fodt_name: str
    target: Path


def plan_jobs(stems: Sequence[str], out: Path, with_variants: bool) -> list[Job]:
    jobs = [Job(stem, CANONICAL, f"{stem}.fodt", out / f"{stem}.pdf") for stem in stems]
    if with_variants:
        jobs += [
            Job(stem, v, f"{stem}.{v.name}.fodt", out / "variants" / f"{stem}.{v.name}.pdf")
            for stem in stems
            for v in VARIANTS
        ]
    return jobs


def render(
    gold_files: Sequence[Path],
    out: Path,
    text_dir: Path,
    with_variants: bool,
    fodt_dir: Path | None = None,
    docx_dir: Path | None = None,
) -> list[tuple[Path, int]]:
    """Render every gold file (and its variants); return (pdf path, page count) pairs. With
    `docx_dir`, the canonical rendition is also saved there as DOCX (Word's format, read by
    docparse's DOCX path)."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    docs = {path.stem: load_gold(path) for path in gold_files}
    jobs = plan_jobs(list(docs), out, with_variants)
    check_fonts({job.variant.font for job in jobs})
    written: list[tuple[Path, int]] = []
    with tempfile.TemporaryDirectory(prefix="render-corpus-") as tmp:
        work = Path(tmp)
        sources = []
        for job in jobs:
            hint = printed_date_hint(text_dir / f"{job.stem}.txt")
            source = work / job.fodt_name
            source.write_text(build_fodt(docs[job.stem], job.variant, hint), encoding="utf-8")
            sources.append(source)
        if fodt_dir is not None:
            fodt_dir.mkdir(parents=True, exist_ok=True)
            for source in sources:
                shutil.copy(source, fodt_dir / source.name)
        convert_to_pdf(sources, work, soffice)
        for job, source in zip(jobs, sources, strict=True):
            data = normalize_pdf((work / f"{source.stem}.pdf").read_bytes())
            job.target.parent.mkdir(parents=True, exist_ok=True)
            job.target.write_bytes(data)
            written.append((job.target, page_count(data)))
        if docx_dir is not None:
            canonical = [source for job, source in zip(jobs, sources, strict=True)
                         if job.variant is CANONICAL]
            convert_to_pdf(canonical, work, soffice, target="docx")
            docx_dir.mkdir(parents=True, exist_ok=True)
            for source in canonical:
                data = normalize_docx((work / f"{source.stem}.docx").read_bytes())
                (docx_dir / f"{source.stem}.docx").write_bytes(data)
    return written


def check_fonts(fonts: set[str]) -> None:
    available = installed_fonts()
    for font in sorted(fonts):
        if available and font not in available:
            warn(f"font {font!r} is not installed; LibreOffice will substitute another")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render gold/structure/*.json as Decree 30 style PDFs through LibreOffice."
    )
    parser.add_argument("--gold", type=Path, default=REPO_ROOT / "gold" / "structure")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "corpus" / "pdf")
    parser.add_argument(
        "--text",
        type=Path,
        default=REPO_ROOT / "corpus" / "text",
        help="seed texts, read for the partly printed date of documents whose gold date is null",
    )
    parser.add_argument("--only", action="append", metavar="STEM", help="render only STEM")
    parser.add_argument("--variants", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--fodt-dir", type=Path, help="also keep the generated .fodt files here")
    parser.add_argument("--docx", type=Path, default=REPO_ROOT / "corpus" / "docx",
                        help="also save the canonical rendition as DOCX here")
    parser.add_argument("--no-docx", dest="docx", action="store_const", const=None)
    return parser.parse_args(argv)


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    gold_files = sorted(args.gold.glob("*.json"))
    if args.only:
        gold_files = [path for path in gold_files if path.stem in set(args.only)]
        unknown = set(args.only) - {path.stem for path in gold_files}
        if unknown:
            print(f"error: no gold file for {sorted(unknown)} in {args.gold}", file=sys.stderr)
            return 2
    if not gold_files:
        print(f"nothing to render: no gold files in {args.gold}", file=sys.stderr)
        return 1
    for path, pages in render(gold_files, args.out, args.text, args.variants, args.fodt_dir,
                              args.docx):
        print(f"{display(path)}\t{pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
