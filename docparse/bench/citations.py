"""Benchmarks of the citation stage, each returning a dict of figures.

- `extraction_speed`: `extract_citations` over the corpus text repeated to about
  5 MB (UTF-8), in this process (one core). Target: >= 2 MB/s.
- `graph_speed`: 10,000 synthetic documents with 30 citations each stored in a
  temporary library, then the graph built from it and queried. Targets: build
  (with the library read) < 30 s, each query < 200 ms.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from docparse.enrich.citations import extract_citations
from docparse.model import (
    SCHEMA_VERSION,
    Citation,
    Document,
    Location,
    Metadata,
    Paragraph,
    Source,
)

EXTRACTION_TARGET_MB_S = 2.0
BUILD_TARGET_S = 30.0
QUERY_TARGET_MS = 200.0


def _paragraph_documents(corpus: Path) -> tuple[list[Document], int]:
    """One Document per corpus text, its blank-line-separated blocks as paragraphs."""
    docs: list[Document] = []
    size = 0
    for path in sorted((corpus / "text").glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text("utf-8"))
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
        size += sum(len(b.encode("utf-8")) for b in blocks)
        docs.append(
            Document(
                source=Source(file_name=path.name, sha256=path.stem, format="text",
                              size_bytes=path.stat().st_size),
                preamble=[Paragraph(id=f"p{i}", text=b) for i, b in enumerate(blocks)],
            )
        )
    return docs, size


def extraction_speed(corpus: Path = Path("corpus"), target_mb: float = 5.0) -> dict[str, Any]:
    """Throughput of extract_citations on the corpus text repeated to ~target_mb."""
    docs, size = _paragraph_documents(corpus)
    if not size:
        return {"error": f"no text in {corpus / 'text'}"}
    repeats = max(1, round(target_mb * 1e6 / size))
    extract_citations(docs[0])  # load data files and compile patterns outside the timing
    mentions = 0
    start = time.perf_counter()
    for _ in range(repeats):
        for doc in docs:
            mentions += len(extract_citations(doc))
    seconds = time.perf_counter() - start
    total = size * repeats
    rate = total / 1e6 / seconds
    return {
        "bytes": total,
        "seconds": round(seconds, 3),
        "mb_per_s": round(rate, 2),
        "mentions": mentions,
        "target_mb_per_s": EXTRACTION_TARGET_MB_S,
        "ok": rate >= EXTRACTION_TARGET_MB_S,
    }


# --- synthetic library ---------------------------------------------------------------

_LAWS = ["Luật Phòng, chống tham nhũng", "Luật Đất đai", "Luật Đầu tư công",
         "Luật Ngân sách nhà nước", "Luật Tiếp cận thông tin", "Luật Khiếu nại"]


def _synthetic_documents(n_docs: int, per_doc: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    # Every document gets its own number; half are plans, half reports on them.
    numbers = [(i + 1, "KH" if i % 2 == 0 else "BC", 2020 + i % 6) for i in range(n_docs)]
    docs = []
    for i, (number, code, year) in enumerate(numbers):
        cites = []
        for j in range(per_doc):
            roll = rng.random()
            if roll < 0.35 and i:
                other = numbers[rng.randrange(i)]  # an earlier loaded document
                key = f"{other[0]}/{other[1]}-UBND@{other[2]}"
                num, ctype, cyear = key.split("@")[0], "Kế hoạch", other[2]
            elif roll < 0.6:
                num = f"{rng.randrange(1, 400)}/{rng.randrange(2005, 2026)}/NĐ-CP"
                key, ctype, cyear = num, "Nghị định", int(num.split("/")[1])
            elif roll < 0.8:
                num = f"{rng.randrange(1, 300)}-{rng.choice(['NQ', 'CT', 'KL'])}/TW"
                key, ctype, cyear = num, "Nghị quyết", None
            else:
                name = rng.choice(_LAWS)
                cyear = rng.choice([2013, 2018, 2024])
                num, key, ctype = None, f"{name} năm {cyear}", "Luật"
            cites.append(Citation.model_construct(
                id=f"c{j + 1}", raw=key, span=(0, len(key)),
                location=Location(kind="paragraph", id=f"p{j % 20}", section_label="II.1",
                                  page=1 + j % 5),
                type=ctype, number=num, date=None, issuer=None, issuer_inferred=False,
                name=None if num else key.rsplit(" năm ", 1)[0], year=cyear,
                pinpoint=None, relation="implements" if j == 0 else "refers",
                in_footnote=j % 3 == 0, key=key, confidence=1.0,
            ))
        docs.append(Document.model_construct(
            schema_version=SCHEMA_VERSION,
            source=Source(file_name=f"synthetic_{i}.txt", sha256=f"{i:064x}", format="text",
                          size_bytes=1),
            metadata=Metadata(number=str(number), symbol=f"{code}-UBND", date=f"{year}-01-15",
                              doc_type="Kế hoạch" if code == "KH" else "Báo cáo"),
            preamble=[], sections=[], footnotes=[], annexes=[], citations=cites,
            entities=[], figures=[], warnings=[],
        ))
    return docs


def graph_speed(n_docs: int = 10_000, per_doc: int = 30, seed: int = 0,
                queries: int = 200) -> dict[str, Any]:
    """Store synthetic documents, build the graph from the library, time queries."""
    from docparse.graph.build import build_graph
    from docparse.graph.query import cited_by, cites, stats
    from docparse.store.library import Library

    docs = _synthetic_documents(n_docs, per_doc, seed)
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "bench.sqlite") as library:
        start = time.perf_counter()
        library.add_many(docs)
        store_s = time.perf_counter() - start
        start = time.perf_counter()
        graph = build_graph(library)
        build_s = time.perf_counter() - start
    rng = random.Random(seed)
    loaded = [n for n, d in graph.nodes(data=True) if d.get("loaded")]
    cited = [n for n in graph.nodes if graph.in_degree(n)]
    timings: dict[str, list[float]] = {"cites": [], "cited_by": [], "stats": []}
    for _ in range(queries):
        start = time.perf_counter()
        cites(graph, rng.choice(loaded))
        timings["cites"].append(time.perf_counter() - start)
        start = time.perf_counter()
        cited_by(graph, rng.choice(cited))
        timings["cited_by"].append(time.perf_counter() - start)
    for _ in range(3):
        start = time.perf_counter()
        stats(graph)
        timings["stats"].append(time.perf_counter() - start)
    worst = {name: round(max(values) * 1000, 2) for name, values in timings.items()}
    return {
        "documents": n_docs,
        "citations": n_docs * per_doc,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "store_s": round(store_s, 2),
        "build_s": round(build_s, 2),
        "query_ms_max": worst,
        "query_ms_mean": {name: round(sum(v) / len(v) * 1000, 3) for name, v in timings.items()},
        "target_build_s": BUILD_TARGET_S,
        "target_query_ms": QUERY_TARGET_MS,
        "ok": build_s < BUILD_TARGET_S and max(worst.values()) < QUERY_TARGET_MS,
    }


def run(corpus: Path) -> dict[str, object]:
    """The `docparse bench` entry: extraction speed, then graph build and query times."""
    return {"extraction": extraction_speed(corpus), "graph": graph_speed()}
