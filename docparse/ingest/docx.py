"""DOCX in -> one page of lines, read from the Word XML with python-docx.

Word keeps no layout, so the lines take the one-paragraph-per-line text shape: each body
paragraph or table-cell paragraph is a line, footnote references become superscript digits
and the footnotes follow as lines starting with their superscript number, which is the form
the text layout already understands.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.lines import Line, Page, RawDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def read_docx(data: bytes, path: str) -> RawDocument:
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocparseError(ErrorCode.CORRUPT, path=path, detail=str(exc)[:120]) from None
    texts: list[str] = []
    body = document.element.body
    for element in body.iterchildren():
        if element.tag == f"{W}p":
            texts.append(_paragraph_text(element))
        elif element.tag == f"{W}tbl":
            for cell_paragraph in element.iter(f"{W}p"):
                texts.append(_paragraph_text(cell_paragraph))
    texts.extend(_footnotes(document))
    lines = [Line(text=unicodedata.normalize("NFC", t)) for t in texts]
    return RawDocument(format="docx", pages=[Page(number=1, lines=lines)])


def _paragraph_text(paragraph: object) -> str:
    out: list[str] = []
    for node in paragraph.iter():  # type: ignore[attr-defined]
        if node.tag == f"{W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{W}tab":
            out.append(" ")
        elif node.tag == f"{W}footnoteReference":
            out.append(str(node.get(f"{W}id")).translate(SUPERSCRIPTS))
    return "".join(out)


def _footnotes(document: object) -> list[str]:
    part = None
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    out = []
    for note in root.iter(f"{W}footnote"):
        number = int(note.get(f"{W}id", "0"))
        if number <= 0:
            continue  # the separator pseudo-notes
        text = " ".join(_paragraph_text(p) for p in note.iter(f"{W}p")).strip()
        out.append(f"{str(number).translate(SUPERSCRIPTS)} {text}")
    return out
