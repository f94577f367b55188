"""What annotations draw into a page: keep the blanks' values, leave the signing stamps out.

E-signing (the government workflow, Adobe-style handlers) fills the blanks of the header
with widgets: the number into "Số:    /KH-UBND", the day and month into "ngày   tháng".
docparse.ingest.pdfium_pages draws every visible widget's appearance into the page and
tags the characters it adds with the widget they came from. Here the widgets are told
apart: a short text is a blank's value and stays where it was drawn, so that the number
line and the date line read whole; a long one ("Ký bởi: ... Thời gian ký: ...") is the
signing stamp, which is not the document's text.
"""

from __future__ import annotations

from typing import Any

# More characters than a number, a day or a month ever take: a signing stamp.
STAMP_CHARS = 40


def widget_text(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters with the signing stamps' characters left out, and the blank spaces
    a kept value was drawn over (they would cut "329" into "3 29")."""
    by_widget: dict[int, int] = {}
    for char in chars:
        widget = char.get("widget")
        if widget and char["text"].strip():
            by_widget[widget] = by_widget.get(widget, 0) + 1
    if not by_widget:
        return chars
    stamps = {w for w, n in by_widget.items() if n > STAMP_CHARS}
    values = [c for c in chars if c.get("widget") and c["widget"] not in stamps]
    # A value's own space glyphs are dropped too: their boxes overlap its digits ("3 6").
    return [c for c in chars if c.get("widget") not in stamps and not (
        c.get("widget") and not c["text"].strip()) and not (
        not c.get("widget") and _covered(c, values))]


def _covered(char: dict[str, Any], values: list[dict[str, Any]]) -> bool:
    """A blank under a drawn value's characters, or a printed digit a drawn digit covers (the
    month drawn over a pre-printed one: "tháng 54" reads "tháng 5")."""
    glyph = char["text"]
    if glyph.strip() and not glyph.isdigit():
        return False
    middle = (char["top"] + char["bottom"]) / 2
    width = max(char["x1"] - char["x0"], 0.1)
    for value in values:
        if not value["top"] <= middle <= value["bottom"]:
            continue
        overlap = min(char["x1"], value["x1"] + 1) - max(char["x0"], value["x0"] - 1)
        if overlap > (0 if not glyph.strip() else 0.5 * width) and (
                not glyph.strip() or value["text"].isdigit()):
            return True
    return False


def stamp_texts(chars: list[dict[str, Any]]) -> list[str]:
    """The signing stamps' texts, one per widget, in reading order (for the record)."""
    by_widget: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        if char.get("widget"):
            by_widget.setdefault(char["widget"], []).append(char)
    out = []
    for group in by_widget.values():
        if sum(1 for c in group if c["text"].strip()) > STAMP_CHARS:
            group.sort(key=lambda c: (round(c["top"]), c["x0"]))
            out.append(" ".join("".join(c["text"] for c in group).split()))
    return out
