"""The layout stage's output."""

from __future__ import annotations

from dataclasses import dataclass, field

from docparse.ingest.lines import Line


@dataclass
class RawFootnote:
    number: int
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_line_texts([ln.text for ln in self.lines])


@dataclass
class LaidOut:
    format: str
    lines: list[Line]  # body (and header/signature zones) in reading order
    footnotes: list[RawFootnote]
    page_count: int | None
    body_size: float | None = None
    warnings: list[str] = field(default_factory=list)


def join_line_texts(parts: list[str]) -> str:
    """Join wrapped lines with one space; a line-final hyphen inside a symbol joins tight."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and not out.endswith(" -") and part[:1].isupper():
            # "27-" + "CT/TW": a document symbol broken at its hyphen.
            out += part
        else:
            out += " " + part
    return " ".join(out.split())
