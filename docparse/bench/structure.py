"""Reading speed: docparse against pdfplumber's extract_text and pdfium's raw text, and memory.

Three readers on the same files in the same process, taking turns on each file (so that the
machine's state falls on all alike), each one's best of `repeats` turns per file:
- docparse's structure parse (`parse --no-enrich`) and its default parse (with citations);
- pdfplumber's `extract_text()` on every page (what docparse read through until issue 15);
- pdfium's raw text with boxes: the page's text and every character's box, nothing more
  (the floor any reader built on pdfium stands on).
The sets: the corpus PDFs, a 100-page PDF made of them, and the real published PDFs of
../shared/realdocs whose text layer is sound (MANIFEST.tsv; scans would time OCR). Peak
memory of a structure parse of the 100-page PDF is measured in a fresh subprocess
(ru_maxrss), since a process's high-water mark never goes down.
"""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from docparse.pipeline import ParseOptions, parse_path

TARGETS = {"speedup_vs_pdfplumber_min": 5.0, "ratio_to_pdfium_max": 3.0,
           "peak_rss_mb_max": 150.0}


def make_long_pdf(sources: list[Path], pages: int, out: Path) -> Path:
    """Concatenate corpus PDFs up to `pages` pages (pypdf), for the 100-page target."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(p) for p in sources]
    while len(writer.pages) < pages:
        for reader in readers:
            for page in reader.pages:
                if len(writer.pages) >= pages:
                    break
                writer.add_page(page)
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def pdfplumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def pdfium_raw(path: Path) -> None:
    """Every page's text and every character's box, through pdfium's text page."""
    pdf = pypdfium2.PdfDocument(str(path))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            for i in range(textpage.count_chars()):
                pdfium_c.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top)
            textpage.close()
            page.close()
    finally:
        pdf.close()


def docparse_structure(path: Path) -> None:
    parse_path(path, ParseOptions(enrich=False, ocr=False))


def docparse_default(path: Path) -> None:
    parse_path(path, ParseOptions(ocr=False))


READERS: dict[str, Callable[[Path], None]] = {
    "docparse": docparse_structure,
    "docparse_with_citations": docparse_default,
    "pdfplumber_extract_text": pdfplumber_text,
    "pdfium_raw_text_boxes": pdfium_raw,
}


def page_count(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def time_set(files: list[Path], repeats: int) -> dict[str, Any]:
    """Pages per second of every reader over the files: the readers take turns on each file
    (so that a machine that slows down for a while slows them all alike), and each reader's
    time on a file is its best of `repeats` turns."""
    pages = sum(page_count(f) for f in files)
    best: dict[tuple[str, Path], float] = {}
    failed: dict[str, list[str]] = {}
    for _ in range(repeats):
        for path in files:
            for name, read in READERS.items():
                start = time.perf_counter()
                try:
                    read(path)
                except Exception as exc:  # a reader that cannot read a file is reported
                    failed.setdefault(name, []).append(f"{path.name}: {type(exc).__name__}")
                elapsed = time.perf_counter() - start
                best[name, path] = min(best.get((name, path), elapsed), elapsed)
    rate = {name: round(pages / sum(best[name, path] for path in files), 1) for name in READERS}
    out: dict[str, Any] = {"files": len(files), "pages": pages, "pages_per_s": rate}
    out["speedup_vs_pdfplumber"] = round(
        rate["docparse"] / rate["pdfplumber_extract_text"], 2)
    out["ratio_to_pdfium"] = round(rate["pdfium_raw_text_boxes"] / rate["docparse"], 2)
    if failed:
        out["failed"] = {name: sorted(set(items)) for name, items in failed.items()}
    return out


def peak_memory_mb(path: Path) -> float:
    code = (
        "import resource, sys\n"
        "from docparse.pipeline import parse_path, ParseOptions\n"
        "parse_path(sys.argv[1], ParseOptions(enrich=False))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return round(int(out.stdout.strip().splitlines()[-1]) / 1024, 1)  # Linux: KiB


def real_documents(corpus: Path) -> list[Path]:
    """The real published PDFs with a sound text layer, where ../shared/realdocs is."""
    folder = corpus.resolve().parent.parent / "shared" / "realdocs"
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    rows = [line.split("\t") for line in manifest.read_text("utf-8").splitlines()]
    column = rows[0].index("text_layer")
    return [folder / row[0] for row in rows[1:]
            if len(row) > column and row[column] == "yes" and (folder / row[0]).exists()]


def run(corpus: Path, repeats: int = 3) -> dict[str, Any]:
    pdfs = sorted((corpus / "pdf").glob("*.pdf"))
    if not pdfs:
        return {"error": f"no PDFs under {corpus / 'pdf'}"}
    result: dict[str, Any] = {"corpus_pdfs": time_set(pdfs, repeats)}
    with tempfile.TemporaryDirectory() as tmp:
        long_pdf = make_long_pdf(pdfs, 100, Path(tmp) / "long-100.pdf")
        result["long_100_pages"] = time_set([long_pdf], repeats)
        result["long_100_pages"]["peak_rss_mb"] = peak_memory_mb(long_pdf)
    real = real_documents(corpus)
    if real:
        result["real_documents"] = time_set(real, repeats)
    result["targets"] = TARGETS
    sets = [v for k, v in result.items() if isinstance(v, dict) and "pages_per_s" in v]
    result["met"] = {
        "speedup_vs_pdfplumber": all(s["speedup_vs_pdfplumber"] >= TARGETS[
            "speedup_vs_pdfplumber_min"] for s in sets),
        "ratio_to_pdfium": all(s["ratio_to_pdfium"] <= TARGETS["ratio_to_pdfium_max"]
                               for s in sets),
        "peak_rss_mb": result["long_100_pages"]["peak_rss_mb"] <= TARGETS["peak_rss_mb_max"],
    }
    return result


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")), indent=2))
