"""Word's automatic numbering: the label a numbered paragraph shows ("II.", "2.1.", "a)", "-").

Word keeps list labels out of the text (word/numbering.xml): a paragraph names a list
(`numId`) and a level (`ilvl`), itself or through its style, and the list's level says how
to count (decimal, roman, letters, bullet), where to start and how to print the label
("%1.", "%1.%2.", "%3)"). Decree 30 documents drafted in Word often number their headings
and items this way; without the labels the section tree is lost.

Counting follows Word: lists that share an abstract definition share their counters, a
list with a start override restarts them when it is first used, and a level restarts each
time a level above it counts on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_DASHES = "-–—‐−"


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class _List:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # level -> start override


class Numbering:
    """Labels of numbered paragraphs, counted in document order (call `label` once for each
    paragraph, in reading order)."""

    def __init__(self, document: object) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, _List] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        for rel in document.part.rels.values():  # type: ignore[attr-defined]
            if rel.reltype.endswith("/numbering") and not rel.is_external:
                from lxml import etree

                self._read_numbering(etree.fromstring(rel.target_part.blob))
        try:
            styles = document.styles.element  # type: ignore[attr-defined]
        except (AttributeError, KeyError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: object) -> None:
        for node in root.iterchildren(f"{W}abstractNum"):  # type: ignore[attr-defined]
            levels: dict[int, _Level] = {}
            for lvl in node.iterchildren(f"{W}lvl"):
                level = _Level()
                if (start := lvl.find(f"{W}start")) is not None:
                    level.start = _int(start.get(f"{W}val"), 1)
                if (fmt := lvl.find(f"{W}numFmt")) is not None:
                    level.fmt = fmt.get(f"{W}val") or "decimal"
                if (text := lvl.find(f"{W}lvlText")) is not None:
                    level.text = text.get(f"{W}val") or ""
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = level
            self.abstracts[str(node.get(f"{W}abstractNumId"))] = levels
        for node in root.iterchildren(f"{W}num"):  # type: ignore[attr-defined]
            abstract = node.find(f"{W}abstractNumId")
            if abstract is None:
                continue
            entry = _List(str(abstract.get(f"{W}val")))
            for override in node.iterchildren(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    level = _int(override.get(f"{W}ilvl"), 0)
                    entry.overrides[level] = _int(start.get(f"{W}val"), 1)
            self.lists[str(node.get(f"{W}numId"))] = entry

    def _read_styles(self, root: object) -> None:
        for style in root.iterchildren(f"{W}style"):  # type: ignore[attr-defined]
            num = style.find(f"{W}pPr/{W}numPr")
            based = style.find(f"{W}basedOn")
            num_id = ilvl = None
            if num is not None:
                num_id = _val(num.find(f"{W}numId"))
                ilvl = _val(num.find(f"{W}ilvl"))
            self.styles[str(style.get(f"{W}styleId"))] = (
                num_id, ilvl, _val(based) if based is not None else None)

    def _from_style(self, style: str | None) -> tuple[str | None, str | None]:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            num_id, ilvl, based = self.styles.get(style, (None, None, None))
            if num_id is not None:
                return num_id, ilvl
            style = based
        return None, None

    def label(self, paragraph: object) -> str | None:
        """The label Word prints before `paragraph` (a w:p element), or None."""
        ppr = paragraph.find(f"{W}pPr")  # type: ignore[attr-defined]
        if ppr is None:
            return None
        num = ppr.find(f"{W}numPr")
        num_id = ilvl_text = None
        if num is not None:
            num_id = _val(num.find(f"{W}numId"))
            ilvl_text = _val(num.find(f"{W}ilvl"))
        if num_id is None:
            style = ppr.find(f"{W}pStyle")
            num_id, style_ilvl = self._from_style(_val(style) if style is not None else None)
            ilvl_text = ilvl_text or style_ilvl
        entry = self.lists.get(num_id or "")
        if entry is None:  # numId 0 ("no numbering") or an unknown list
            return None
        levels = self.abstracts.get(entry.abstract, {})
        ilvl = _int(ilvl_text, 0)
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(entry.abstract, {})
        if num_id not in self.used:  # a restarted list ("Restart numbering") starts over
            self.used.add(num_id or "")
            for level, start in entry.overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return self._format(levels, counters, ilvl)

    def _format(self, levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
        level = levels[ilvl]
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return _bullet(level.text, levels, ilvl)
        out = level.text
        for k in range(ilvl, -1, -1):  # %10 is never used: Word has nine levels
            if f"%{k + 1}" in out:
                other = levels.get(k, _Level())
                value = counters.get(k, other.start)
                out = out.replace(f"%{k + 1}", _number(value, other.fmt))
        return out.strip()


def _bullet(text: str, levels: dict[int, _Level], ilvl: int) -> str:
    """A bullet as Decree 30 writes items: "-" at the first bullet level, "+" under it (the
    symbol-font dots and squares Word offers read as those)."""
    char = text.strip()
    if char and char[0] in _DASHES:
        return "-"
    if char == "+":
        return "+"
    above = sum(1 for k, lv in levels.items() if k < ilvl and lv.fmt == "bullet")
    return "+" if above else "-"


def _number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        # Word's letters: a..z, then aa..zz, aaa..
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, symbol in _ROMAN:
        while value >= amount:
            out.append(symbol)
            value -= amount
    return "".join(out)


def _val(node: object) -> str | None:
    return None if node is None else node.get(f"{W}val")  # type: ignore[attr-defined]


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
