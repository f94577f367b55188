"""Run every evaluator over the corpus and collect their tables."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from docparse.errors import DocparseError, ErrorCode
from docparse.evaluation.corpus import (
    corpus_files,
    gold_stems,
    load_structure,
    pdfplumber_copies,
    pdftotext_copies,
    scanned_copies,
    searchable_copies,
    skewed_copies,
)
from docparse.evaluation.structure import Counts, score, structure_table
from docparse.evaluation.table import Table
from docparse.model import Document
from docparse.pipeline import ParseOptions, parse_path


def run_eval(
    corpus: Path,
    gold: Path,
    *,
    forms: set[str] | None = None,
    progress: Callable[[Iterable[object]], Iterable[object]] = lambda x: x,
    results_out: list[tuple[str, str, Document]] | None = None,
) -> tuple[list[Table], dict[str, dict[str, list[str]]]]:
    """Parse every corpus file that has gold and score it; returns tables and the misses."""
    real = _real_tables(gold, forms, progress, results_out)
    if forms == {"real"}:
        return real
    stems = gold_stems(gold)
    every = corpus_files(corpus, stems)
    files = [
        f for f in every
        if forms is None or f.form in forms or f.form.split(":")[0] in forms
    ]
    # Forms made on the fly from the canonical PDFs, in one temporary folder.
    copies = Path(tempfile.mkdtemp(prefix="docparse-eval-"))
    if forms is None or "pdftotext" in forms:  # fast: with the default forms
        files.extend(pdftotext_copies(every, copies))
    if forms is None or "pdftotext-raw" in forms:
        files.extend(pdftotext_copies(every, copies, layout=False))
    if forms is None or "pdfplumber" in forms:
        files.extend(pdfplumber_copies(every, copies))
    if forms is not None and forms & {"scan", "searchable", "skewed"}:  # OCR: only when asked
        if "scan" in forms:
            files.extend(scanned_copies(every, copies))
        if "searchable" in forms:
            files.extend(searchable_copies(every, copies))
        if "skewed" in forms:
            files.extend(skewed_copies(every, copies))
    results: list[tuple[str, str, Document]] = []
    counts: list[tuple[str, str, Counts]] = []
    misses: dict[str, dict[str, list[str]]] = {}
    golds = {stem: load_structure(gold / "structure" / f"{stem}.json") for stem in stems}
    for item in progress(files):
        doc = parse_path(item.path, ParseOptions(enrich=True))  # type: ignore[attr-defined]
        results.append((item.stem, item.form, doc))  # type: ignore[attr-defined]
        c = score(doc, golds[item.stem], item.form)  # type: ignore[attr-defined]
        counts.append((item.stem, item.form, c))  # type: ignore[attr-defined]
        misses[f"{item.stem}:{item.form}"] = c.misses  # type: ignore[attr-defined]
    shutil.rmtree(copies, ignore_errors=True)
    if results_out is not None:
        results_out.extend(results)
    tables = [structure_table(counts)]
    tables.extend(_optional_tables(results, gold))
    if forms is None or "text" in forms:
        tables.extend(_coverage_tables(gold, corpus))
    tables.extend(real[0])
    misses.update(real[1])
    return tables, misses


def _real_tables(
    gold: Path,
    forms: set[str] | None,
    progress: Callable[[Iterable[object]], Iterable[object]],
    results_out: list[tuple[str, str, Document]] | None,
) -> tuple[list[Table], dict[str, dict[str, list[str]]]]:
    """The real published PDFs: asked for, or by default when their folder is there."""
    from docparse.evaluation.real import realdocs_folder, run_real

    asked = forms is not None and "real" in forms
    if not asked and (forms is not None or not realdocs_folder(gold).is_dir()):
        return [], {}
    if not realdocs_folder(gold).is_dir():
        raise DocparseError(ErrorCode.GOLD, detail=f"no real PDFs at {realdocs_folder(gold)} "
                            "(set DOCPARSE_REALDOCS)")
    parsed: list[tuple[str, str, Document]] = []
    tables, misses = run_real(gold, progress=progress, results_out=parsed)
    if results_out is not None:
        results_out.extend(parsed)
    from docparse.evaluation.coverage_real import load_real_pairs, real_linking_table

    pairs = load_real_pairs(gold, docs={stem: doc for stem, _, doc in parsed})
    if pairs:
        tables.append(real_linking_table(pairs))
    return tables, misses


def _coverage_tables(gold: Path, corpus: Path) -> list[Table]:
    """Plan-to-report traceability tables (they parse the plans and reports themselves)."""
    from docparse.evaluation.coverage import coverage_tables

    return coverage_tables(gold, corpus)


def _optional_tables(results: list[tuple[str, str, Document]], gold: Path) -> list[Table]:
    """Tables of the enrich stages, where their gold is present."""
    from docparse.evaluation.citations import citation_table
    from docparse.evaluation.entities import entity_tables

    out: list[Table] = []
    if (gold / "citations").is_dir():
        out.append(citation_table(results, gold / "citations"))
    if (gold / "entities").is_dir():
        out.extend(entity_tables(results, gold))
    return out
