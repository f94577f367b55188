"""The typed document model: the JSON contract every stage fills in.

One pydantic model, versioned by SCHEMA_VERSION (semver). Unknown fields are
forbidden so that a typo in a producer fails loudly instead of leaking into
the contract. The committed JSON Schema (schema/document.schema.json) is
generated from these classes by `docparse schema`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.5.0"

# x0, top, x1, bottom in PDF points, origin at the page's top-left corner.
BBox = tuple[float, float, float, float]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageBox(StrictModel):
    """Where a piece of text lies on one page."""

    page: int = Field(description="1-based page number")
    bbox: BBox = Field(description="x0, top, x1, bottom in PDF points from the top-left corner")


class Source(StrictModel):
    file_name: str = Field(description="Name of the input file (\"stdin\" for standard input)")
    sha256: str = Field(description="SHA-256 of the input bytes: the document's identity")
    format: Literal["pdf", "text", "docx", "image", "doc", "rtf", "odt"] = Field(
        description="Input format, sniffed from bytes (image: PNG, JPEG or TIFF, read by OCR; "
                    "doc, rtf, odt: converted to DOCX by LibreOffice, then read as DOCX)")
    pages: int | None = Field(None, description="Page count; null for text and Word input")
    size_bytes: int = Field(description="Size of the input in bytes")


class Signer(StrictModel):
    authority: list[str] = Field(
        default_factory=list,
        description='Signing-authority lines, e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]',
    )
    title: str | None = Field(None, description='e.g. "PHÓ CHỦ TỊCH"')
    name: str | None = Field(None, description="Signer's name")


class Metadata(StrictModel):
    parent_issuer: str | None = Field(None, description='e.g. "UBND TỈNH LẠNG SƠN"')
    issuer: str | None = Field(None, description='e.g. "THANH TRA TỈNH"')
    number: str | None = Field(None, description='The number part, e.g. "116"; null when blank')
    symbol: str | None = Field(None, description='The symbol part, e.g. "KH-UBND"')
    doc_type: str | None = Field(None, description='Document type as a word, e.g. "Kế hoạch"')
    doc_type_code: str | None = Field(None, description='Decree 30 type code, e.g. "KH"')
    place: str | None = Field(None, description='Place of issue, e.g. "Lạng Sơn"')
    date: str | None = Field(None, description="ISO date; null when the day is blank")
    title: str | None = Field(None, description="Summary (trích yếu) under the type word")
    signer: Signer = Field(default_factory=Signer, description="The signature block")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận lines")
    addressees: list[str] = Field(
        default_factory=list,
        description='"Kính gửi" addressees (letters, submissions), or a dispatch\'s ("... điện:")',
    )
    attached_by: str | None = Field(
        None, description='An attached document\'s "(Ban hành) kèm theo ..." line, without the '
        'brackets: the document that issues it; null for a document of its own',
    )


class Paragraph(StrictModel):
    id: str = Field(description='Stable within the document: "p1", "p2", ...')
    text: str = Field(description="NFC text, lines and page breaks re-joined, markers removed")
    pages: list[int] = Field(default_factory=list, description="Pages it lies on; [] for text")
    bbox: BBox | None = Field(None, description="Box on the first page listed")
    boxes: list[PageBox] = Field(default_factory=list, description="One box per page")
    cells: list[str] | None = Field(
        None, description='A row of a ruled table: its cells in column order ("text" joins '
        'them with " | "); null for running text'
    )


class Section(StrictModel):
    id: str = Field(description='"s1", "s2", ... in reading order')
    label: str = Field(
        description='Heading label as printed: "Phần thứ nhất", "I.", "2.1.", "a)", "-"'
    )
    kind: Literal[
        "part", "alpha", "chapter", "subchapter", "article", "roman", "arabic", "decimal",
        "letter", "dash", "plus",
    ] = Field(
        description="Label family: Phần, A. (capital letter), Chương, Mục, Điều, I., 1., "
        "2.1., a), -, +"
    )
    level: int = Field(description="Depth in the section tree, 1 = top")
    title: str = Field(
        description="Text of the labelled block after the label; for a run-in heading "
        '("1. Đơn vị chủ trì: Sở Văn hoá và Thể thao.") the lead-in up to its colon, the rest '
        "being the block's text under it (heading.text keeps the whole block)"
    )
    heading: Paragraph = Field(
        description="The labelled block itself as a paragraph (label included), so that "
        "anchors and citations inside a heading have a paragraph id to point at"
    )
    paragraphs: list[Paragraph] = Field(
        default_factory=list, description="Unlabelled blocks after the heading"
    )
    children: list[Section] = Field(default_factory=list, description="Sub-sections")


class FootnoteAnchor(StrictModel):
    paragraph_id: str = Field(description="Paragraph (or heading) holding the marker")
    offset: int = Field(description="Character offset in the paragraph text where the marker stood")


class Footnote(StrictModel):
    id: str = Field(description='"fn<number>"')
    number: int = Field(description="The number printed at the marker")
    text: str = Field(description="Full text, joined across lines and pages, without the number")
    pages: list[int] = Field(default_factory=list, description="Pages it lies on; [] for text")
    bbox: BBox | None = Field(None, description="Box on its first page")
    boxes: list[PageBox] = Field(default_factory=list, description="One box per page")
    anchors: list[FootnoteAnchor] = Field(
        default_factory=list, description="Where its marker stands in the body"
    )


class Annex(StrictModel):
    id: str = Field(description='"a1", "a2", ...')
    label: str = Field(description='e.g. "PHỤ LỤC I"')
    title: str | None = Field(None, description="Uppercase title lines under the label")
    pages: list[int] = Field(default_factory=list, description="Pages it lies on")
    paragraphs: list[Paragraph] = Field(default_factory=list, description="Its blocks")


class Location(StrictModel):
    kind: Literal["paragraph", "footnote"] = Field(description="Body block or footnote")
    id: str = Field(description="Paragraph or footnote id")
    section_label: str | None = Field(None, description='Label path, e.g. "II.2.1"')
    page: int | None = Field(None, description="Page, where the input has pages")


Relation = Literal["legal_basis", "implements", "refers", "amends", "replaces", "repeals"]


class Citation(StrictModel):
    """One mention of another document (issue 3)."""

    id: str = Field(description='"c1", "c2", ... in reading order')
    raw: str = Field(description="The mention, verbatim")
    span: tuple[int, int] = Field(description="Start, end in the paragraph or footnote text")
    location: Location = Field(description="Where the mention is")
    type: str | None = Field(None, description='Document type, e.g. "Kế hoạch", "Luật"')
    number: str | None = Field(None, description='Normalized number/symbol, e.g. "116/KH-UBND"')
    date: str | None = Field(None, description="ISO date of the cited document, when stated")
    issuer: str | None = Field(None, description="Issuer as stated, or inferred from the symbol")
    issuer_inferred: bool = Field(False, description="True when the issuer comes from the symbol")
    name: str | None = Field(None, description="Name of a document cited by name (laws, codes)")
    year: int | None = Field(None, description="Year of the cited document")
    pinpoint: str | None = Field(None, description='e.g. "khoản 1 Điều 1"')
    relation: Relation = Field("refers", description="From the cue word before the mention")
    in_footnote: bool = Field(False, description="The mention is in a footnote")
    key: str = Field(description="Canonical id of the cited document across all documents")
    confidence: float = Field(1.0, description="Lower for malformed or ambiguous mentions")


class Entity(StrictModel):
    """A named organisation, person, location, date or period (issue 4)."""

    id: str = Field(description='"e1", "e2", ...')
    text: str = Field(description="The entity as written")
    label: str = Field(description="ORG, PER, LOC, DATE, ...")
    span: tuple[int, int] = Field(description="Start, end in the paragraph or footnote text")
    location: Location = Field(description="Where it is")
    normalized: str | None = Field(
        None, description="Full form where the document makes it certain"
    )


class Figure(StrictModel):
    """A number with its unit and what it counts (issue 4)."""

    id: str = Field(description='"f1", "f2", ...')
    raw: str = Field(description="As written, e.g. \"33,17 triệu đồng\"")
    value: float | None = Field(description="The number; money in VND, percentages as written")
    unit: str | None = Field(None, description='e.g. "VND", "%", "km²", "ha"')
    counted: str | None = Field(None, description='The noun counted, e.g. "dự án"')
    kind: str = Field(description="money, percent, change, ratio, area, length, count, ...")
    span: tuple[int, int] = Field(description="Start, end in the paragraph or footnote text")
    location: Location = Field(description="Where it is")
    total: float | None = Field(None, description="Denominator of a done/total ratio")


class Deadline(StrictModel):
    """When a task is due (issue 5)."""

    raw: str = Field(description='As written, e.g. "Thường xuyên", "Quý II/2026"')
    kind: Literal[
        "continuous", "recurring", "date", "month", "quarter", "year", "period", "other"
    ] = Field(description="What sort of deadline")
    value: str | None = Field(
        None, description='Normalized: "2026-03-31", "2026-06", "2026-Q2", "2026", '
        '"2025/2030", "2022-10-10/2022-11-25" (a period: ISO 8601 interval), "--10-31" '
        '(yearly on 31/10)'
    )


class Task(StrictModel):
    """An actionable item of a plan (Kế hoạch): what, who, by when (issue 5)."""

    id: str = Field(description='"t1", "t2", ...')
    label_path: str = Field(description='Labels from the root, e.g. "II.2.a"')
    text: str = Field(description="The task as stated")
    units: list[str] = Field(default_factory=list, description="Responsible (lead) units")
    partners: list[str] = Field(default_factory=list, description="Coordinating units")
    deadline: Deadline | None = Field(None, description="When it is due, if stated")
    location: Location = Field(description="Where the task is stated")


class GlossaryEntry(StrictModel):
    """An abbreviation used in the document (issue 4)."""

    abbreviation: str = Field(description='e.g. "PCTNTC", "UBND"')
    expansion: str = Field(description="Its full form")
    defined: bool = Field(
        description="True when the document defines it ('... tiêu cực (PCTNTC)'); false for a "
        "standard abbreviation it only uses"
    )


class Document(StrictModel):
    """A parsed document: the top level of the JSON output."""

    schema_version: str = Field(SCHEMA_VERSION, description="Semver of this contract")
    source: Source = Field(description="The input file")
    metadata: Metadata = Field(default_factory=Metadata, description="Decree 30 metadata")
    preamble: list[Paragraph] = Field(
        default_factory=list, description="Body paragraphs before the first heading"
    )
    sections: list[Section] = Field(default_factory=list, description="The section tree")
    footnotes: list[Footnote] = Field(default_factory=list, description="Footnotes by number")
    annexes: list[Annex] = Field(default_factory=list, description="PHỤ LỤC parts")
    citations: list[Citation] = Field(default_factory=list, description="Cited documents")
    entities: list[Entity] = Field(default_factory=list, description="Named entities")
    figures: list[Figure] = Field(default_factory=list, description="Numbers with units")
    glossary: list[GlossaryEntry] = Field(
        default_factory=list, description="Abbreviations the document defines or uses"
    )
    tasks: list[Task] = Field(
        default_factory=list,
        description="Plans, directives (Chỉ thị, Công điện), and documents that issue a plan",
    )
    warnings: list[str] = Field(
        default_factory=list, description="What the parser noticed (e.g. pages without text)"
    )
    pages: list[int] = Field(
        default_factory=list,
        description="Pages this document lies on, where it is part of a file (an attached "
        "document); [] for the file's own document",
    )
    attachments: list[Document] = Field(
        default_factory=list,
        description="Documents attached after the signature (a plan, regulation, programme or "
        "charter a decision issues), each parsed as a document of its own: metadata, sections, "
        "footnotes, citations and tasks",
    )

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
