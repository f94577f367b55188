"""Entity and figure scores against gold/entities and gold/figures.

Matching is by mention, per document, independent of how the parser cut
paragraphs (the gold lists mentions in reading order with their text, not
offsets): an entity matches a gold entity with the same label and the same
text (a bag: each gold mention matches at most one prediction); a figure
matches a gold figure with the same number as printed (the digits, "." "," and
"/" of its raw text, so "49/104" or "33,17"), and then its value (value, unit
and total) and its counted noun are compared. underthesea's own `ner()` runs on
the same paragraph and footnote texts for a side-by-side baseline; it knows
PER, LOC and ORG only, so an overall row restricted to those labels is given
for a fair comparison.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from docparse.evaluation.table import Table, prf
from docparse.model import Document

ENTITY_LABELS = ("ORG", "PER", "TITLE", "LOC", "DATE")
UNDERTHESEA_LABELS = ("ORG", "PER", "LOC")


def entity_tables(results: list[tuple[str, str, Document]], gold_dir: Path) -> list[Table]:
    """Entity table (ours vs underthesea.ner) and figure table, over all results with gold.

    `gold_dir` is the gold root (with entities/ and figures/) or its entities/ folder.
    """
    gold_dir = Path(gold_dir)
    root = gold_dir.parent if gold_dir.name in ("entities", "figures") else gold_dir
    tables: list[Table] = []
    ent_gold = {p.stem: _load(p) for p in sorted((root / "entities").glob("*.json"))}
    fig_gold = {p.stem: _load(p) for p in sorted((root / "figures").glob("*.json"))}
    ent_results = [r for r in results if r[0] in ent_gold]
    fig_results = [r for r in results if r[0] in fig_gold]
    if ent_results:
        tables.append(_entity_table(ent_results, ent_gold))
    if fig_results:
        tables.append(_figure_table(fig_results, fig_gold))
    return tables


# --- entities ----------------------------------------------------------------------


def _entity_table(results: list[tuple[str, str, Document]], gold: dict[str, Any]) -> Table:
    from docparse.enrich.entities import extract_entities

    # (form, label) -> [tp, pred, gold] for ours and for underthesea
    ours: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    base: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    norm_ok = norm_n = 0
    for stem, form, doc in results:
        gold_items = [
            (e["label"], _nfc(e["text"]), e.get("normalized")) for e in gold[stem]["entities"]
        ]
        predicted = doc.entities or extract_entities(doc)
        pred_items = [(e.label, e.text, e.normalized) for e in predicted]
        _count(ours, form, gold_items, pred_items, ENTITY_LABELS)
        _count(base, form, gold_items, _underthesea(_texts(doc)), UNDERTHESEA_LABELS)
        for g, p in _pairs(gold_items, pred_items, key=lambda x: (x[0], x[1])):
            if g[2] is not None:
                norm_n += 1
                norm_ok += (p[2] or p[1]) == g[2]
    table = Table(
        title="Entities: docparse vs underthesea.ner() (mention P/R/F1 by label and text)",
        columns=["form", "label", "gold", "P", "R", "F1", "uts P", "uts R", "uts F1"],
    )
    for form in sorted({f for f, _ in ours}):
        for label in (*ENTITY_LABELS, "overall", "overall ORG/PER/LOC"):
            o, b = _sum(ours, form, label), _sum(base, form, label)
            if label == "overall":
                b = [0, 0, 0]  # underthesea has no TITLE or DATE: see the restricted row
            uts = prf(*b) if label in (*UNDERTHESEA_LABELS, "overall ORG/PER/LOC") else (None,) * 3
            table.rows.append([form, label, o[2], *prf(*o), *uts])
    table.notes.append(
        f"normalized form exact on {norm_ok}/{norm_n} matched gold entities that have one"
        + (f" ({norm_ok / norm_n:.3f})" if norm_n else "")
    )
    table.notes.append(
        "underthesea.ner() (CRF, VLSP 2016 tags) on the same texts; its MISC is ignored"
    )
    return table


def _count(
    acc: dict[tuple[str, str], list[int]],
    form: str,
    gold_items: list[tuple[str, str, Any]],
    pred_items: Iterable[tuple[str, str, Any]],
    labels: tuple[str, ...],
) -> None:
    g = Counter((lab, text) for lab, text, *_ in gold_items if lab in labels)
    p = Counter((lab, text) for lab, text, *_ in pred_items if lab in labels)
    tp = g & p
    for label in labels:
        row = acc[(form, label)]
        row[0] += sum(n for (lab, _), n in tp.items() if lab == label)
        row[1] += sum(n for (lab, _), n in p.items() if lab == label)
        row[2] += sum(n for (lab, _), n in g.items() if lab == label)


def _sum(acc: dict[tuple[str, str], list[int]], form: str, label: str) -> list[int]:
    if label == "overall":
        labels: tuple[str, ...] = ENTITY_LABELS
    elif label == "overall ORG/PER/LOC":
        labels = UNDERTHESEA_LABELS
    else:
        labels = (label,)
    total = [0, 0, 0]
    for lab in labels:
        if (form, lab) in acc:
            total = [a + b for a, b in zip(total, acc[(form, lab)], strict=True)]
    return total


def _texts(doc: Document) -> list[str]:
    return [p.text for p, _ in doc.iter_paragraphs()] + [f.text for f in doc.footnotes]


def _underthesea(texts: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text in texts:
        out.extend(_underthesea_one(text))
    return out


@lru_cache(maxsize=4096)
def _underthesea_one(text: str) -> tuple[tuple[str, str], ...]:
    """(label, text) of underthesea.ner() entities, spans recovered from the text."""
    from underthesea import ner

    if not text.strip():
        return ()
    tokens = ner(text)
    spans: list[list[Any]] = []  # [label, start, end]
    pos = 0
    for token in tokens:
        word, tag = token[0], token[-1]
        start, end = _find(text, word, pos)
        if start < 0:
            continue
        pos = end
        if tag.startswith("B-") or (
            tag.startswith("I-") and (not spans or spans[-1][0] != tag[2:] or spans[-1][3])
        ):
            spans.append([tag[2:], start, end, False])
        elif tag.startswith("I-"):
            spans[-1][2] = end
        elif spans:
            spans[-1][3] = True  # closed
    return tuple((lab, text[s:e]) for lab, s, e, _ in spans if lab in UNDERTHESEA_LABELS)


def _find(text: str, word: str, pos: int) -> tuple[int, int]:
    """Where `word` (syllables joined by one space, maybe tone-normalised) starts at/after pos."""
    pattern = r"\s+".join(re.escape(s) for s in word.split())
    m = re.compile(pattern).search(text, pos)
    if m is None:
        # underthesea may rewrite tone marks ("hoá" -> "hóa"): compare without them.
        folded = _fold(text)
        m = re.compile(r"\s+".join(re.escape(_fold(s)) for s in word.split())).search(folded, pos)
    return (m.start(), m.end()) if m else (-1, -1)


def _fold(s: str) -> str:
    """Same-length fold: each character to its base letter (tone and vowel marks dropped)."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in s)


# --- figures -----------------------------------------------------------------------


def figure_key(raw: str) -> str:
    """The number as printed: '49/104 dự án' -> '49/104', 'tăng 43,75%' -> '43,75'."""
    return re.sub(r"[^0-9.,/]", "", raw).strip(".,/")


def _figure_table(results: list[tuple[str, str, Document]], gold: dict[str, Any]) -> Table:
    from docparse.enrich.figures import extract_figures

    acc: dict[str, Counter[str]] = defaultdict(Counter)
    for stem, form, doc in results:
        gold_items = gold[stem]["figures"]
        predicted = doc.figures or extract_figures(doc)
        pred_items = [f.model_dump() for f in predicted]
        c = acc[form]
        g_keys = Counter(figure_key(g["raw"]) for g in gold_items)
        p_keys = Counter(figure_key(p["raw"]) for p in pred_items)
        c["tp"] += sum((g_keys & p_keys).values())
        c["pred"] += len(pred_items)
        c["gold"] += len(gold_items)
        for g, p in _pairs(gold_items, pred_items, key=lambda x: figure_key(x["raw"])):
            c["matched"] += 1
            c["value"] += _same_value(g, p)
            c["raw"] += g["raw"] == p["raw"]
            c["kind"] += g["kind"] == p["kind"]
            if g.get("counted"):
                c["counted_n"] += 1
                c["counted"] += g["counted"] == p.get("counted")
        for g in gold_items:
            c[f"gold:{g['kind']}"] += 1
    table = Table(
        title="Figures (mention P/R/F1 by the number as printed; value = value, unit, total)",
        columns=[
            "form",
            "gold",
            "P",
            "R",
            "F1",
            "value acc",
            "kind acc",
            "raw exact",
            "counted acc",
        ],
    )
    for form, c in sorted(acc.items()):
        m = c["matched"] or 1
        table.rows.append(
            [
                form,
                c["gold"],
                *prf(c["tp"], c["pred"], c["gold"]),
                c["value"] / m,
                c["kind"] / m,
                c["raw"] / m,
                c["counted"] / c["counted_n"] if c["counted_n"] else None,
            ]
        )
    kinds = sorted({k.split(":", 1)[1] for c in acc.values() for k in c if k.startswith("gold:")})
    table.notes.append("gold kinds: " + ", ".join(kinds))
    return table


def _same_value(g: dict[str, Any], p: dict[str, Any]) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)

    return (
        close(g["value"], p["value"])
        and g.get("unit") == p.get("unit")
        and close(g.get("total"), p.get("total"))
    )


# --- shared ------------------------------------------------------------------------


def _pairs(gold_items: list[Any], pred_items: list[Any], key: Any) -> list[tuple[Any, Any]]:
    """Gold and predicted items with the same key, paired in reading order."""
    by_key: dict[Any, list[Any]] = defaultdict(list)
    for p in pred_items:
        by_key[key(p)].append(p)
    out = []
    used: Counter[Any] = Counter()
    for g in gold_items:
        k = key(g)
        if used[k] < len(by_key[k]):
            out.append((g, by_key[k][used[k]]))
            used[k] += 1
    return out


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
