"""Build small e-signed-like PDFs for the tests: what the government signing workflow does.

The page text leaves the blanks of "Số:      /KH-UBND" and "ngày    tháng 3 năm 2026"; the
values are drawn by widget annotations whose appearances are layered the way Adobe's
signing handlers write them (/AP /N -> form /FRM -> layer forms /n0 and /n2), a signing
stamp widget draws "Ký bởi: ... Thời gian ký: ..." and, optionally, the annotations
reference each other (and their page) in a cycle: a widget's /Parent field lists it among
its /Kids, a popup points back at its parent, and a widget names itself in a private key.
The page content is written by pdfium (text in an embedded TrueType font); the annotations
are added with pypdf.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE = (595.0, 842.0)
BODY = [
    (72, 60, 12, "ỦY BAN NHÂN DÂN"), (330, 60, 12, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (90, 76, 12, "TỈNH LÂM ĐỒNG"), (350, 76, 12, "Độc lập - Tự do - Hạnh phúc"),
    (72, 104, 13, "Số:          /KH-UBND"), (320, 104, 13, "Lâm Đồng, ngày       tháng 3 năm 2026"),
    (260, 150, 14, "KẾ HOẠCH"), (170, 168, 13, "Kiểm tra công tác cải cách hành chính"),
    (90, 210, 13, "I. MỤC ĐÍCH, YÊU CẦU"),
    (72, 230, 13, "Đánh giá kết quả thực hiện cải cách hành chính của các cơ quan."),
    (90, 260, 13, "II. NỘI DUNG"), (90, 280, 13, "1. Kiểm tra việc ban hành văn bản."),
    (72, 330, 12, "Nơi nhận:"), (380, 330, 12, "TM. ỦY BAN NHÂN DÂN"),
    (72, 345, 11, "- Lưu: VT."), (400, 345, 12, "CHỦ TỊCH"), (390, 400, 12, "Nguyễn Văn An"),
]
# Values the widgets draw: (x0, top, x1, bottom) of the widget box, text, font size.
VALUES = [((108, 102, 150, 120), "116", 13), ((445, 102, 470, 120), "12", 13)]
STAMP = ((380, 20, 560, 50), "Ký bởi: Ủy ban nhân dân tỉnh Lâm Đồng Thời gian ký: 12.03.2026", 7)


def write_page_text(path: Path) -> None:
    """A one-page PDF with the body lines, written by pdfium in DejaVu Sans."""
    pdf = pypdfium2.PdfDocument.new()
    page = pdf.new_page(*PAGE)
    data = FONT.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE,
                                      True)
    for x, top, size, text in BODY:
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, float(size))
        encoded = (text + "\x00").encode("utf-16-le")
        units = (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded)
        pdfium_c.FPDFText_SetText(obj, units)
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, float(x), PAGE[1] - top - size)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path))
    pdfium_c.FPDFFont_Close(font)
    page.close()
    pdf.close()


def _font_of(writer: PdfWriter) -> DictionaryObject:
    resources = writer.pages[0]["/Resources"].get_object()
    fonts = resources["/Font"].get_object()
    return fonts  # type: ignore[no-any-return]


def _form(writer: PdfWriter, content: bytes, box: tuple[float, float], resources: DictionaryObject
          ) -> object:
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(box[0]),
                                          FloatObject(box[1])]),
        NameObject("/Resources"): resources,
    })
    return writer._add_object(stream)


def _layered_appearance(writer: PdfWriter, text: str, size: float, box: tuple[float, float]
                        ) -> object:
    """/N -> /FRM -> /n0 (an empty background layer) and /n2 (the text), as Adobe writes."""
    fonts = _font_of(writer)
    name = next(iter(fonts.keys()))
    glyphs = _glyph_codes(writer, name, text)
    n2 = _form(writer, b"BT " + name.encode() + f" {size} Tf 1 3 Td <".encode() + glyphs
               + b"> Tj ET", box, DictionaryObject({NameObject("/Font"): fonts}))
    n0 = _form(writer, b"% DSBlank", box, DictionaryObject())
    frm = _form(writer, b"q 1 0 0 1 0 0 cm /n0 Do Q q 1 0 0 1 0 0 cm /n2 Do Q", box,
                DictionaryObject({NameObject("/XObject"): DictionaryObject({
                    NameObject("/n0"): n0, NameObject("/n2"): n2})}))
    return _form(writer, b"/FRM Do", box, DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/FRM"): frm})}))


def _glyph_codes(writer: PdfWriter, name: str, text: str) -> bytes:
    """The hex glyph codes of `text` in the page's embedded font (pdfium writes it as a CID
    font whose /ToUnicode map says which code is which character)."""
    font = _font_of(writer)[name].get_object()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes: dict[str, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", block):
            codes.setdefault(chr(int(dst, 16)), src)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            first = int(start, 16)
            if dst.startswith("["):  # one destination per code
                for offset, one in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", dst)):
                    if len(one) == 4:
                        codes.setdefault(chr(int(one, 16)), f"{first + offset:04X}")
            elif len(dst) == 6:  # "<0041>": consecutive characters
                for offset in range(int(end, 16) - first + 1):
                    codes.setdefault(chr(int(dst[1:-1], 16) + offset), f"{first + offset:04X}")
    return "".join(codes[c] for c in text).encode()


def add_widgets(source: Path, target: Path, *, cycle: bool, stamp: bool = True) -> None:
    """The page with its signing widgets (and, with `cycle`, annotations in a cycle)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[0]
    annots = ArrayObject()
    values = [*VALUES, STAMP] if stamp else VALUES
    field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"),
                              NameObject("/T"): TextStringObject("Signature1")})
    field_ref = writer._add_object(field)
    kids = ArrayObject()
    for (x0, top, x1, bottom), text, size in values:
        box = (x1 - x0, bottom - top)
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([FloatObject(x0), FloatObject(PAGE[1] - bottom),
                                              FloatObject(x1), FloatObject(PAGE[1] - top)]),
            NameObject("/F"): NumberObject(4),
            NameObject("/AP"): DictionaryObject({
                NameObject("/N"): _layered_appearance(writer, text, size, box)}),
        })
        ref = writer._add_object(widget)
        if cycle:
            widget[NameObject("/Parent")] = field_ref  # the field lists the widget: a cycle
            widget[NameObject("/P")] = page.indirect_reference
            widget[NameObject("/Self")] = ref
            kids.append(ref)
        annots.append(ref)
    if cycle:
        field[NameObject("/Kids")] = kids
        popup = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                  NameObject("/Subtype"): NameObject("/Popup"),
                                  NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4)})
        popup_ref = writer._add_object(popup)
        popup[NameObject("/Parent")] = annots[0]
        annots[0].get_object()[NameObject("/Popup")] = popup_ref
        annots.append(popup_ref)
    page[NameObject("/Annots")] = annots
    with target.open("wb") as handle:
        writer.write(handle)


def signed_pdf(folder: Path, *, cycle: bool = True, stamp: bool = True) -> Path:
    plain = folder / "plain.pdf"
    write_page_text(plain)
    signed = folder / "signed.pdf"
    add_widgets(plain, signed, cycle=cycle, stamp=stamp)
    return signed
