"""Layout for text exported from PDFs, where the geometry is gone.

Two shapes are common: one paragraph per line, and hard-wrapped lines (one visual line per
text line). Footnotes come after each page's body, either after a rule drawn as a run of
spaces with plain numbers at line start, or as lines starting with superscript digits.
"""

from __future__ import annotations

import re

from docparse.ingest.lines import Line, Marker, RawDocument
from docparse.layout.model import LaidOut, RawFootnote
from docparse.layout.page_tails import (
    PageTail,
    find_tail,
    long_line_length,
    runs_on,
    split_at_page_numbers,
)
from docparse.structure.labels import find_label

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
RULE_LINE = re.compile(r"^[ \t\u00a0]{15,}$|^\s*_{8,}\s*$")
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
NUMBERED_FOOTNOTE = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
SUPERSCRIPT_FOOTNOTE = re.compile(f"^\\s*([{SUPERSCRIPT_DIGITS}]+)\\s*(\\S.*)$")
# km², m³: a unit right after a number (not the end of a word like "năm").
UNIT_EXPONENT = re.compile(r"(?:^|[\d\s])(?:k|c|d)?m$")
FINISHED = re.compile(r"""(?:[.;!?…:"”’)]|\./\.)\s*$""")


def lay_out_text(raw: RawDocument) -> LaidOut:
    pages = [page.lines for page in raw.pages]
    if len(pages) == 1:
        pages = split_at_page_numbers(pages[0])  # text with no form feeds
    lines = [ln for page in pages for ln in page]
    where = [(n, i) for n, page in enumerate(pages) for i in range(len(page))]
    body: list[Line] = []
    footnotes: list[RawFootnote] = []
    wrapped = is_wrapped([ln.text for ln in lines])
    margin = _margin(lines) + (1 if raw.spaced else 0)
    in_area = False  # inside a footnote area opened by a rule line
    paged = len(pages) > 1  # form feeds (pdftotext's page breaks) or page numbers
    long_at = long_line_length(pages) if paged else None
    tails: dict[int, PageTail | None] = {}
    for index, line in enumerate(lines):
        text = line.text
        if line.cells is not None:  # a table row (DOCX): body, whatever it starts with
            body.append(_body_line(line, margin))
            continue
        if not text.strip():
            if RULE_LINE.match(text):
                in_area = True
            continue
        expected = footnotes[-1].number + 1 if footnotes else 1
        page, position = where[index]
        if paged and page not in tails:
            open_note = bool(footnotes) and runs_on(footnotes[-1].lines, long_at)
            tails[page] = find_tail(pages[page], expected, long_at, open_note)
        tail = tails.get(page)
        if tail is not None and position >= tail.start:
            # pdftotext: the page's footnotes run from here to the page's end.
            if position in tail.numbers:
                number = tail.numbers[position]
                first = text.strip()[len(str(number)) :].strip()  # "1 Nùng ...": its text
                footnotes.append(RawFootnote(number, [_plain(line, first)] if first else []))
            elif position in tail.firsts:
                footnotes.append(RawFootnote(tail.firsts[position], [_plain(line, text)]))
            elif position in tail.skip:
                pass
            elif footnotes:
                footnotes[-1].lines.append(_plain(line, text))
            else:
                body.append(_body_line(line, margin))
            continue
        if RULE_LINE.match(text) or PAGE_NUMBER.match(text):
            in_area = in_area or bool(RULE_LINE.match(text))
            continue
        sup = SUPERSCRIPT_FOOTNOTE.match(text)
        if sup and int(sup.group(1).translate(TO_ASCII)) == expected:
            footnotes.append(RawFootnote(expected, [_plain(line, sup.group(2))]))
            in_area = not wrapped or in_area
            continue
        if in_area:
            numbered = NUMBERED_FOOTNOTE.match(text)
            if numbered and int(numbered.group(1)) == expected:
                footnotes.append(RawFootnote(expected, [_plain(line, numbered.group(2))]))
                continue
            if footnotes and _continues_footnote(footnotes[-1], line, wrapped):
                footnotes[-1].lines.append(_plain(line, text.strip()))
                continue
            in_area = False
        elif footnotes and not wrapped and _page_top_continuation(lines, index, footnotes):
            footnotes[-1].lines.append(_plain(line, text.strip()))
            continue
        body.append(_body_line(line, margin))
    _mark_full_lines(body, wrapped)
    return LaidOut(format="text", lines=body, footnotes=footnotes, page_count=None,
                   warnings=list(raw.warnings))


def is_wrapped(texts: list[str]) -> bool:
    """Hard-wrapped text (one visual line per text line) ends most lines mid-sentence;
    one-paragraph-per-line text ends most lines with a full stop."""
    lines = [t for t in texts if t.strip()]
    if not lines:
        return False
    # Short lines (header, headings, signature) end without a stop in both forms: only
    # lines long enough to be running text tell the two apart.
    long_lines = [t for t in lines if len(t.strip()) >= 50]
    if len(long_lines) >= 5:
        lines = long_lines
    finished = sum(bool(FINISHED.search(t)) for t in lines)
    return finished / len(lines) < 0.5


def _plain(line: Line, text: str) -> Line:
    return Line(text=text.strip(), page=line.page)


def _continues_footnote(footnote: RawFootnote, line: Line, wrapped: bool) -> bool:
    if not wrapped:
        return False
    if footnote.lines and len(footnote.lines) == 1 and not footnote.lines[0].text:
        return True
    last = footnote.lines[-1].text if footnote.lines else ""
    if line.text[:1].isspace() and FINISHED.search(last):
        return False  # an indented line after a finished footnote: the body resumes
    long_last = len(last) >= 88  # footnote lines are set smaller, so they run longer
    if line.text[:1].isspace() and not long_last:
        return False  # an indented line after a short footnote line: the body resumes
    return long_last or not FINISHED.search(last)


def _page_top_continuation(lines: list[Line], index: int, footnotes: list[RawFootnote]) -> bool:
    """One-paragraph-per-line text: a footnote cut at a page end continues, unmarked, just
    before the next page's first marked footnote."""
    if FINISHED.search(footnotes[-1].text):
        return False
    text = lines[index].text.strip()
    if find_label(text) or text[:1].isupper():
        return False  # a continuation goes on mid-sentence, never with a heading or capital
    for later in lines[index + 1 :]:
        if not later.text.strip():
            continue
        sup = SUPERSCRIPT_FOOTNOTE.match(later.text)
        return bool(sup) and int(sup.group(1).translate(TO_ASCII)) == footnotes[-1].number + 1
    return False


def _margin(lines: list[Line]) -> int:
    """The left margin in spaces: pdftotext -layout starts every line of running text a few
    spaces in, so only a line that starts further in than that is indented."""
    leads = [len(ln.text) - len(ln.text.lstrip()) for ln in lines if len(ln.text.strip()) >= 50]
    return max(set(leads), key=leads.count) if leads else 0


def _body_line(line: Line, margin: int = 0) -> Line:
    text = line.text
    indented = len(text) - len(text.lstrip()) > margin
    markers: list[Marker] = []
    out: list[str] = []
    cursor = 0
    for match in SUPERSCRIPT_RUN.finditer(text):
        out.append(text[cursor : match.start()])
        before = "".join(out)
        digits = match.group().translate(TO_ASCII)
        if UNIT_EXPONENT.search(before) and digits in ("2", "3"):
            out.append(match.group())  # km², m³: an exponent, not a marker
        else:
            markers.append(Marker(offset=len(before), number=int(digits)))
        cursor = match.end()
    out.append(text[cursor:])
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip())
    stripped = " ".join(joined.split())
    for marker in markers:
        marker.offset = max(0, min(marker.offset - lead, len(stripped)))
    return Line(text=stripped, page=line.page, indented=indented, markers=markers,
                cells=line.cells)


def _mark_full_lines(body: list[Line], wrapped: bool) -> None:
    if not wrapped or not body:
        return
    lengths = sorted(len(ln.text) for ln in body)
    typical = lengths[int(0.9 * (len(lengths) - 1))]
    for line in body:
        line.full = len(line.text) >= 0.8 * typical
        line.room = typical - len(line.text)
