"""The texts every enrich stage reads, each with the location its findings point at.

Body blocks (headings included), annex paragraphs, then footnotes. `section_label`
is the label path ("II.2.1"); a footnote takes the section of the paragraph that
calls it, so a citation in a footnote is found under the section that cites it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docparse.model import Document, Location
from docparse.structure.paths import section_paths


@dataclass(frozen=True)
class TextBlock:
    text: str
    location: Location
    heading: bool  # the labelled block of a section: its label is not content


def text_blocks(doc: Document) -> list[TextBlock]:
    """Every body block, annex paragraph and footnote, in reading order, located."""
    paths = section_paths(doc)
    out: list[TextBlock] = []
    section_of: dict[str, str | None] = {}
    for para, section in doc.iter_paragraphs():
        section_of[para.id] = paths.get(section.id) if section else None
        location = Location(
            kind="paragraph",
            id=para.id,
            section_label=section_of[para.id],
            page=para.pages[0] if para.pages else None,
        )
        heading = section is not None and para is section.heading
        out.append(TextBlock(para.text, location, heading))
    for note in doc.footnotes:
        anchor = note.anchors[0].paragraph_id if note.anchors else None
        location = Location(
            kind="footnote",
            id=note.id,
            section_label=section_of.get(anchor) if anchor else None,
            page=note.pages[0] if note.pages else None,
        )
        out.append(TextBlock(note.text, location, False))
    return out
