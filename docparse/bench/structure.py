"""Structure-parsing speed against pdfplumber's own extract_text, and peak memory.

Both run on the same file in the same process, alternating, best of N, so the machine's
state affects both alike. Peak memory is measured in a fresh subprocess (ru_maxrss), since
a process's high-water mark never goes down.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pdfplumber

from docparse.pipeline import ParseOptions, parse_path


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


def _extract_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def time_pair(path: Path, repeats: int = 3) -> dict[str, float]:
    ours, theirs = [], []
    options = ParseOptions(enrich=False)
    for _ in range(repeats):
        start = time.perf_counter()
        _extract_text(path)
        theirs.append(time.perf_counter() - start)
        start = time.perf_counter()
        parse_path(path, options)
        ours.append(time.perf_counter() - start)
    return {
        "docparse_s": round(min(ours), 3),
        "pdfplumber_extract_text_s": round(min(theirs), 3),
        "ratio": round(min(ours) / min(theirs), 2),
    }


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


def run(corpus: Path, repeats: int = 3) -> dict[str, Any]:
    pdfs = sorted((corpus / "pdf").glob("*.pdf"))
    if not pdfs:
        return {"error": f"no PDFs under {corpus / 'pdf'}"}
    result: dict[str, Any] = {"files": {}}
    for pdf in pdfs:
        result["files"][pdf.name] = time_pair(pdf, repeats)
    with tempfile.TemporaryDirectory() as tmp:
        long_pdf = make_long_pdf(pdfs, 100, Path(tmp) / "long-100.pdf")
        result["long_100_pages"] = time_pair(long_pdf, 1)
        result["long_100_pages"]["peak_rss_mb"] = peak_memory_mb(long_pdf)
    ratios = [v["ratio"] for v in result["files"].values()]
    result["worst_ratio"] = max([*ratios, result["long_100_pages"]["ratio"]])
    result["targets"] = {"ratio_max": 2.0, "peak_rss_mb_max": 300}
    return result


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")), indent=2))
