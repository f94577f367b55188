"""Benchmark of the whole enrich stage on a ~40-page report.

The report is the corpus texts concatenated (about 155,000 characters, some 40
pages of 13-pt body text), cut into paragraphs at blank lines, as one
Document. The stage is: glossary, citations (when that stage is installed),
entities and figures, in this process (one core). Loading the models
(underthesea's CRFs, the spaCy pipeline) is timed apart, once, as a real
process pays it once. Target: the stage in < 10 s.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from docparse.model import Document, Paragraph, Source

TARGET_S = 10.0


def report_document(corpus: Path) -> Document:
    """The corpus texts concatenated into one Document of blank-line paragraphs."""
    blocks: list[str] = []
    size = 0
    for path in sorted((corpus / "text").glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text("utf-8"))
        size += len(text)
        blocks.extend(" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip())
    return Document(
        source=Source(file_name="report.txt", sha256="bench", format="text", size_bytes=size),
        preamble=[Paragraph(id=f"p{i + 1}", text=b) for i, b in enumerate(blocks)],
    )


def run(corpus: Path = Path("corpus")) -> dict[str, Any]:
    from docparse.enrich.abbreviations import glossary
    from docparse.enrich.entities import extract_entities, load_pipeline
    from docparse.enrich.figures import extract_figures

    doc = report_document(corpus)
    if not doc.preamble:
        return {"error": f"no text in {corpus / 'text'}"}
    chars = sum(len(p.text) for p in doc.preamble)

    t0 = time.perf_counter()
    nlp = load_pipeline()
    nlp("Khởi động UBND tỉnh Lạng Sơn.")  # load underthesea's CRF models too
    load_s = time.perf_counter() - t0

    from docparse.enrich.citations import extract_citations

    timings: dict[str, float] = {}
    start = time.perf_counter()
    t = time.perf_counter()
    terms = glossary(doc)
    timings["glossary_s"] = time.perf_counter() - t
    t = time.perf_counter()
    citations = extract_citations(doc)
    timings["citations_s"] = time.perf_counter() - t
    t = time.perf_counter()
    entities = extract_entities(doc, nlp)
    timings["entities_s"] = time.perf_counter() - t
    t = time.perf_counter()
    figures = extract_figures(doc)
    timings["figures_s"] = time.perf_counter() - t
    total = time.perf_counter() - start
    return {
        "characters": chars,
        "pages_approx": round(chars / 3900),
        "paragraphs": len(doc.preamble),
        "load_s": round(load_s, 2),
        **{k: round(v, 3) for k, v in timings.items()},
        "enrich_s": round(total, 2),
        "entities": len(entities),
        "figures": len(figures),
        "citations": len(citations),
        "glossary": len(terms),
        "target_s": TARGET_S,
        "ok": total < TARGET_S,
    }
