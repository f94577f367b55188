"""The pipeline: ingest -> layout -> structure -> enrich, as library functions.

The CLI and the HTTP API are thin layers over `parse_path` / `parse_bytes`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest.docx import read_docx
from docparse.ingest.image import image_to_pdf, is_image
from docparse.ingest.lines import RawDocument
from docparse.ingest.office import office_format, to_docx
from docparse.ingest.pdf import read_pdf
from docparse.ingest.text import read_text
from docparse.layout import lay_out
from docparse.model import Document, GlossaryEntry, Source
from docparse.structure.build import build_document


@dataclass(frozen=True)
class ParseOptions:
    enrich: bool = True  # citations (fast, rule-based)
    entities: bool = False  # NER and figures: slower, opt-in
    max_pages: int = 2000
    max_mb: float = 200.0
    ocr: bool = True  # pages without a text layer are read by OCR (when Tesseract is there)
    # Called with (pages read, page count) as a PDF is read: progress on long documents.
    on_page: Callable[[int, int], None] | None = field(default=None, compare=False)


def sniff_format(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if is_image(data):
        return "image"
    if (office := office_format(data, name)) is not None:
        return office
    if data[:4] == b"PK\x03\x04":
        if b"word/" in data[:4096] or suffix == ".docx":
            return "docx"
        raise DocparseError(ErrorCode.UNSUPPORTED, path=name, detail="a ZIP archive, not DOCX")
    if suffix == ".pdf":
        raise DocparseError(ErrorCode.CORRUPT, path=name, detail="no %PDF header")
    if suffix == ".docx":
        raise DocparseError(ErrorCode.CORRUPT, path=name, detail="not a DOCX (ZIP) file")
    if suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        raise DocparseError(ErrorCode.CORRUPT, path=name, detail=f"not a {suffix[1:]} image")
    if suffix in (".doc", ".odt", ".rtf"):
        raise DocparseError(ErrorCode.CORRUPT, path=name, detail=f"not a {suffix[1:]} file")
    if suffix in (".xls", ".xlsx", ".gif", ".bmp", ".webp"):
        raise DocparseError(ErrorCode.UNSUPPORTED, path=name, detail=f"{suffix} files")
    return "text"


def parse_path(path: Path | str, options: ParseOptions | None = None) -> Document:
    path = Path(path)
    if not path.is_file():
        raise DocparseError(ErrorCode.NOT_FOUND, path=str(path))
    options = options or ParseOptions()
    size = path.stat().st_size
    if size == 0:
        raise DocparseError(ErrorCode.EMPTY, path=str(path))
    if size > options.max_mb * 1024 * 1024:
        raise DocparseError(
            ErrorCode.TOO_LARGE, path=str(path), detail=f"{size / 1e6:.0f} MB > {options.max_mb} MB"
        )
    data = path.read_bytes()
    return _parse(data, path.name, options, path=path)


def parse_bytes(data: bytes, file_name: str, options: ParseOptions | None = None) -> Document:
    options = options or ParseOptions()
    if not data:
        raise DocparseError(ErrorCode.EMPTY, path=file_name)
    if len(data) > options.max_mb * 1024 * 1024:
        raise DocparseError(ErrorCode.TOO_LARGE, path=file_name, detail="over the size limit")
    return _parse(data, file_name, options)


def _parse(
    data: bytes, name: str, options: ParseOptions, *, path: Path | None = None
) -> Document:
    fmt = sniff_format(data, name)
    raw = _ingest(data, name, fmt, options, path)
    laid = lay_out(raw)
    source = Source(
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,  # type: ignore[arg-type]
        pages=laid.page_count,
        size_bytes=len(data),
    )
    doc = build_document(laid, source)
    if options.enrich:
        enrich(doc, entities=options.entities)
    return doc


def _ingest(
    data: bytes, name: str, fmt: str, options: ParseOptions, path: Path | None
) -> RawDocument:
    if fmt == "text":
        return read_text(data, name)
    if fmt == "docx":
        return read_docx(data, name)
    if fmt in ("doc", "rtf", "odt"):  # LibreOffice makes it a DOCX; read as one
        return read_docx(to_docx(data, name, fmt), name)
    if fmt == "image":  # a scan saved as a picture: its pages go the scanned-PDF way
        data, path = image_to_pdf(data, name, max_pages=options.max_pages), None
    if path is not None:
        return read_pdf(path, max_pages=options.max_pages, on_page=options.on_page,
                        ocr=options.ocr)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            return read_pdf(Path(handle.name), max_pages=options.max_pages,
                            on_page=options.on_page, ocr=options.ocr)
        except DocparseError as exc:
            exc.args = (str(exc).replace(handle.name, name),)
            raise


def enrich(doc: Document, *, entities: bool = False) -> None:
    """Fill the glossary and citations (and, when asked, entities and figures) in place, for
    the document and every document attached to it."""
    from docparse.enrich.abbreviations import find_definitions, glossary

    texts = [p.text for p, _ in doc.iter_paragraphs()] + [f.text for f in doc.footnotes]
    defined = {d.abbreviation for text in texts for d in find_definitions(text)}
    doc.glossary = [
        GlossaryEntry(abbreviation=abbr, expansion=full, defined=abbr in defined)
        for abbr, full in glossary(texts).items()
    ]
    from docparse.enrich.citations import extract_citations

    doc.citations = extract_citations(doc)
    from docparse.link.tasks import extract_tasks, has_tasks

    if has_tasks(doc):
        doc.tasks = extract_tasks(doc)
    if entities:
        from docparse.enrich.entities import extract_entities
        from docparse.enrich.figures import extract_figures

        doc.entities = extract_entities(doc)
        doc.figures = extract_figures(doc)
    for attached in doc.attachments:
        enrich(attached, entities=entities)
