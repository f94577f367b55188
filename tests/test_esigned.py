"""E-signed PDFs: the number, day and month live in annotations, not in the page text."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from docparse.pipeline import ParseOptions, parse_path

SOURCE = Path(__file__).resolve().parent.parent / "corpus/pdf/002_4e8fcf440fea68e7.pdf"


def _widget(writer: PdfWriter, rect: tuple[float, float, float, float], text: str) -> None:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    appearance = StreamObject()
    appearance.set_data(f"BT /Helv 11 Tf 1 3 Td ({text}) Tj ET".encode())
    appearance.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                          FloatObject(width), FloatObject(height)]),
    })
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject("Signature"),
        NameObject("/F"): NumberObject(4),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(appearance)}),
    })
    writer.add_annotation(page_number=0, annotation=annot)


def _x_after(words: list[dict], text: str) -> tuple[float, float, float]:
    word = next(w for w in words if w["text"] == text)
    return word["x1"], word["top"], word["bottom"]


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pdfplumber.open(SOURCE) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        words = page.extract_words()
    writer = PdfWriter(clone_from=PdfReader(SOURCE))
    for after, value in (("Số:", "45"), ("ngày", "07"), ("tháng", "04")):
        x, top, bottom = _x_after(words, after)
        _widget(writer, (x + 1, height - bottom, x + 18, height - top), value)
    out = tmp_path_factory.mktemp("signed") / "signed.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def test_text_layer_alone_leaves_the_blanks(signed: Path) -> None:
    with pdfplumber.open(signed) as pdf:
        assert "Số: /KH-UBND" in pdf.pages[0].extract_text()


def test_number_and_date_are_read_from_the_signature(signed: Path) -> None:
    meta = parse_path(signed, ParseOptions(enrich=False)).metadata
    assert meta.number == "45"
    assert meta.symbol == "KH-UBND"
    assert meta.date is None  # the year is blank in this rendition: no full date to give


def test_annotation_values_stay_out_of_the_body(signed: Path) -> None:
    doc = parse_path(signed, ParseOptions(enrich=False))
    assert all(p.text not in ("45", "07", "04") for p, _ in doc.iter_paragraphs())


def test_day_drawn_into_a_dated_header(tmp_path: Path) -> None:
    source = SOURCE.parent / "000_8f58422a01f4422a.pdf"  # "ngày   tháng 01 năm 2026"
    with pdfplumber.open(source) as pdf:
        height = float(pdf.pages[0].height)
        words = pdf.pages[0].extract_words()
    writer = PdfWriter(clone_from=PdfReader(source))
    x, top, bottom = _x_after(words, "ngày")
    _widget(writer, (x + 1, height - bottom, x + 16, height - top), "15")
    out = tmp_path / "signed.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    assert parse_path(out, ParseOptions(enrich=False)).metadata.date == "2026-01-15"
