"""Plain UTF-8 text in (the form text exported from PDFs takes) -> raw lines, a page per form
feed (pdftotext's page break).

Layout decides what the lines are; here we only decode, normalize to NFC (documents arrive
with decomposed diacritics), drop markdown bold markers some exporters leave, and unfold
side-by-side columns: `pdftotext -layout` prints the header (issuer | national motto) and
the closing (Nơi nhận | signature) as one line per row with the two columns apart; read
as the page is read, the left column comes first, then the right one.
"""

from __future__ import annotations

import re
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
    chunks = [[raw.replace("\t", " ") for raw in chunk.split("\n")] for chunk in text.split("\f")]
    side_by_side = sum(_columns(t) is not None for chunk in chunks for t in chunk) >= 2
    for number, chunk in enumerate(chunks, start=1):
        texts = unfold_columns(chunk) if side_by_side else chunk
        pages.append(Page(number=number, lines=[Line(text=t, page=None) for t in texts]))
    return RawDocument(format="text", pages=pages, spaced=side_by_side)


# Two columns on one row: the right one starts in the right half of the page, after a gap
# no justified body line has.
COLUMN_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")
RIGHT_COLUMN_FROM = 28


def _columns(text: str) -> tuple[str, str] | None:
    """(left, right) of a row printed in two columns, else None."""
    for gap in COLUMN_GAP.finditer(text):
        if gap.end() >= RIGHT_COLUMN_FROM:
            return text[: gap.start()], text[gap.end() :]
    return None


def unfold_columns(lines: list[str]) -> list[str]:
    """Each zone of two-column rows becomes its left column's lines followed by its right
    column's. A zone goes on over rows of one column alone (narrow ones on the left, indented
    ones on the right) and single blank rows; a wide row or two blank rows end it."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if _columns(lines[index]) is None:
            out.append(lines[index])
            index += 1
            continue
        left: list[str] = []
        right: list[str] = []
        while index < len(lines):
            text = lines[index]
            pair = _columns(text)
            indent = len(text) - len(text.lstrip())
            if pair is not None:
                left.append(pair[0])
                right.append(pair[1])
            elif not text.strip():
                if index + 1 < len(lines) and not lines[index + 1].strip():
                    break  # two blank rows: the zone is over
            elif indent >= RIGHT_COLUMN_FROM:
                right.append(text.strip())  # the right column alone on this row
            elif len(text.rstrip()) < RIGHT_COLUMN_FROM + 5:
                left.append(text)  # the left column alone on this row
            else:
                break  # a row across the page: the body
            index += 1
        out.extend([*left, *right])
    return out
