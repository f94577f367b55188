"""Plain UTF-8 text in (the form text exported from PDFs takes) -> one page of raw lines.

Layout decides what the lines are; here we only decode, normalize to NFC (documents arrive
with decomposed diacritics) and drop markdown bold markers some exporters leave.
"""

from __future__ import annotations

import unicodedata

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.lines import Line, Page, RawDocument


def decode_text(data: bytes, path: str) -> str:
    if not data.strip():
        raise DocparseError(ErrorCode.EMPTY, path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocparseError(
            ErrorCode.ENCODING, path=path, detail=f"invalid byte at offset {exc.start}"
        ) from None
    if "\x00" in text:
        raise DocparseError(ErrorCode.UNSUPPORTED, path=path, detail="binary data, not text")
    return text


def read_text(data: bytes, path: str) -> RawDocument:
    text = unicodedata.normalize("NFC", decode_text(data, path))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("**", "")
    pages: list[Page] = []
    # A form feed is how pdftotext marks a page break; honour it when present.
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=raw.replace("\t", " "), page=None) for raw in chunk.split("\n")]
        pages.append(Page(number=number, lines=lines))
    return RawDocument(format="text", pages=pages)
