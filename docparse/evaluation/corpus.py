"""The evaluation corpus: each gold document in its text form and its PDF renditions."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docparse.errors import DocparseError, ErrorCode
from docparse.structure.labels import heading_title

MARKER = re.compile(r"\[\^(\d+)\]")


@dataclass
class CorpusFile:
    stem: str
    form: str  # "text" | "pdf" | "pdf:<variant>" | "docx" | an image form
    path: Path


@dataclass
class GoldBlock:
    kind: str  # "heading" | "paragraph"
    text: str  # marker-free; for headings the label and text joined as printed
    label: str | None = None
    level: int | None = None
    title: str | None = None
    anchors: list[tuple[int, int]] = field(default_factory=list)  # (footnote number, offset)


@dataclass
class GoldStructure:
    stem: str
    metadata: dict[str, Any]
    inferred: set[str]
    blocks: list[GoldBlock]
    footnotes: dict[int, str]


def corpus_files(corpus: Path, stems: list[str]) -> list[CorpusFile]:
    out: list[CorpusFile] = []
    for stem in stems:
        text = corpus / "text" / f"{stem}.txt"
        if text.exists():
            out.append(CorpusFile(stem, "text", text))
        pdf = corpus / "pdf" / f"{stem}.pdf"
        if pdf.exists():
            out.append(CorpusFile(stem, "pdf", pdf))
        for variant in sorted((corpus / "pdf" / "variants").glob(f"{stem}.*.pdf")):
            out.append(CorpusFile(stem, f"pdf:{variant.stem.split('.', 1)[1]}", variant))
        docx = corpus / "docx" / f"{stem}.docx"
        if docx.exists():
            out.append(CorpusFile(stem, "docx", docx))
    return out


def scanned_copies(files: list[CorpusFile], folder: Path, dpi: int = 200) -> list[CorpusFile]:
    """Image-only copies of the canonical PDF renditions (form "scan"): every page rendered
    to a grey image and written back as a PDF with no text layer, as a scanner would.
    Clean images, neither skewed nor noisy: what OCR scores on them is an upper bound."""
    return _image_copies(files, folder, "scan", dpi, lambda image: image)


def skewed_copies(files: list[CorpusFile], folder: Path, dpi: int = 200) -> list[CorpusFile]:
    """Scans as a worn office scanner makes them (form "skewed"): every page image turned by
    up to 1 degree either way and given grain (Gaussian noise, sd 12 grey levels), seeded so
    that every run sees the same pages."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(5)

    def wear(image: Any) -> Any:
        turned = image.convert("L").rotate(float(rng.uniform(-1.0, 1.0)),
                                           resample=Image.Resampling.BICUBIC, fillcolor=255)
        grain = rng.normal(0, 12, size=(turned.height, turned.width))
        pixels = np.clip(np.asarray(turned, dtype=np.int16) + grain.astype(np.int16), 0, 255)
        return Image.fromarray(pixels.astype(np.uint8))

    return _image_copies(files, folder, "skewed", dpi, wear)


def _image_copies(
    files: list[CorpusFile], folder: Path, form: str, dpi: int, change: Callable[[Any], Any]
) -> list[CorpusFile]:
    """The canonical renditions as PDFs of their page images, each image changed by `change`."""
    out: list[CorpusFile] = []
    folder.mkdir(parents=True, exist_ok=True)
    for item in _canonical(files):
        pages = [change(image) for image in _page_images(item.path, dpi)]
        target = folder / f"{item.stem}.{form}.pdf"
        pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
        out.append(CorpusFile(item.stem, form, target))
    return out


def _canonical(files: list[CorpusFile]) -> list[CorpusFile]:
    return [item for item in files if item.form == "pdf"]


def pdftotext_copies(files: list[CorpusFile], folder: Path,
                     layout: bool = True) -> list[CorpusFile]:
    """Text extracted from the canonical PDF renditions by poppler's `pdftotext -layout`
    (form "pdftotext") or plain `pdftotext` (form "pdftotext-raw", which reads the header's
    cells apart and moves raised footnote numbers): what a user who has only that tool
    hands in as "extracted text". None when pdftotext is not installed."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    form, flags = ("pdftotext", ["-layout"]) if layout else ("pdftotext-raw", [])
    out: list[CorpusFile] = []
    for item in _canonical(files):
        target = folder / f"{item.stem}.{form}.txt"
        subprocess.run(["pdftotext", *flags, str(item.path), str(target)], check=True,
                       capture_output=True, timeout=120)
        out.append(CorpusFile(item.stem, form, target))
    return out


def pdfplumber_copies(files: list[CorpusFile], folder: Path) -> list[CorpusFile]:
    """Text of the canonical PDF renditions as pdfplumber's `extract_text()` gives it, the
    pages joined by line breaks (form "pdfplumber"): the header's and the signature's two
    columns one space apart on one line, footnotes as "1 text" at each page's foot."""
    import pdfplumber

    folder.mkdir(parents=True, exist_ok=True)
    out: list[CorpusFile] = []
    for item in _canonical(files):
        target = folder / f"{item.stem}.pdfplumber.txt"
        with pdfplumber.open(item.path) as pdf:
            target.write_text("\n".join(page.extract_text() or "" for page in pdf.pages),
                              encoding="utf-8")
        out.append(CorpusFile(item.stem, "pdfplumber", target))
    return out


def searchable_copies(files: list[CorpusFile], folder: Path, dpi: int = 200) -> list[CorpusFile]:
    """Searchable-scan copies of the canonical PDF renditions (form "searchable"): the page
    images of `scanned_copies` under an invisible text layer written by Tesseract itself
    (`tesseract ... pdf`, as ocrmypdf and scanners' OCR do), so the parser reads the text layer
    and never runs OCR."""
    import os
    import subprocess

    out: list[CorpusFile] = []
    folder.mkdir(parents=True, exist_ok=True)
    for item in _canonical(files):
        pages = []
        for number, image in enumerate(_page_images(item.path, dpi), start=1):
            pages.append(folder / f"{item.stem}.{number}.png")
            image.save(pages[-1], dpi=(dpi, dpi))
        listing = folder / f"{item.stem}.pages.txt"
        listing.write_text("".join(f"{p}\n" for p in pages), encoding="utf-8")
        base = folder / f"{item.stem}.searchable"
        subprocess.run(["tesseract", str(listing), str(base), "-l", "vie", "pdf"], check=True,
                       capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        out.append(CorpusFile(item.stem, "searchable", folder / f"{base.name}.pdf"))
    return out


def _page_images(path: Path, dpi: int) -> list[Any]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in pdf]
    finally:
        pdf.close()


def strip_markers(text: str) -> tuple[str, list[tuple[int, int]]]:
    """'a[^1] b' -> ('a b', [(1, 1)]): marker-free text and (number, offset) anchors."""
    anchors: list[tuple[int, int]] = []
    out: list[str] = []
    cursor = 0
    length = 0
    for match in MARKER.finditer(text):
        piece = text[cursor : match.start()]
        out.append(piece)
        length += len(piece)
        anchors.append((int(match.group(1)), length))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), anchors


def load_structure(path: Path) -> GoldStructure:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DocparseError(ErrorCode.GOLD, detail=f"{path}: {exc}") from None
    blocks = []
    for raw in data["blocks"]:
        text = unicodedata.normalize("NFC", raw["text"])
        if raw["type"] == "heading":
            title, anchors = strip_markers(text)
            label = raw["label"]
            full = f"{label} {title}".strip()
            shift = len(label) + 1
            # The heading's title is its run-in lead where it has one (issue 14's
            # convention, applied to this gold's whole heading blocks; the block stays whole).
            blocks.append(
                GoldBlock("heading", full, label, raw["level"], heading_title(title),
                          [(n, o + shift) for n, o in anchors])
            )
        else:
            plain, anchors = strip_markers(text)
            blocks.append(GoldBlock("paragraph", plain, anchors=anchors))
    return GoldStructure(
        stem=data["document"],
        metadata=data.get("metadata", {}),
        inferred=set(data.get("inferred", [])),
        blocks=blocks,
        footnotes={int(f["number"]): f["text"] for f in data.get("footnotes", [])},
    )


def gold_stems(gold: Path) -> list[str]:
    return sorted(p.stem for p in (gold / "structure").glob("*.json"))
