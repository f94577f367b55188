"""Citation metrics: mention P/R/F1 and per-field accuracy against gold/citations.

A gold mention is matched to a predicted one in the same place (body, or
footnote N) with the same key and overlapping raw text (one contains the other,
or they share at least half of the shorter); each prediction matches at most
one gold mention, in reading order. Fields are scored over matched pairs.
`citation_details` lists every mention's outcome and `gains_losses` compares two
such lists (eyecite's benchmark style): what a change gained and what it lost.

Run `python -m docparse.evaluation.citations [gold_dir]` to score the extractor
alone on the gold texts (gold/structure blocks and footnotes, markers stripped).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from docparse.evaluation.table import Table, prf
from docparse.model import Document, Footnote, Metadata, Paragraph, Source

FIELDS = ["type", "number", "date", "issuer", "pinpoint"]
EXTRA_FIELDS = ["relation", "name", "year", "issuer_inferred"]
TARGET = 0.97


@dataclass
class Record:
    where: str  # "body" | "footnote:N"
    raw: str
    key: str
    fields: dict[str, Any] = field(default_factory=dict)
    block: int | None = None


def _norm(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    text = unicodedata.normalize("NFC", text).replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def _squash(text: str) -> str:
    return "".join(_norm(text).split())


def gold_records(path: Path) -> list[Record]:
    data = json.loads(path.read_text("utf-8"))
    return [
        Record(
            where=c["where"],
            raw=c["raw"],
            key=_norm(c["key"]),
            fields={f: _norm(c.get(f)) for f in FIELDS + EXTRA_FIELDS},
            block=c.get("block"),
        )
        for c in data["citations"]
    ]


def predicted_records(doc: Document) -> list[Record]:
    numbers = {f.id: f.number for f in doc.footnotes}
    out = []
    for c in doc.citations:
        where = "body"
        if c.location.kind == "footnote":
            where = f"footnote:{numbers.get(c.location.id, c.location.id)}"
        values = c.model_dump()
        fields = {f: _norm(values.get(f)) for f in [*FIELDS, *EXTRA_FIELDS]}
        out.append(Record(where, c.raw, _norm(c.key), fields))
    return out


def _overlap(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    longest = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return longest.size * 2 >= min(len(a), len(b))


def match(
    gold: list[Record], pred: list[Record]
) -> tuple[list[tuple[Record, Record]], list[Record], list[Record]]:
    """(matched pairs, missed gold, spurious predictions)."""
    used: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    missed: list[Record] = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p.where == g.where and p.key == g.key and _overlap(p.raw, g.raw):
                used.add(i)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    spurious = [p for i, p in enumerate(pred) if i not in used]
    return pairs, missed, spurious


@dataclass
class _Tally:
    docs: int = 0
    gold: int = 0
    pred: int = 0
    tp: int = 0
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, gold: list[Record], pred: list[Record]) -> None:
        pairs, _, _ = match(gold, pred)
        self.docs += 1
        self.gold += len(gold)
        self.pred += len(pred)
        self.tp += len(pairs)
        for g, p in pairs:
            for name in [*FIELDS, "relation"]:
                self.right[name] += g.fields.get(name) == p.fields.get(name)

    def row(self, form: str) -> list[Any]:
        precision, recall, f1 = prf(self.tp, self.pred, self.gold)
        accuracy = [self.right[n] / self.tp if self.tp else None for n in [*FIELDS, "relation"]]
        scored = [a for a in accuracy[: len(FIELDS)] if a is not None]
        mean = sum(scored) / len(scored) if scored else None
        return [form, self.docs, self.gold, self.pred, self.tp, precision, recall, f1,
                *accuracy, mean]


def citation_table(results: list[tuple[str, str, Document]], gold_dir: Path) -> Table:
    """Mention P/R/F1 and field accuracy, per form and overall."""
    columns = ["form", "docs", "gold", "pred", "matched", "P", "R", "F1",
               *FIELDS, "relation", "fields"]
    table = Table("Citations", columns)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    missing: set[str] = set()
    for stem, form, doc in results:
        path = gold_dir / f"{stem}.json"
        if not path.exists():
            missing.add(stem)
            continue
        gold = gold_records(path)
        pred = predicted_records(doc)
        tallies[form].add(gold, pred)
        tallies["all"].add(gold, pred)
    for form in sorted(k for k in tallies if k != "all"):
        table.rows.append(tallies[form].row(form))
    if "all" in tallies:
        table.rows.append(tallies["all"].row("all"))
    table.notes.append(
        "match: same place (body / footnote N), same key, overlapping raw; "
        f"fields = mean of {', '.join(FIELDS)} over matched; targets F1 and fields >= {TARGET}"
    )
    if missing:
        table.notes.append(f"no citation gold for: {', '.join(sorted(missing))}")
    return table


def citation_details(
    results: list[tuple[str, str, Document]], gold_dir: Path
) -> dict[str, list[dict[str, Any]]]:
    """Every mention's outcome: matched (with wrong fields), missed or spurious."""
    out: dict[str, list[dict[str, Any]]] = {"matched": [], "missed": [], "spurious": []}
    for stem, form, doc in results:
        path = gold_dir / f"{stem}.json"
        if not path.exists():
            continue
        pairs, missed, spurious = match(gold_records(path), predicted_records(doc))
        base = {"document": stem, "form": form}
        for g, p in pairs:
            wrong = {n: [g.fields.get(n), p.fields.get(n)] for n in [*FIELDS, "relation"]
                     if g.fields.get(n) != p.fields.get(n)}
            out["matched"].append({**base, "where": g.where, "key": g.key, "raw": g.raw,
                                   "wrong": wrong})
        out["missed"].extend({**base, "where": g.where, "key": g.key, "raw": g.raw}
                             for g in missed)
        out["spurious"].extend({**base, "where": p.where, "key": p.key, "raw": p.raw}
                               for p in spurious)
    return out


def gains_losses(
    previous: dict[str, list[dict[str, Any]]], current: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Mentions found now but not before (gained) and found before but not now (lost)."""

    def ids(details: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str, str, str]]:
        return {(d["document"], d["form"], d["where"], d["key"])
                for d in details.get("matched", [])}

    before, now = ids(previous), ids(current)
    gained = [dict(zip(("document", "form", "where", "key"), i, strict=True))
              for i in sorted(now - before)]
    lost = [dict(zip(("document", "form", "where", "key"), i, strict=True))
            for i in sorted(before - now)]
    return {"gained": gained, "lost": lost}


def document_from_gold(structure_path: Path) -> Document:
    """A Document whose body is the gold blocks and footnotes (for scoring the extractor)."""
    from docparse.enrich.citations import extract_citations
    from docparse.evaluation.corpus import load_structure

    gold = load_structure(structure_path)
    metadata = Metadata.model_validate(
        {k: v for k, v in gold.metadata.items() if k in Metadata.model_fields}
    )
    doc = Document(
        source=Source(file_name=f"{gold.stem}.txt", sha256=gold.stem, format="text",
                      size_bytes=0),
        metadata=metadata,
        preamble=[Paragraph(id=f"b{i}", text=b.text) for i, b in enumerate(gold.blocks)],
        footnotes=[Footnote(id=f"fn{n}", number=n, text=t) for n, t in gold.footnotes.items()],
    )
    doc.citations = extract_citations(doc)
    return doc


def _self_check(gold_dir: Path) -> None:
    results = []
    for path in sorted((gold_dir / "citations").glob("*.json")):
        structure = gold_dir / "structure" / path.name
        if structure.exists():
            results.append((path.stem, "gold-text", document_from_gold(structure)))
    print(citation_table(results, gold_dir / "citations").render())
    details = citation_details(results, gold_dir / "citations")
    for kind in ("missed", "spurious"):
        for d in details[kind]:
            print(f"{kind}: {d['document'][:3]} {d['where']} {d['key']} | {d['raw']}")
    for d in details["matched"]:
        if d["wrong"]:
            print(f"wrong: {d['document'][:3]} {d['where']} {d['raw']} {d['wrong']}")


if __name__ == "__main__":
    _self_check(Path(sys.argv[1] if len(sys.argv) > 1 else "gold"))
