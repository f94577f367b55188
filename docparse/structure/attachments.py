"""What follows a signature: annexes (PHỤ LỤC) and attached documents.

A decision often carries the document it issues after its signature: "QUY CHẾ ...",
"KẾ HOẠCH ...", "ĐIỀU LỆ ..." with "(Ban hành kèm theo Quyết định số ...)" under the
title, sometimes under a repeated header (issuer, motto). A file can also hold several
letters one after the other, each with its own header. Each such part is a document of its
own, built by the same structure stage; a PHỤ LỤC is an annex of the document it follows.
"""

from __future__ import annotations

import re

from docparse.ingest.lines import Line
from docparse.structure.metadata import AUTHORITY, MOTTO, is_upper, squash, type_word

ANNEX_HEAD = re.compile(r"^\s*(?:PH[UỤ]\s*L[UỤ]C|Phụ\s+lục)\b")
# "(Ban hành kèm theo Quyết định số ...)": under the title of a document attached to
# the one signed above it (the Quy chế of a Quyết định).
ATTACHED_CUE = re.compile(r"^\s*\(?\s*(?:Ban hành\s+)?kèm theo\b", re.I)
CUE_REACH = 5  # lines under a type line where its "kèm theo" may stand
ANNEX_WORDS = 8  # "Phụ lục II" / "Phụ lục số 01": a short line, not a sentence


def is_annex_head(line: Line) -> bool:
    """"PHỤ LỤC I", "Phụ lục số 2" (a line of its own): the head of an annex."""
    text = squash(line.text)
    if not ANNEX_HEAD.match(text):
        return False
    return is_upper(text[:8]) or (len(text.split()) <= ANNEX_WORDS and not text.endswith(
        (".", ";", ",")))


def attached_type(lines: list[Line], index: int) -> bool:
    """Is this the type line ("QUY CHẾ", "ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)") of a document attached
    after a signature: an upper-case type word with a "kèm theo" line under it?"""
    text = squash(lines[index].text)
    if not (is_upper(text) and (type_word(text) or leading_type(text))):
        return False
    return any(ATTACHED_CUE.match(ln.text) for ln in lines[index + 1 : index + CUE_REACH])


def leading_type(text: str) -> tuple[str, str | None, str] | None:
    """A type word that opens a longer upper-case line ("QUYẾT ĐỊNH CHẤP THUẬN CHỦ TRƯƠNG",
    "ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)"): (type, code, the rest); None otherwise."""
    words = squash(text).split()
    for size in (3, 2):
        head = " ".join(words[:size])
        found = type_word(head)
        rest = " ".join(words[size:])
        if found and rest and not head.endswith(":") and not rest.startswith(":"):
            return found[0], found[1], rest
    return None


def attached_starts(lines: list[Line], start: int) -> list[int]:
    """Where each document attached after the signature (at or after `start`) begins: its
    type line with a "kèm theo" under it, or a repeated header (the motto) of a document
    that follows; moved up over its own header lines."""
    starts: list[int] = []
    floor = start
    index = start
    while index < len(lines):
        text = squash(lines[index].text)
        # "PHỤ LỤC" / "BÁO CÁO" / "(Kèm theo ...)": the form an annex gives, not a document.
        in_annex = any(is_annex_head(ln) for ln in lines[max(start, index - 2) : index])
        opens = (attached_type(lines, index) and not in_annex) or (
            MOTTO.search(text) is not None and index > start)
        if opens and not _near(lines, starts, index):  # one header opens one document
            begin = header_start(lines, index, floor)
            starts.append(begin)
            floor = index
            index = _past_header(lines, index)
            continue
        index += 1
    return starts


HEADER_LINES = 10  # a repeated header's motto, issuer, number, date and type lines


def _near(lines: list[Line], starts: list[int], index: int) -> bool:
    return bool(starts) and index - starts[-1] <= HEADER_LINES and (
        lines[index].page == lines[starts[-1]].page)


def _past_header(lines: list[Line], index: int) -> int:
    """Skip the motto's two lines and the type line, so that one header opens one document."""
    end = index + 1
    while end < len(lines) and end - index <= 3 and (
            MOTTO.search(lines[end].text) or type_word(squash(lines[end].text))):
        end += 1
    return end


def header_start(lines: list[Line], index: int, floor: int) -> int:
    """An attached document may repeat the header (issuer, motto) above its type line."""
    begin = index
    while begin - 1 > floor and lines[begin - 1].page == lines[index].page:
        text = squash(lines[begin - 1].text)
        if AUTHORITY.match(text) or not (is_upper(text) or MOTTO.search(text)):
            break
        begin -= 1
    return begin
