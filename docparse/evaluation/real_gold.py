"""Gold of the real published PDFs (gold/real/<NN>.json, gold/real/SPEC.md): load and check.

`python -m docparse.evaluation.real_gold FILE...` checks gold files mechanically (shape, NFC,
whitespace, label kinds, level steps, footnote numbering, citation keys, task fields) and
prints what is wrong; it never reads the PDF or runs the parser.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADING_KINDS = {
    "part", "alpha", "chapter", "subchapter", "article", "roman", "arabic", "decimal", "letter",
    "dash", "plus",
}
DEADLINE_KINDS = {"continuous", "recurring", "date", "month", "quarter", "year", "period", "other"}
RELATIONS = {"legal_basis", "implements", "refers", "amends", "replaces", "repeals"}
META_KEYS = {
    "parent_issuer", "issuer", "number", "symbol", "doc_type", "doc_type_code", "place", "date",
    "title", "signer", "recipients", "addressees",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHERE = re.compile(r"^(body|footnote:\d+)$")


@dataclass
class RealPart:
    """The scored content of a document or of one attached document."""

    headings: list[dict[str, Any]] = field(default_factory=list)
    footnotes: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    annexes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RealAttachment(RealPart):
    doc_type: str | None = None
    title: str | None = None
    attached_by: str | None = None
    signer: dict[str, Any] | None = None
    page: int | None = None


@dataclass
class RealGold(RealPart):
    file: str = ""
    scope: tuple[int, int] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    attachments: list[RealAttachment] = field(default_factory=list)


def _part(data: dict[str, Any]) -> dict[str, Any]:
    return {k: list(data.get(k) or []) for k in
            ("headings", "footnotes", "citations", "tasks", "annexes")}


def load_real_gold(path: Path) -> RealGold:
    data = json.loads(path.read_text("utf-8"))
    scope = data.get("scope")
    return RealGold(
        file=data["file"],
        scope=tuple(scope["pages"]) if scope else None,  # type: ignore[arg-type]
        metadata=data["metadata"],
        attachments=[
            RealAttachment(
                doc_type=a.get("doc_type"), title=a.get("title"),
                attached_by=a.get("attached_by"), signer=a.get("signer"), page=a.get("page"),
                **_part(a),
            )
            for a in data.get("attachments") or []
        ],
        **_part(data),
    )


def real_gold_files(gold: Path) -> list[Path]:
    folder = gold / "real"
    return sorted(folder.glob("[0-9][0-9].json")) if folder.is_dir() else []


# --- checks --------------------------------------------------------------------------------


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{where}[{i}]")]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{where}.{k}")]
    return []


def _check_text(data: dict[str, Any]) -> list[str]:
    problems = []
    for where, text in _strings(data, "$"):
        if where.endswith(".notes"):
            continue
        if unicodedata.normalize("NFC", text) != text:
            problems.append(f"{where}: not NFC")
        if "  " in text or text != text.strip() or "\n" in text:
            problems.append(f"{where}: whitespace not collapsed: {text[:60]!r}")
    return problems


def _check_headings(headings: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    previous = 0
    for i, h in enumerate(headings):
        at = f"{where}.headings[{i}] {h.get('label')!r}"
        unknown = set(h) - {"label", "kind", "level", "text", "page"}
        if unknown:
            problems.append(f"{at}: unknown keys {unknown}")
        if h.get("kind") not in HEADING_KINDS:
            problems.append(f"{at}: kind {h.get('kind')!r}")
        level = h.get("level")
        if not isinstance(level, int) or level < 1:
            problems.append(f"{at}: level {level!r}")
        elif level > previous + 1:
            problems.append(f"{at}: level jumps from {previous} to {level}")
        else:
            previous = level
        if not isinstance(h.get("text"), str):
            problems.append(f"{at}: text missing")
        if not isinstance(h.get("page"), int):
            problems.append(f"{at}: page missing")
    return problems


def _check_footnotes(notes: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    for i, note in enumerate(notes):
        at = f"{where}.footnotes[{i}]"
        if not isinstance(note.get("number"), int):
            problems.append(f"{at}: number")
        if not note.get("text"):
            problems.append(f"{at}: text empty")
        anchor = note.get("anchor")
        if not isinstance(anchor, str) or not anchor:
            problems.append(f"{at}: anchor empty")
        if not isinstance(note.get("page"), int):
            problems.append(f"{at}: page missing")
    numbers = [n.get("number") for n in notes]
    if numbers and numbers != sorted(numbers):
        problems.append(f"{where}.footnotes: numbers out of order {numbers}")
    return problems


def _check_citations(citations: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    for i, c in enumerate(citations):
        at = f"{where}.citations[{i}] {c.get('raw', '')[:40]!r}"
        for key in ("raw", "where", "key"):
            if not c.get(key):
                problems.append(f"{at}: {key} missing")
        if c.get("where") and not WHERE.match(c["where"]):
            problems.append(f"{at}: where {c['where']!r}")
        if c.get("relation") not in RELATIONS:
            problems.append(f"{at}: relation {c.get('relation')!r}")
        if c.get("date") is not None and not ISO_DATE.match(str(c["date"])):
            problems.append(f"{at}: date {c['date']!r}")
        number, key = c.get("number"), c.get("key") or ""
        if number and not key.startswith(number):
            problems.append(f"{at}: key {key!r} does not start with number {number!r}")
        if c.get("date") and key.endswith("@?"):
            problems.append(f"{at}: dated but keyed @?")
    return problems


def _check_tasks(tasks: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    paths = [t.get("label_path") for t in tasks]
    for path in {p for p in paths if paths.count(p) > 1}:
        problems.append(f"{where}.tasks: label_path {path!r} repeated")
    for i, t in enumerate(tasks):
        at = f"{where}.tasks[{i}] {t.get('label_path')!r}"
        if not t.get("label_path") or not t.get("text"):
            problems.append(f"{at}: label_path/text missing")
        for key in ("units", "partners"):
            if not isinstance(t.get(key), list):
                problems.append(f"{at}: {key} must be a list")
        deadline = t.get("deadline")
        if deadline is not None and deadline.get("kind") not in DEADLINE_KINDS:
            problems.append(f"{at}: deadline kind {deadline.get('kind')!r}")
    return problems


def _check_part(data: dict[str, Any], where: str) -> list[str]:
    return (_check_headings(data.get("headings") or [], where)
            + _check_footnotes(data.get("footnotes") or [], where)
            + _check_citations(data.get("citations") or [], where)
            + _check_tasks(data.get("tasks") or [], where))


def check_file(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"{path}: {exc}"]
    problems = _check_text(data)
    if not str(data.get("file", "")).startswith(path.stem + "_"):
        problems.append(f"file {data.get('file')!r} does not start with {path.stem}_")
    meta = data.get("metadata") or {}
    if set(meta) != META_KEYS:
        problems.append(f"metadata keys: missing {META_KEYS - set(meta)}, "
                        f"unknown {set(meta) - META_KEYS}")
    signer = meta.get("signer")
    if not isinstance(signer, dict) or set(signer) != {"authority", "title", "name"}:
        problems.append(f"metadata.signer {signer!r}: authority, title and name (empty if none)")
    if meta.get("date") is not None and not ISO_DATE.match(str(meta["date"])):
        problems.append(f"metadata.date {meta['date']!r}")
    problems += _check_part(data, "$")
    for i, attachment in enumerate(data.get("attachments") or []):
        problems += _check_part(attachment, f"$.attachments[{i}]")
        if not attachment.get("doc_type"):
            problems.append(f"$.attachments[{i}]: doc_type missing")
    # Footnote numbers run through the whole file, attachments included.
    return [f"{path.name}: {p}" for p in problems]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or real_gold_files(Path("gold"))
    bad = 0
    for path in paths:
        problems = check_file(path)
        bad += bool(problems)
        print("\n".join(problems) if problems else f"{path.name}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
