"""Footnote areas at the foot of the pages of paged text (pdftotext, a page per form feed).

pdftotext prints a footnote's raised number alone on a line. With `-layout` it stands above
its note's text. Without it (pdftotext's default), the number of the first line of a page's
footnote area is moved to the area's end, after the page's last note:

    ...body text of the page
    Thuận lợi: Nghị quyết ... (note 1, set smaller, so its lines run longer)
    yêu cầu, nhiệm vụ.
    2
    Khó khăn, thách thức: ... (note 2)
    1                        <- note 1's number
    <form feed>

Text at the top of an area with no number before it is either that first note or the rest
of the note cut at the end of the page before. Which lines those are is told by their
length: a note is set smaller than the body, so its lines run longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from docparse.ingest.lines import Line
from docparse.structure.markers import marker_patterns

# A note's lines must run this much longer than the body's for their length to tell them apart.
LONGER = 1.15
# An unnumbered note found above the long lines is this short at most.
MAX_LINES = 3
# A note's lines but its last are not shorter than this share of a note line's length.
SHORT = 0.8
FINISHED = re.compile(r"""[.;!?…"”’)]\s*$""")


@dataclass
class PageTail:
    """Where the footnote area of one page starts, and how its lines are read."""

    start: int  # position on the page of the area's first line
    # the position of a note's number (alone on its line, or before its first words) -> it
    numbers: dict[int, int] = field(default_factory=dict)
    firsts: dict[int, int] = field(default_factory=dict)  # first line of an unnumbered note
    skip: set[int] = field(default_factory=set)  # positions of moved numbers, read already


def split_at_page_numbers(lines: list[Line]) -> list[list[Line]]:
    """Text whose pages were joined with no form feed, cut before each page's number: lone
    numbers 2, 3, ... in order (Decree 30 numbers the pages from the second, at the top).
    A false cut costs little: a page's foot is read as notes only where its lines say so."""
    cuts: list[int] = []
    for index, line in enumerate(lines):
        if index and line.text.strip() == str(len(cuts) + 2):
            cuts.append(index)
    if not cuts:
        return [lines]
    bounds = [0, *cuts, len(lines)]
    return [lines[a:b] for a, b in pairwise(bounds)]


def long_line_length(pages: list[list[Line]]) -> float | None:
    """The length from which a line is a footnote's, or None when the text does not say.

    Note lines are measured after each lone number that has text under it, body lines in
    the upper half of each page, where no footnote is. With too few notes to measure, a
    line is a note's when it is LONGER than the body's full lines."""
    notes: list[int] = []
    body: list[int] = []
    for lines in pages:
        filled = [ln.text.strip() for ln in lines if ln.text.strip()]
        for k, text in enumerate(filled):
            if k > 0 and text.isdigit() and k + 1 < len(filled) and not filled[k + 1].isdigit():
                notes.append(len(filled[k + 1]))
            elif k < len(filled) // 2:
                body.append(len(text))
    notes = sorted(n for n in notes if n >= 30)
    body = sorted(n for n in body if n >= 30)
    if len(body) < 5:
        return None
    full = body[int(0.75 * (len(body) - 1))]
    if len(notes) < 2:  # too few numbered notes to measure: longer than the body by the ratio
        return LONGER * full
    note = notes[len(notes) // 2]
    return (note + full) / 2 if note >= LONGER * full else None


def runs_on(note: list[Line], long_at: float | None) -> bool:
    """The note goes on past its page: its last line runs the full width, unfinished."""
    if not note:
        return False
    last = note[-1].text.strip()
    return not FINISHED.search(last) and (long_at is None or len(last) >= long_at)


def find_tail(
    lines: list[Line], expected: int, long_at: float | None, open_note: bool = False
) -> PageTail | None:
    """The footnote area of one page, whose first new note is numbered `expected`; None when
    the page has none. A lone number on the page's first line is its page number. When the
    note before is unfinished (`open_note`), an area may hold nothing but its rest."""
    filled = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if len(filled) < 3:
        return None
    texts = {i: lines[i].text.strip() for i in filled}
    moved = _moved(filled, texts, expected)
    number = expected + len(moved)
    numbers: dict[int, int] = {}
    for k in range(1, len(filled)):
        i = filled[k]
        if texts[i] == str(number) and k + 1 < len(filled) and not texts[filled[k + 1]].isdigit():
            if not _note_lines(filled, texts, k + 1, long_at):
                break  # a numbered row of a table, not a note
        elif not (texts[i].startswith(f"{number} ") and _inline_note(filled, texts, k, long_at)
                  and _marked_above(filled, texts, k, number)):
            continue
        numbers[i] = number
        number += 1
    if not numbers and not moved:
        return _rest(filled, texts, long_at) if open_note else None
    anchor = filled.index(min(numbers)) if numbers else len(filled) - len(moved)
    lead = _lead(filled, texts, anchor, long_at)
    firsts = _split(filled, texts, lead, anchor, len(moved))
    if moved and not firsts and not numbers:
        return None  # a page number at the page's foot, not a note's
    # Fewer notes found than numbers moved: the first ones are lost, the last ones kept.
    first_number = expected + len(moved) - len(firsts)
    numbered = dict(zip(firsts, range(first_number, first_number + len(firsts)), strict=True))
    return PageTail(
        start=filled[lead] if not firsts else min(filled[lead], min(firsts)),
        numbers=numbers,
        firsts=numbered,
        skip={filled[len(filled) - len(moved) + j] for j in range(len(moved))},
    )


def _moved(filled: list[int], texts: dict[int, str], expected: int) -> list[int]:
    """The run of lone numbers expected, expected + 1, ... that ends the page."""
    run: list[int] = []
    for k in range(len(filled) - 1, 0, -1):
        if not texts[filled[k]].isdigit():
            break
        run.insert(0, int(texts[filled[k]]))
    while run and run[0] != expected:
        run.pop(0)
    if run != list(range(expected, expected + len(run))):
        return []
    return run


def _rest(filled: list[int], texts: dict[int, str], long_at: float | None) -> PageTail | None:
    """The rest of the note before, alone at the page's foot: long lines, or one short line
    that goes on mid-sentence and ends one."""
    lead = _lead(filled, texts, len(filled), long_at)
    if lead == len(filled):
        text = texts[filled[-1]]
        if long_at is None or not (text[:1].islower() and FINISHED.search(text)):
            return None
        lead -= 1
    return PageTail(start=filled[lead])


def _note_lines(filled: list[int], texts: dict[int, str], k: int, long_at: float | None) -> bool:
    """The lines from filled[k] to the next lone number look like a note's: all but the
    last run long (a table's numbered row is in short cells)."""
    if long_at is None:
        return True
    end = next((j for j in range(k, len(filled)) if texts[filled[j]].isdigit()), len(filled))
    short = [j for j in range(k, end) if len(texts[filled[j]]) < SHORT * long_at]
    return short in ([], [end - 1])


def _inline_note(filled: list[int], texts: dict[int, str], k: int, long_at: float | None) -> bool:
    """filled[k] is "N text" (pdfplumber's text) and starts a note: it runs longer than the
    body, and the lines after it run long to the next note's number or the page's end (the
    last may be short)."""
    if long_at is None:
        return False  # a body line may start with a number: only length tells a note
    end = next((j for j in range(k + 1, len(filled)) if re.match(r"\d+(?: |$)",
                                                                  texts[filled[j]])), len(filled))
    if end - k > 1 and len(texts[filled[k]]) < long_at:
        return False  # a body line that starts with a number runs no longer than the body
    short = [j for j in range(k, end) if len(texts[filled[j]]) < SHORT * long_at]
    return short in ([], [end - 1])


def _marked_above(filled: list[int], texts: dict[int, str], k: int, number: int) -> bool:
    """The page's text above filled[k] carries note `number`'s marker, glued to a word or
    set a space apart ("chính1.", "(PCTNTC)2", "tích cực 5;"): a numbered table row has none
    above it."""
    return any(pattern.search(texts[filled[j]])
               for pattern in marker_patterns(number) for j in range(k))


def _lead(filled: list[int], texts: dict[int, str], anchor: int, long_at: float | None) -> int:
    """Index (into `filled`) of the first of the unnumbered note lines just above `anchor`:
    long lines, the last of which may be short (a note's last line)."""
    if long_at is None:
        return anchor
    k = anchor
    while k - 1 >= 1:
        text = texts[filled[k - 1]]
        if text.isdigit():
            break
        if len(text) < long_at:
            last_line = k == anchor and k - 2 >= 1 and len(texts[filled[k - 2]]) >= long_at
            if not last_line:
                break
        k -= 1
    return k


def _split(filled: list[int], texts: dict[int, str], lead: int, anchor: int,
           wanted: int) -> list[int]:
    """Positions of the first lines of `wanted` notes in filled[lead:anchor]: a note starts
    with a capital after a line that ends a sentence. Too few there: the lines above are
    looked at, a note of at most MAX_LINES whose first line starts with a capital."""
    if not wanted:
        return []
    starts = [lead] if lead < anchor else []
    for k in range(lead + 1, anchor):
        if texts[filled[k]][:1].isupper() and FINISHED.search(texts[filled[k - 1]]):
            starts.append(k)
    starts = starts[-wanted:] if len(starts) > wanted else starts
    if len(starts) > 1 and starts[0] != lead:
        starts[0] = lead  # the area's first line starts the first note
    top = lead
    while len(starts) < wanted:
        found = next((k for k in range(top - 1, max(top - 1 - MAX_LINES, 0), -1)
                      if texts[filled[k]][:1].isupper() and not texts[filled[k]].isdigit()),
                     None)
        if found is None:
            break
        starts.insert(0, found)
        top = found
    return [filled[k] for k in starts]
