"""The typed document model: the JSON contract every stage fills in.

One pydantic model, versioned by SCHEMA_VERSION (semver). Unknown fields are
forbidden so that a typo in a producer fails loudly instead of leaking into
the contract. The committed JSON Schema (schema/document.schema.json) is
generated from these classes by `docparse schema`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0.0"

# x0, top, x1, bottom in PDF points, origin at the page's top-left corner.
BBox = tuple[float, float, float, float]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageBox(StrictModel):
    """Where a piece of text lies on one page."""

    page: int = Field(description="1-based page number")
    bbox: BBox


class Source(StrictModel):
    file_name: str
    sha256: str
    format: Literal["pdf", "text", "docx"]
    pages: int | None = Field(None, description="Page count; null for text input")
    size_bytes: int


class Signer(StrictModel):
    authority: list[str] = Field(
        default_factory=list,
        description='Signing-authority lines, e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]',
    )
    title: str | None = Field(None, description='e.g. "PHÓ CHỦ TỊCH"')
    name: str | None = None


class Metadata(StrictModel):
    parent_issuer: str | None = Field(None, description='e.g. "UBND TỈNH LẠNG SƠN"')
    issuer: str | None = Field(None, description='e.g. "THANH TRA TỈNH"')
    number: str | None = Field(None, description='The number part, e.g. "116"; null when blank')
    symbol: str | None = Field(None, description='The symbol part, e.g. "KH-UBND"')
    doc_type: str | None = Field(None, description='Document type as a word, e.g. "Kế hoạch"')
    doc_type_code: str | None = Field(None, description='Decree 30 type code, e.g. "KH"')
    place: str | None = None
    date: str | None = Field(None, description="ISO date; null when the day is blank")
    title: str | None = Field(None, description="Summary (trích yếu) under the type word")
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận lines")


class Paragraph(StrictModel):
    id: str = Field(description='Stable within the document: "p1", "p2", ...')
    text: str = Field(description="NFC text, lines and page breaks re-joined, markers removed")
    pages: list[int] = Field(default_factory=list)
    bbox: BBox | None = Field(None, description="Box on the first page listed")
    boxes: list[PageBox] = Field(default_factory=list, description="One box per page")


class Section(StrictModel):
    id: str
    label: str = Field(
        description='Heading label as printed: "Phần thứ nhất", "I.", "2.1.", "a)", "-"'
    )
    kind: Literal["part", "roman", "arabic", "decimal", "letter", "dash", "plus"]
    level: int = Field(description="Depth in the section tree, 1 = top")
    title: str = Field(description="Text of the labelled block after the label")
    heading: Paragraph = Field(
        description="The labelled block itself as a paragraph (label included), so that "
        "anchors and citations inside a heading have a paragraph id to point at"
    )
    paragraphs: list[Paragraph] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)


class FootnoteAnchor(StrictModel):
    paragraph_id: str
    offset: int = Field(description="Character offset in the paragraph text where the marker stood")


class Footnote(StrictModel):
    id: str
    number: int
    text: str
    pages: list[int] = Field(default_factory=list)
    bbox: BBox | None = None
    boxes: list[PageBox] = Field(default_factory=list)
    anchors: list[FootnoteAnchor] = Field(default_factory=list)


class Annex(StrictModel):
    id: str
    label: str = Field(description='e.g. "PHỤ LỤC I"')
    title: str | None = None
    pages: list[int] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)


class Location(StrictModel):
    kind: Literal["paragraph", "footnote"]
    id: str = Field(description="Paragraph or footnote id")
    section_label: str | None = Field(None, description='Label path, e.g. "II.2.1"')
    page: int | None = None


Relation = Literal["legal_basis", "implements", "refers", "amends", "replaces", "repeals"]


class Citation(StrictModel):
    id: str
    raw: str
    span: tuple[int, int] = Field(description="Start, end in the paragraph or footnote text")
    location: Location
    type: str | None = Field(None, description='Document type, e.g. "Kế hoạch", "Luật"')
    number: str | None = Field(None, description='Normalized number/symbol, e.g. "116/KH-UBND"')
    date: str | None = None
    issuer: str | None = None
    issuer_inferred: bool = False
    name: str | None = Field(None, description="Name of a document cited by name (laws, codes)")
    year: int | None = None
    pinpoint: str | None = Field(None, description='e.g. "khoản 1 Điều 1"')
    relation: Relation = "refers"
    in_footnote: bool = False
    key: str = Field(description="Canonical id of the cited document across all documents")
    confidence: float = 1.0


class Entity(StrictModel):
    id: str
    text: str
    label: str
    span: tuple[int, int]
    location: Location
    normalized: str | None = None


class Figure(StrictModel):
    id: str
    raw: str
    value: float | None
    unit: str | None = None
    counted: str | None = None
    kind: str
    span: tuple[int, int]
    location: Location
    total: float | None = Field(None, description="Denominator of a done/total ratio")


class Deadline(StrictModel):
    raw: str = Field(description='As written, e.g. "Thường xuyên", "Quý II/2026"')
    kind: Literal["continuous", "recurring", "date", "month", "quarter", "year", "period", "other"]
    value: str | None = Field(
        None, description='Normalized: "2026-03-31", "2026-06", "2026-Q2", "2026", '
        '"2025/2030", "--10-31" (yearly on 31/10)'
    )


class Task(StrictModel):
    """An actionable item of a plan (Kế hoạch): what, who, by when."""

    id: str
    label_path: str = Field(description='Labels from the root, e.g. "II.2.a"')
    text: str
    units: list[str] = Field(default_factory=list, description="Responsible (lead) units")
    partners: list[str] = Field(default_factory=list, description="Coordinating units")
    deadline: Deadline | None = None
    location: Location


class Document(StrictModel):
    schema_version: str = SCHEMA_VERSION
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    preamble: list[Paragraph] = Field(
        default_factory=list, description="Body paragraphs before the first heading"
    )
    sections: list[Section] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list, description="Plans only (issue 5)")
    warnings: list[str] = Field(default_factory=list)

    @field_validator("schema_version")
    @classmethod
    def _compatible(cls, value: str) -> str:
        # Same major version = compatible (semver); refuse anything else.
        if value.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(
                f"schema_version {value} is incompatible with {SCHEMA_VERSION}"
            )
        return value

    def iter_sections(self) -> list[Section]:
        """All sections, depth-first in reading order."""
        out: list[Section] = []

        def walk(items: list[Section]) -> None:
            for section in items:
                out.append(section)
                walk(section.children)

        walk(self.sections)
        return out

    def iter_paragraphs(self) -> list[tuple[Paragraph, Section | None]]:
        """Every body block (headings included) in reading order with its section."""
        out: list[tuple[Paragraph, Section | None]] = [(p, None) for p in self.preamble]
        for section in self.iter_sections():
            out.append((section.heading, section))
            out.extend((p, section) for p in section.paragraphs)
        for annex in self.annexes:
            out.extend((p, None) for p in annex.paragraphs)
        return out
