"""The layout stage's output."""

from __future__ import annotations

from dataclasses import dataclass, field

from docparse.ingest.lines import Line, join_lines


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
    """Join wrapped line texts (ingest.lines.join_lines), whitespace collapsed."""
    text, _ = join_lines([Line(text=part) for part in parts])
    return " ".join(text.split())
