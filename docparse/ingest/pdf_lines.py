"""Characters -> lines: the PDF reader's grouping of glyphs into visual lines.

Characters (dicts with text, x0, x1, top, bottom, size, fontname) are grouped into lines
by vertical overlap, lines are split where a wide gap shows table columns (the header
table, the Nơi nhận / signature table), and superscript digits are taken out of the text
and kept as footnote markers with their offsets. Characters a signing widget drew (the
number, the day) are never markers, however small and high they are set.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from docparse.ingest.lines import Line, Marker
from docparse.structure.labels import bare_label  # the one label grammar, pure patterns

SUPERSCRIPT_RATIO = 0.8  # a marker glyph is at most this fraction of the line's font size
COLUMN_GAP = 2.0  # a gap wider than this many font sizes separates table columns
# A gap wider than this many font sizes is a word break where no space glyph is drawn.
# pdfium's boxes run to a glyph's ink where it overhangs its advance (the horn of "ơ" in a
# fallback font), which eats up to a point of the gap: hence less than a space's 0.25.
SPACE_GAP = 0.15
EXPONENTS = {"2": "²", "3": "³"}
# km², m³: a unit right after a number (not the end of a word like "năm").
UNIT_EXPONENT = re.compile(r"(?:^|[\d\s])(?:k|c|d)?m$")
_X0, _X1 = operator.itemgetter("x0"), operator.itemgetter("x1")
_TOP, _BOTTOM = operator.itemgetter("top"), operator.itemgetter("bottom")
_SIZE = operator.itemgetter("size")
_TOP_X0 = operator.itemgetter("top", "x0")
_BOLD = itertools.repeat("bold")  # map(dict.get, chars, _BOLD): each one's weight


def lines_of(
    chars: list[dict[str, Any]], page: int, column_gap: float = COLUMN_GAP
) -> list[Line]:
    return [line for group in _group_lines(chars)
            for line in _make_lines(group, page, column_gap)]


def _group_lines(chars: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Cluster characters into visual lines by vertical overlap of their boxes."""
    open_lines: list[list[Any]] = []  # [top, bottom, chars]
    # The line the character before went to, and its top and bottom: a character with the same
    # box height (the rest of its word, of its text object) goes to the same line, since the
    # lines after that one did not take the one before and have not changed.
    last_line: list[Any] | None = None
    last_top = last_bottom = 0.0
    for char in sorted(chars, key=_TOP_X0):
        top, bottom = char["top"], char["bottom"]
        if last_line is not None and top == last_top and bottom == last_bottom:
            last_line[2].append(char)
            continue
        height = bottom - top if bottom - top > 0.1 else 0.1
        target = None
        for line in reversed(open_lines):
            line_top, line_bottom = line[0], line[1]
            if line_bottom <= top:
                continue
            span = line_bottom - line_top
            overlap = (bottom if bottom < line_bottom else line_bottom) - (
                top if top > line_top else line_top)
            if overlap > 0.5 * (height if height < span else span):
                target = line
                break
        if target is None:
            target = [top, bottom, [char]]
            open_lines.append(target)
            # Lines far above can no longer take characters: emit them in order.
            while len(open_lines) > 1 and open_lines[0][1] < top - 50:
                yield open_lines.pop(0)[2]
        else:
            if top < target[0]:
                target[0] = top
            if bottom > target[1]:
                target[1] = bottom
            target[2].append(char)
        # Only a box of some height is sure to fall in the line it went to.
        last_line = target if bottom - top > 0.1 else None
        last_top, last_bottom = top, bottom
    for line in open_lines:
        yield line[2]


def _make_lines(chars: list[dict[str, Any]], page: int, column_gap: float) -> list[Line]:
    chars.sort(key=_X0)
    sizes = list(map(_SIZE, chars))
    size = max(_median(sizes), 1.0)
    if sizes[0] > SUPERSCRIPT_RATIO * size:  # sorted: the smallest is big, so all are
        baseline = _median(list(map(_BOTTOM, chars)))
    else:
        big = [c for c in chars if c["size"] > SUPERSCRIPT_RATIO * size] or chars
        baseline = _median(list(map(_BOTTOM, big)))
    # Split into segments at wide gaps: table columns drawn side by side. The gaps are
    # measured all at once first: most lines have none that wide.
    gap = column_gap * size
    if len(chars) < 2 or max(map(operator.sub, map(_X0, chars[1:]), map(_X1, chars))) <= gap:
        segments = [chars]
    else:
        segments = [[chars[0]]]
        for prev, char in itertools.pairwise(chars):
            if char["x0"] - prev["x1"] > gap:
                segments.append([char])
            else:
                segments[-1].append(char)
    if len(segments) > 1 and bare_label("".join(c["text"] for c in segments[0])):
        # "II." and, past the tab stop Word's automatic numbering leaves, its heading: one
        # line, not two table columns.
        segments[:2] = [segments[0] + segments[1]]
    out = []
    for segment in segments:
        line = _segment_line(segment, page, size, baseline)
        if line.text.strip():
            out.append(line)
    return out


def _median(values: list[float]) -> float:
    """statistics.median, without its overhead (called for every line of every page)."""
    values.sort()
    half = len(values) // 2
    return values[half] if len(values) % 2 else (values[half - 1] + values[half]) / 2


def _segment_line(chars: list[dict[str, Any]], page: int, size: float, baseline: float) -> Line:
    text: list[str] = []
    markers: list[Marker] = []
    pending_marker = ""
    prev: dict[str, Any] | None = None
    fonts: list[str] = []  # of the glyphs put into the text

    def flush_marker() -> None:
        nonlocal pending_marker
        if pending_marker:
            before = "".join(text)
            if UNIT_EXPONENT.search(before) and pending_marker in EXPONENTS:
                text.append("".join(EXPONENTS.get(d, d) for d in pending_marker))
            else:
                markers.append(Marker(offset=len(before), number=int(pending_marker)))
            pending_marker = ""

    low = baseline - 0.2 * size
    small_size = SUPERSCRIPT_RATIO * size
    last: str | None = None  # the last piece put into the text
    previous_widget = None  # prev's widget
    for char in chars:
        glyph = char["text"]
        widget = char.get("widget")
        if glyph.isdigit() and char["bottom"] < low and char["size"] <= small_size and not widget:
            pending_marker += glyph  # small and raised: a footnote marker
            prev, previous_widget = char, widget
            continue
        if pending_marker:
            flush_marker()
            last = text[-1] if text else None
        if glyph == " ":
            if last != " ":
                text.append(glyph)
                last = glyph
                prev, previous_widget = char, widget
            continue
        if prev is not None and last is not None and last != " ":
            # A value a signing widget drew into a blank is a word of its own ("ngày" /
            # "15" / "tháng"); pdfium saw a word break right after the character before
            # (a gap narrower than SPACE_GAP in justified text); else the gap decides, but
            # one widget's value is one word however its digits are spaced ("3 6" is 36).
            x0, char_size = char["x0"], char["size"]
            if (widget != previous_widget
                    or (prev.get("break_after") and char["i"] == prev["i"] + 2)
                    or x0 - char.get("break_x", x0) > SPACE_GAP * char_size
                    or (x0 - prev["x1"] > SPACE_GAP * char_size
                        and not (widget and widget == previous_widget))):
                text.append(" ")
        text.append(glyph)
        last = glyph
        fonts.append(char["fontname"])
        prev, previous_widget = char, widget
    flush_marker()
    joined = "".join(text)
    if not joined.isascii():
        joined = _nfc_keep_offsets(joined, markers)
    stripped = joined.rstrip()
    lead = len(joined) - len(joined.lstrip())
    for marker in markers:
        marker.offset = max(0, min(marker.offset, len(stripped)) - lead)
    if fonts and fonts.count(fonts[0]) == len(fonts):
        font: str | None = fonts[0]  # most lines: one font
    else:
        counts = Counter(fonts)
        font = max(counts, key=counts.__getitem__) if counts else None  # the first of the most
    name = (font or "").lower()
    # The characters come sorted by x0 (_make_lines).
    bbox = (round(chars[0]["x0"], 2), round(min(map(_TOP, chars)), 2),
            round(max(map(_X1, chars)), 2), round(max(map(_BOTTOM, chars)), 2))
    return Line(
        drawn=_drawn(chars),
        text=stripped.lstrip(),
        page=page,
        bbox=bbox,
        size=round(size, 2),
        font=font,
        bold="bold" in name or "black" in name or _mostly_bold(chars),
        italic="italic" in name or "oblique" in name,
        markers=markers,
    )


def _drawn(chars: list[dict[str, Any]]) -> bool:
    """Every glyph but the spaces drawn by a signing widget (the first that is not ends it)."""
    solid = False
    for char in chars:
        if char["text"] != " ":
            if not char.get("widget"):
                return False
            solid = True
    return solid


def _mostly_bold(chars: list[dict[str, Any]]) -> bool:
    """Bold by the font's weight where its name does not say (embedded subset fonts)."""
    if not any(map(dict.get, chars, _BOLD)):
        return False  # most lines: no bold glyph at all
    drawn = [c for c in chars if c["text"].strip()]
    return bool(drawn) and sum(1 for c in drawn if c.get("bold")) * 2 > len(drawn)


def _nfc_keep_offsets(text: str, markers: list[Marker]) -> str:
    """NFC-normalize (fonts often emit decomposed diacritics) and move marker offsets along."""
    if not markers:
        return unicodedata.normalize("NFC", text)
    out, cursor = "", 0
    for marker in markers:
        out += unicodedata.normalize("NFC", text[cursor : marker.offset])
        cursor = marker.offset
        marker.offset = len(out)
    return out + unicodedata.normalize("NFC", text[cursor:])
