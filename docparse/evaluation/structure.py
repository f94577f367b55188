"""Structure metrics: metadata fields, headings, footnotes, anchors, paragraph boundaries."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docparse.evaluation.corpus import GoldStructure
from docparse.evaluation.table import Table, prf
from docparse.model import Document

METADATA_FIELDS = [
    "parent_issuer", "issuer", "number", "symbol", "doc_type", "doc_type_code", "place", "date",
    "title", "signer.authority", "signer.title", "signer.name", "recipients", "addressees",
]
# Forms totalled on their own row; the PDF renditions (canonical and variants) share one.
OWN_TOTAL = (
    "text", "docx", "pdftotext", "pdftotext-raw", "pdfplumber", "scan", "searchable", "skewed",
)
KEY_CHARS = 30  # a block is known by the first characters of its whitespace-free text
CONTEXT = 20  # characters before an anchor that must agree


def norm(text: str | None) -> str:
    """Compare texts without caring about whitespace, dash shapes, 'm²'/'m2' or case of
    'hoá'/'hóa'."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("–", "-").replace("—", "-").replace("*", "").translate(_SUPERSCRIPTS)
    return "".join(text.split())


# A raised "2" after "m" is printed "m²" and typed "m2": either reading is right.
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3"})


@dataclass
class Counts:
    meta_ok: int = 0
    meta_total: int = 0
    head: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, pred, gold
    notes: list[int] = field(default_factory=lambda: [0, 0, 0])
    para: list[int] = field(default_factory=lambda: [0, 0, 0])
    anchors_ok: int = 0
    anchors_total: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.meta_ok += other.meta_ok
        self.meta_total += other.meta_total
        self.anchors_ok += other.anchors_ok
        self.anchors_total += other.anchors_total
        for mine, theirs in ((self.head, other.head), (self.notes, other.notes),
                             (self.para, other.para)):
            for i in range(3):
                mine[i] += theirs[i]


def _field(meta: dict[str, Any], name: str) -> Any:
    value: Any = meta
    for part in name.split("."):
        value = (value or {}).get(part) if isinstance(value, dict) else None
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return [norm(x) for x in a or []] == [norm(x) for x in b or []]
    return norm(None if a is None else str(a)) == norm(None if b is None else str(b))


def _multiset_tp(pred: list[Any], gold: list[Any]) -> int:
    return sum((Counter(pred) & Counter(gold)).values())


def score(doc: Document, gold: GoldStructure, form: str) -> Counts:
    counts = Counts()
    predicted_meta = doc.metadata.model_dump()
    for name in METADATA_FIELDS:
        root = name.split(".")[0]
        if form == "text" and (name in gold.inferred or root in gold.inferred):
            continue  # the text form does not print this field: scored on PDFs only
        counts.meta_total += 1
        if _same(_field(predicted_meta, name), _field(gold.metadata, name)):
            counts.meta_ok += 1
        else:
            counts.misses.setdefault("metadata", []).append(
                f"{name}: {_field(predicted_meta, name)!r} != {_field(gold.metadata, name)!r}"
            )
    # Headings: label + level + title.
    pred_heads = [(norm(s.label), s.level, norm(s.title)) for s in doc.iter_sections()]
    gold_heads = [(norm(b.label), b.level, norm(b.title)) for b in gold.blocks
                  if b.kind == "heading"]
    counts.head = [_multiset_tp(pred_heads, gold_heads), len(pred_heads), len(gold_heads)]
    counts.misses["headings"] = [str(h) for h in (Counter(gold_heads) - Counter(pred_heads))]
    # Footnotes: number + text.
    pred_notes = [(f.number, norm(f.text)) for f in doc.footnotes]
    gold_notes = [(n, norm(t)) for n, t in gold.footnotes.items()]
    counts.notes = [_multiset_tp(pred_notes, gold_notes), len(pred_notes), len(gold_notes)]
    counts.misses["footnotes"] = [str(n)[:90] for n in (Counter(gold_notes) - Counter(pred_notes))]
    # Paragraph boundaries: each block's start, known by its first characters.
    paragraphs = [p for p, _ in doc.iter_paragraphs() if not p.id.startswith("a")]
    pred_keys = [norm(p.text)[:KEY_CHARS] for p in paragraphs]
    gold_keys = [norm(b.text)[:KEY_CHARS] for b in gold.blocks]
    counts.para = [_multiset_tp(pred_keys, gold_keys), len(pred_keys), len(gold_keys)]
    counts.misses["paragraphs"] = [
        "missing: " + k for k in (Counter(gold_keys) - Counter(pred_keys))
    ] + ["extra: " + k for k in (Counter(pred_keys) - Counter(gold_keys))]
    # Anchors: the text just before the marker must agree, in the footnote's own anchor.
    texts = {p.id: p.text for p in paragraphs}
    predicted: dict[int, list[str]] = {}
    for note in doc.footnotes:
        for anchor in note.anchors:
            text = texts.get(anchor.paragraph_id, "")
            predicted.setdefault(note.number, []).append(norm(text[: anchor.offset])[-CONTEXT:])
    for block in gold.blocks:
        for number, offset in block.anchors:
            counts.anchors_total += 1
            context = norm(block.text[:offset])[-CONTEXT:]
            if context in predicted.get(number, []):
                counts.anchors_ok += 1
            else:
                counts.misses.setdefault("anchors", []).append(f"{number}: …{context}")
    return counts


COLUMNS = ["document", "form", "metadata", "head_P", "head_R", "head_F1", "fn_P", "fn_R",
           "fn_F1", "anchors", "para_P", "para_R", "para_F1"]


def row(name: str, form: str, c: Counts) -> list[Any]:
    hp, hr, hf = prf(*c.head)
    fp, fr, ff = prf(*c.notes)
    pp, pr, pf = prf(*c.para)
    meta = c.meta_ok / c.meta_total if c.meta_total else None
    anchors = c.anchors_ok / c.anchors_total if c.anchors_total else None
    return [name, form, meta, hp, hr, hf, fp, fr, ff, anchors, pp, pr, pf]


def structure_table(results: list[tuple[str, str, Counts]]) -> Table:
    table = Table("Structure (gold/structure)", COLUMNS)
    totals: dict[str, Counts] = {}
    for stem, form, counts in results:
        table.rows.append(row(stem[:3], form, counts))
        group = form if form in OWN_TOTAL else "pdf (all renditions)"
        totals.setdefault(group, Counts()).add(counts)
    for group, counts in totals.items():
        table.rows.append(row("ALL", group, counts))
    table.notes.append(
        "micro-averaged over documents; metadata on text forms skips fields the text does not "
        "print (gold 'inferred'); headings match on label+level+title, footnotes on "
        "number+text, paragraphs on block starts, anchors on the 20 characters before them"
    )
    return table
