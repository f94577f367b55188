"""Real published PDFs (../shared/realdocs) against gold/real: `docparse eval --form real`.

Every gold file names its PDF; the PDF is parsed as a user would parse it (citations and
tasks on) and scored: whether it parsed at all; the key metadata fields (type, number with
symbol, date, signer) and all fields; headings (label + level + text, and label + level
alone as the tree's shape); footnotes (number + text) and their anchors (the text before
the marker); citations (as docparse.evaluation.citations matches them); tasks (by label
path, then units and deadline). An attached document is scored against the attachment of
the same rank; what belongs to it and is missing counts as missed.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docparse.errors import DocparseError
from docparse.evaluation.citations import FIELDS as CITATION_FIELDS
from docparse.evaluation.citations import Record, match, predicted_records
from docparse.evaluation.real_gold import RealGold, RealPart, load_real_gold, real_gold_files
from docparse.evaluation.structure import norm
from docparse.evaluation.table import Table, prf
from docparse.model import Document, Task

KEY_FIELDS = ["doc_type", "number", "date", "signer"]
ALL_FIELDS = [
    "parent_issuer", "issuer", "number", "symbol", "doc_type", "doc_type_code", "place", "date",
    "title", "signer.authority", "signer.title", "signer.name", "recipients", "addressees",
]
ANCHOR_CHARS = 20  # characters (whitespace removed) before a marker that must agree
MIN_ANCHOR_CHARS = 6


def realdocs_folder(gold: Path) -> Path:
    """Where the real PDFs are: $DOCPARSE_REALDOCS, else ../shared/realdocs beside the project."""
    if os.environ.get("DOCPARSE_REALDOCS"):
        return Path(os.environ["DOCPARSE_REALDOCS"])
    return gold.resolve().parent.parent / "shared" / "realdocs"


@dataclass
class RealCounts:
    parsed: int = 0
    documents: int = 0
    key: list[int] = field(default_factory=lambda: [0, 0])  # right, scored
    fields: list[int] = field(default_factory=lambda: [0, 0])
    heads: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, pred, gold
    shape: list[int] = field(default_factory=lambda: [0, 0, 0])
    notes: list[int] = field(default_factory=lambda: [0, 0, 0])
    anchors: list[int] = field(default_factory=lambda: [0, 0])
    cites: list[int] = field(default_factory=lambda: [0, 0, 0])
    tasks: list[int] = field(default_factory=lambda: [0, 0, 0])
    units: list[int] = field(default_factory=lambda: [0, 0])
    deadlines: list[int] = field(default_factory=lambda: [0, 0])
    attachments: list[int] = field(default_factory=lambda: [0, 0])  # found, gold
    misses: dict[str, list[str]] = field(default_factory=dict)
    layer: str = "yes"  # the PDF's text layer: yes, partial (garbled, lossy) or no (a scan)

    def add(self, other: RealCounts) -> None:
        self.parsed += other.parsed
        self.documents += other.documents
        for name in ("key", "fields", "heads", "shape", "notes", "anchors", "cites", "tasks",
                     "units", "deadlines", "attachments"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for i, value in enumerate(theirs):
                mine[i] += value

    def miss(self, kind: str, item: str) -> None:
        self.misses.setdefault(kind, []).append(item)


def _value(meta: dict[str, Any], name: str) -> Any:
    if name == "number":  # the number with its symbol, as printed on the number line
        number, symbol = meta.get("number"), meta.get("symbol")
        return None if number is None and symbol is None else f"{number or ''}/{symbol or ''}"
    if name == "signer":
        signer = meta.get("signer") or {}
        return f"{signer.get('title') or ''}|{signer.get('name') or ''}"
    value: Any = meta
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return [norm(x) for x in a or []] == [norm(x) for x in b or []]
    return norm(None if a is None else str(a)) == norm(None if b is None else str(b))


BULLET_GLYPHS = frozenset("•●▪■◦○➢✓*")


def _label(label: str) -> str:
    """Any bullet glyph is "•", as the gold writes it."""
    return "•" if label.strip() in BULLET_GLYPHS else norm(label)


def _title(text: str) -> str:
    """A heading text compared without its closing punctuation."""
    return norm(text).rstrip(":;.,")


def _in_scope(page: int | None, scope: tuple[int, int] | None) -> bool:
    return scope is None or page is None or scope[0] <= page <= scope[1]


def score_real(doc: Document, gold: RealGold) -> RealCounts:
    counts = RealCounts(parsed=1, documents=1)
    meta = doc.metadata.model_dump()
    for names, tally in ((KEY_FIELDS, counts.key), (ALL_FIELDS, counts.fields)):
        for name in names:
            tally[1] += 1
            if _same(_value(meta, name), _value(gold.metadata, name)):
                tally[0] += 1
            elif names is KEY_FIELDS:
                counts.miss("metadata", f"{name}: {_value(meta, name)!r} != "
                            f"{_value(gold.metadata, name)!r}")
    _score_part(doc, gold, gold.scope, counts, "")
    predicted = list(doc.attachments)
    for i, attachment in enumerate(gold.attachments):
        counts.attachments[1] += 1
        if i < len(predicted):
            counts.attachments[0] += 1
            _score_part(predicted[i], attachment, gold.scope, counts, f"attachment {i + 1}: ")
        else:
            counts.miss("attachments", f"{i + 1}: {attachment.doc_type} {attachment.title}")
            _score_part(None, attachment, gold.scope, counts, f"attachment {i + 1}: ")
    for extra in predicted[len(gold.attachments):]:
        _score_part(extra, RealPart(), gold.scope, counts, "extra attachment: ")
    return counts


def _score_part(doc: Document | None, gold: RealPart, scope: tuple[int, int] | None,
                counts: RealCounts, where: str) -> None:
    sections = doc.iter_sections() if doc else []
    sections = [s for s in sections if _in_scope(s.heading.pages[0] if s.heading.pages else None,
                                                 scope)]
    heads = [(_label(s.label), s.level, _title(s.title)) for s in sections]
    wanted = [(_label(h["label"]), h["level"], _title(h["text"])) for h in gold.headings]
    _tally(counts.heads, heads, wanted)
    for item in Counter(wanted) - Counter(heads):
        counts.miss("headings", f"{where}{item[0]} L{item[1]} {item[2][:60]}")
    for item in Counter(heads) - Counter(wanted):
        counts.miss("headings+", f"{where}{item[0]} L{item[1]} {item[2][:60]}")
    _tally(counts.shape, [h[:2] for h in heads], [h[:2] for h in wanted])
    # Footnotes and anchors.
    notes = [f for f in (doc.footnotes if doc else []) if _in_scope(
        f.pages[0] if f.pages else None, scope)]
    got = [(f.number, norm(f.text)) for f in notes]
    want = [(n["number"], norm(n["text"])) for n in gold.footnotes]
    _tally(counts.notes, got, want)
    for item in Counter(want) - Counter(got):
        counts.miss("footnotes", f"{where}{item[0]}: {item[1][:60]}")
    texts = {p.id: p.text for p, _ in doc.iter_paragraphs()} if doc else {}
    contexts: dict[int, list[str]] = {}
    for note in notes:
        for anchor in note.anchors:
            before = norm(texts.get(anchor.paragraph_id, "")[: anchor.offset])
            contexts.setdefault(note.number, []).append(before[-ANCHOR_CHARS:])
    for note in gold.footnotes:
        counts.anchors[1] += 1
        expected = norm(note["anchor"])[-ANCHOR_CHARS:]
        if any(_agree(expected, c) for c in contexts.get(note["number"], [])):
            counts.anchors[0] += 1
        else:
            counts.miss("anchors", f"{where}{note['number']}: …{expected}")
    # Citations.
    # Citations in annexes are not in this gold (annexes are recorded by label and title).
    pred = [r for r, c in zip(predicted_records(doc), doc.citations, strict=True)
            if _in_scope(c.location.page, scope) and not _in_annex(c.location.id)] if doc else []
    for record in pred:
        record.key = record.key.casefold()
    gold_records = [Record(where=c["where"], raw=c["raw"], key=_plain(c["key"]).casefold(),
                           fields={f: _plain(c.get(f)) for f in CITATION_FIELDS})
                    for c in gold.citations]
    pairs, missed, spurious = match(gold_records, pred)
    counts.cites[0] += len(pairs)
    counts.cites[1] += len(pred)
    counts.cites[2] += len(gold_records)
    for record in missed:
        counts.miss("citations", f"{where}{record.where} {record.key} | {record.raw[:60]}")
    for record in spurious:
        counts.miss("citations+", f"{where}{record.where} {record.key} | {record.raw[:60]}")
    # Tasks: by label path, then (paths are a convention: table rows, dash items) by text.
    tasks = [t for t in (doc.tasks if doc else []) if _in_scope(t.location.page, scope)]
    pairs_t = _match_tasks(gold.tasks, tasks)
    counts.tasks[0] += len(pairs_t)
    counts.tasks[1] += len(tasks)
    counts.tasks[2] += len(gold.tasks)
    matched_gold = {id(g) for g, _ in pairs_t}
    matched_pred = {id(p) for _, p in pairs_t}
    for want in gold.tasks:
        if id(want) not in matched_gold:
            counts.miss("tasks", f"{where}{want['label_path']}: {want['text'][:60]}")
    for got in tasks:
        if id(got) not in matched_pred:
            counts.miss("tasks+", f"{where}{got.label_path}: {got.text[:60]}")
    for want, got_task in pairs_t:
        path = want["label_path"]
        if want["units"]:
            counts.units[1] += 1
            if [norm(u).lower() for u in got_task.units] == [norm(u).lower()
                                                            for u in want["units"]]:
                counts.units[0] += 1
            else:
                counts.miss("units", f"{where}{path}: {got_task.units} != {want['units']}")
        counts.deadlines[1] += 1
        if _deadline(got_task) == _gold_deadline(want):
            counts.deadlines[0] += 1
        else:
            counts.miss("deadlines", f"{where}{path}: {_deadline(got_task)} != "
                        f"{_gold_deadline(want)}")


TASK_KEY = 40  # characters (whitespace removed) of a task's text that identify it


def _match_tasks(gold: list[dict[str, Any]], pred: list[Task]) -> list[tuple[dict[str, Any], Task]]:
    """Gold and predicted tasks paired: the same label path first, then the same opening
    words of the text (a table row or a dash item numbered another way)."""
    pairs: list[tuple[dict[str, Any], Task]] = []
    free = list(pred)
    rest = []
    for want in gold:
        same = next((t for t in free if t.label_path == want["label_path"]), None)
        if same is None:
            rest.append(want)
            continue
        pairs.append((want, same))
        free.remove(same)
    for want in rest:
        key = norm(want["text"])[:TASK_KEY]
        same = next((t for t in free if key and norm(t.text)[:TASK_KEY] == key), None)
        if same is not None:
            pairs.append((want, same))
            free.remove(same)
    return pairs


def _in_annex(paragraph_id: str) -> bool:
    """Annex paragraphs are "a<annex>p<n>"; body paragraphs "p<n>"."""
    return paragraph_id[:1] == "a" and "p" in paragraph_id[1:]


def _agree(expected: str, context: str) -> bool:
    """The texts before the marker agree: one ends the other, over enough characters."""
    shorter = min(len(expected), len(context))
    if shorter < min(MIN_ANCHOR_CHARS, len(expected)):
        return False
    return expected[-shorter:] == context[-shorter:] if shorter else not expected


def _plain(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    return " ".join(unicodedata.normalize("NFC", text).replace("–", "-").split())


def _deadline(task: Task) -> tuple[str, str | None] | None:
    return (task.deadline.kind, task.deadline.value) if task.deadline else None


def _gold_deadline(gold: dict[str, Any]) -> tuple[str, str | None] | None:
    deadline = gold.get("deadline")
    return (deadline["kind"], deadline.get("value")) if deadline else None


def _tally(tally: list[int], pred: list[Any], gold: list[Any]) -> None:
    tally[0] += sum((Counter(pred) & Counter(gold)).values())
    tally[1] += len(pred)
    tally[2] += len(gold)


# --- the run --------------------------------------------------------------------------------


def run_real(
    gold: Path,
    *,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda x: x,
    results_out: list[tuple[str, str, Document]] | None = None,
) -> tuple[list[Table], dict[str, dict[str, list[str]]]]:
    """Parse every real PDF that has gold and score it: one row per document and a total."""
    from docparse.pipeline import ParseOptions, parse_path

    folder = realdocs_folder(gold)
    layers = _text_layers(folder)
    rows: list[tuple[str, RealCounts]] = []
    misses: dict[str, dict[str, list[str]]] = {}
    for path in progress(real_gold_files(gold)):
        wanted = load_real_gold(path)  # type: ignore[arg-type]
        pdf = folder / wanted.file
        try:
            doc = parse_path(pdf, ParseOptions(enrich=True))
        except DocparseError as exc:
            counts = RealCounts(documents=1)
            counts.miss("parse", str(exc))
        else:
            counts = score_real(doc, wanted)
            if results_out is not None:
                results_out.append((path.stem, "real", doc))
        counts.layer = layers.get(wanted.file, "yes")
        rows.append((path.stem, counts))
        misses[f"{path.stem}:real"] = counts.misses
    return [real_table(rows)], misses


def _text_layers(folder: Path) -> dict[str, str]:
    """File -> its text layer as MANIFEST.tsv states it (yes, partial, no)."""
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    rows = [line.split("\t") for line in manifest.read_text("utf-8").splitlines()]
    if not rows or "text_layer" not in rows[0]:
        return {}
    column = rows[0].index("text_layer")
    return {row[0]: row[column] for row in rows[1:] if len(row) > column}


def _ratio(pair: list[int]) -> float | None:
    return pair[0] / pair[1] if pair[1] else None


COLUMNS = ["doc", "parsed", "key meta", "all meta", "head_F1", "shape_F1", "fn_F1", "anchors",
           "cite_P", "cite_R", "cite_F1", "task_P", "task_R", "task_F1", "units", "deadline",
           "attach"]


def _row(name: str, c: RealCounts) -> list[Any]:
    attach = f"{c.attachments[0]}/{c.attachments[1]}" if c.attachments[1] else ""
    tasks = prf(*c.tasks) if c.tasks[1] or c.tasks[2] else (None, None, None)
    cites = prf(*c.cites)
    return [name, f"{c.parsed}/{c.documents}", _ratio(c.key), _ratio(c.fields),
            prf(*c.heads)[2], prf(*c.shape)[2], prf(*c.notes)[2] if c.notes[1] or c.notes[2]
            else None, _ratio(c.anchors), *cites, *tasks, _ratio(c.units), _ratio(c.deadlines),
            attach]


def real_table(rows: list[tuple[str, RealCounts]]) -> Table:
    table = Table("Real published PDFs (gold/real, ../shared/realdocs)", COLUMNS)
    total, text, image = RealCounts(), RealCounts(), RealCounts()
    for name, counts in rows:
        table.rows.append(_row(name, counts))
        total.add(counts)
        (text if counts.layer == "yes" else image).add(counts)
    if image.documents:
        table.rows.append(_row("text", text))
        table.rows.append(_row("ocr", image))
    table.rows.append(_row("ALL", total))
    table.notes.append(
        "micro-averaged; rows text and ocr: the PDFs with a sound text layer, and the scans "
        "and broken text layers (read by OCR), as MANIFEST.tsv says; key meta = type, "
        "number/symbol, date, signer (title and name); headings match on label + level + "
        "text (closing punctuation aside), shape on label + level; footnotes on number + "
        "text, anchors on the 20 characters before the marker; citations as in the Citations "
        "table; tasks by label path, then by their text; targets (issue 14): parse 100%, key "
        "meta >= 0.95, headings, footnotes, citations F1 >= 0.95, tasks F1 >= 0.90")
    return table
