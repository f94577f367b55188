"""Traceability metrics: task extraction, evidence ranking and verdicts against gold/.

Gold: gold/tasks/<plan>.json and gold/coverage/<plan>__<report>.json (gold/README.md).
The plans and reports are parsed here from corpus/text/. Gold evidence points at
blocks of gold/structure/<report>.json; those are aligned to the parsed report's
paragraphs by their text (first characters, whitespace-free), falling back to the
paragraph that contains the gold quote.

Three variants run the same pipeline on different signals: BM25 alone, dense alone
and the hybrid (all signals). The passage and verdict models of each variant are
fitted leaving one plan/report pair out and scored on that pair, so no figure here
is measured on data its model was fitted on. `fit_weights` fits the shipped hybrid
weights on all pairs. The fitting itself is docparse.link.training's, which `docparse fit`
uses on reviewed checks; docparse.evaluation.review_refit measures what that gains.

Evidence metrics are over links whose gold verdict is reported or partial:
recall@5 = share of a link's gold evidence passages ranked in the top 5 (macro over
links), hit@5 = share of links with at least one in the top 5, MRR = mean reciprocal
rank of the first gold passage.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from docparse.evaluation.table import Table, prf
from docparse.link.cache import LinkCache
from docparse.link.coverage import Analysis, analyse, report_features, said_outright
from docparse.link.embed import Embedder
from docparse.link.retrieval import SIGNALS, Segmenter
from docparse.link.tasks import extract_tasks
from docparse.link.text import canonical
from docparse.link.training import Example, Labelled
from docparse.link.training import fit_models as fit_labelled
from docparse.link.verdict import (
    PASSAGE_SIGNALS,
    VERDICT_FEATURES,
    VERDICT_INPUTS,
    VERDICTS,
    Linear,
    Weights,
    _sigmoid,
)
from docparse.model import Document, Task
from docparse.pipeline import ParseOptions, parse_path

VARIANTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (passage signals, verdict features)
    "bm25": (("bm25",), ("clause_share", "clause_mean", "bm25_1")),
    "dense": (("dense",), ("dense1", "dense3")),
    "hybrid": (PASSAGE_SIGNALS, VERDICT_INPUTS),
}
TARGETS = {"task F1": 0.95, "recall@5": 0.90, "verdict accuracy": 0.85}
KEY_CHARS = 30


@dataclass
class Pair:
    plan: str
    report: str
    analysis: Analysis
    gold_tasks: list[str]  # label paths of the gold links, in gold order
    verdicts: list[str]  # gold verdict per gold link
    evidence: list[set[int]]  # passage columns of the gold evidence per gold link
    rows: list[int | None]  # predicted task index per gold link (None: task not extracted)
    unaligned: int = 0


@dataclass
class Scores:
    recall5: list[float] = field(default_factory=list)
    hit5: list[float] = field(default_factory=list)
    rr: list[float] = field(default_factory=list)
    gold: list[str] = field(default_factory=list)
    pred: list[str] = field(default_factory=list)


def coverage_tables(
    gold_dir: Path, corpus_dir: Path, *, embed_model: str | None = None
) -> list[Table]:
    """Task extraction, evidence and verdict tables (empty when there is no gold)."""
    if not (gold_dir / "tasks").is_dir():
        return []
    docs: dict[str, Document] = {}
    tables = [task_table(gold_dir, corpus_dir, docs)]
    pairs = load_pairs(gold_dir, corpus_dir, docs, embed_model)
    if pairs:
        from docparse.evaluation.review_refit import review_table

        results: dict[str, Scores] = {}
        tables.append(linking_table(pairs, results))
        tables.append(review_table(pairs, reference=results["hybrid"]))
    return tables


def _doc(stem: str, corpus_dir: Path, docs: dict[str, Document]) -> Document:
    if stem not in docs:
        # The text form, as exported from the real PDF; a written document may have only a PDF.
        path = corpus_dir / "text" / f"{stem}.txt"
        if not path.exists():
            path = corpus_dir / "pdf" / f"{stem}.pdf"
        docs[stem] = parse_path(path, ParseOptions(enrich=True))
    return docs[stem]


# --- task extraction ----------------------------------------------------------------------


def task_table(gold_dir: Path, corpus_dir: Path, docs: dict[str, Document]) -> Table:
    tp = n_pred = n_gold = 0
    units_ok = partners_ok = deadline_ok = 0
    rows: list[list[Any]] = []
    for path in sorted((gold_dir / "tasks").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        doc = _doc(gold["document"], corpus_dir, docs)
        pred = {t.label_path: t for t in extract_tasks(doc)}
        wanted = {t["label_path"]: t for t in gold["tasks"]}
        matched = set(pred) & set(wanted)
        u = sum(_units(pred[k].units) == _units(wanted[k]["units"]) for k in matched)
        p = sum(_units(pred[k].partners) == _units(wanted[k]["partners"]) for k in matched)
        d = sum(_deadline(pred[k]) == _gold_deadline(wanted[k]) for k in matched)
        tp, n_pred, n_gold = tp + len(matched), n_pred + len(pred), n_gold + len(wanted)
        units_ok, partners_ok, deadline_ok = units_ok + u, partners_ok + p, deadline_ok + d
        pr, rc, f1 = prf(len(matched), len(pred), len(wanted))
        rows.append([gold["document"], len(wanted), len(pred), pr, rc, f1,
                     _share(u, matched), _share(p, matched), _share(d, matched)])
    pr, rc, f1 = prf(tp, n_pred, n_gold)
    rows.append(["all", n_gold, n_pred, pr, rc, f1, _share(units_ok, range(tp)),
                 _share(partners_ok, range(tp)), _share(deadline_ok, range(tp))])
    return Table(
        "Plan tasks (gold/tasks; matched by label path)",
        ["plan", "gold", "pred", "P", "R", "F1", "units", "partners", "deadline"],
        rows,
        notes=[f"target: task F1 >= {TARGETS['task F1']}",
               "units/partners: exact list (case-insensitive); deadline: kind and value"],
    )


def _units(items: list[str]) -> list[str]:
    return [canonical(u) for u in items]


def _deadline(task: Task) -> tuple[str, str | None] | None:
    return (task.deadline.kind, task.deadline.value) if task.deadline else None


def _gold_deadline(gold: dict[str, Any]) -> tuple[str, str | None] | None:
    d = gold.get("deadline")
    return (d["kind"], d.get("value")) if d else None


def _share(ok: int, items: Any) -> float:
    n = len(items) if not isinstance(items, int) else items
    return ok / n if n else 1.0


# --- linking ------------------------------------------------------------------------------


def load_pairs(
    gold_dir: Path, corpus_dir: Path, docs: dict[str, Document], embed_model: str | None = None
) -> list[Pair]:
    """Every gold plan/report pair with its signals and the gold mapped onto passages."""
    cache = LinkCache(memory=True)
    embedder = Embedder(embed_model, cache=cache)
    segmenter = Segmenter(cache)
    pairs: list[Pair] = []
    for path in sorted((gold_dir / "coverage").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        plan, report = _doc(gold["plan"], corpus_dir, docs), _doc(gold["report"], corpus_dir, docs)
        analysis = analyse(plan, [report], embedder, segmenter)
        columns, unaligned = _align(report, gold_dir / "structure" / f"{gold['report']}.json",
                                    analysis)
        index = {t.label_path: i for i, t in enumerate(analysis.tasks)}
        evidence: list[set[int]] = []
        for link in gold["links"]:
            found: set[int] = set()
            for item in link.get("evidence", []):
                col = columns.get(_where(item))
                if col is None:
                    col = _by_quote(analysis, item.get("quote", ""))
                if col is not None:
                    found.add(col)
            evidence.append(found)
        pairs.append(Pair(
            gold["plan"], gold["report"], analysis,
            [link["task"] for link in gold["links"]],
            [link["verdict"] for link in gold["links"]],
            evidence,
            [index.get(link["task"]) for link in gold["links"]],
            unaligned,
        ))
    cache.close()
    return pairs


def _where(item: dict[str, Any]) -> str:
    where = item.get("where", "body")
    return f"body:{item.get('block')}" if where == "body" else where


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "").replace("–", "-")
    return "".join(text.split())[:KEY_CHARS].lower()


def _align(report: Document, structure: Path, analysis: Analysis) -> tuple[dict[str, int], int]:
    """Gold evidence address ("body:12", "footnote:5") -> passage column."""
    column = {p.id: j for j, p in enumerate(analysis.signals.passages)}
    out: dict[str, int] = {}
    for note in report.footnotes:
        if note.id in column:
            out[f"footnote:{note.number}"] = column[note.id]
    blocks = json.loads(structure.read_text("utf-8"))["blocks"] if structure.exists() else []
    paragraphs = [(p.id, _key(p.text)) for p, _ in report.iter_paragraphs()]
    cursor, unaligned = 0, 0
    for i, block in enumerate(blocks):
        text = block["text"]
        if block["type"] == "heading":
            text = f"{block['label']} {text}"
        key = _key(_strip_markers(text))
        hit = next((k for k in range(cursor, len(paragraphs)) if paragraphs[k][1] == key), None)
        if hit is None:
            hit = next((k for k in range(len(paragraphs)) if paragraphs[k][1] == key), None)
        if hit is None or paragraphs[hit][0] not in column:
            unaligned += 1
            continue
        out[f"body:{i}"] = column[paragraphs[hit][0]]
        cursor = hit + 1
    return out, unaligned


def _strip_markers(text: str) -> str:
    import re

    return re.sub(r"\[\^\d+\]", "", text)


def _by_quote(analysis: Analysis, quote: str) -> int | None:
    wanted = canonical(quote).rstrip("…. ")[:80]
    if not wanted:
        return None
    for j, passage in enumerate(analysis.signals.passages):
        if wanted in canonical(passage.text):
            return j
    return None


def linking_table(pairs: list[Pair], results: dict[str, Scores] | None = None) -> Table:
    """Leave-one-pair-out scores of each variant (kept in `results` when given)."""
    rows: list[list[Any]] = []
    results = {} if results is None else results
    for name, (signals, features) in VARIANTS.items():
        scores = Scores()
        for k in range(len(pairs)):
            train = [p for i, p in enumerate(pairs) if i != k]
            _score_pair(pairs[k], train, signals, features, scores)
        results[name] = scores
        rows.append(_row(name, scores))
    unaligned = sum(p.unaligned for p in pairs)
    n_links = sum(len(p.verdicts) for p in pairs)
    # The verdict every link would get from the majority of the other pairs' gold.
    majority = []
    for k, pair in enumerate(pairs):
        others = [v for i, p in enumerate(pairs) if i != k for v in p.verdicts]
        guess = max(VERDICTS, key=others.count)
        majority.extend(v == guess for v in pair.verdicts)
    hybrid = results["hybrid"]
    ahead = all(
        np.mean(hybrid.recall5) >= np.mean(results[v].recall5)
        and _accuracy(hybrid) >= _accuracy(results[v]) for v in ("bm25", "dense")
    )
    return Table(
        f"Evidence and verdicts ({len(pairs)} plan/report pairs, {n_links} task links; "
        "leave-one-pair-out)",
        ["method", "recall@5", "hit@5", "MRR", "verdict acc", "verdict macro-F1"],
        rows,
        notes=[
            f"targets: recall@5 >= {TARGETS['recall@5']}, verdict accuracy >= "
            f"{TARGETS['verdict accuracy']}, hybrid ahead of both parts "
            f"({'yes' if ahead else 'no'})",
            "recall@5: share of a link's gold evidence in the top 5; hit@5: at least one",
            f"verdict baseline (the other pairs' majority verdict): accuracy "
            f"{float(np.mean(majority)):.3f}",
            f"gold blocks not aligned to a parsed paragraph: {unaligned}",
        ],
    )


def _row(name: str, s: Scores) -> list[Any]:
    return [name, float(np.mean(s.recall5)), float(np.mean(s.hit5)), float(np.mean(s.rr)),
            _accuracy(s), _macro_f1(s)]


def _accuracy(s: Scores) -> float:
    return float(np.mean([g == p for g, p in zip(s.gold, s.pred, strict=True)])) if s.gold else 0.0


def _macro_f1(s: Scores) -> float:
    f1s = []
    for v in VERDICTS:
        tp = sum(g == p == v for g, p in zip(s.gold, s.pred, strict=True))
        f1s.append(prf(tp, s.pred.count(v), s.gold.count(v))[2])
    return float(np.mean(f1s))


def labelled(pair: Pair) -> Labelled:
    """The pair's gold as training examples: every gold link whose task was extracted, its
    evidence complete (every other passage is not evidence)."""
    examples = [Example(row, pair.verdicts[link], (0,), pair.evidence[link])
                for link, row in enumerate(pair.rows) if row is not None]
    return Labelled(pair.analysis, examples)


def fit_models(
    pairs: list[Pair], signals: tuple[str, ...] = PASSAGE_SIGNALS,
    features: tuple[str, ...] = VERDICT_INPUTS,
) -> tuple[Linear, Linear]:
    return fit_labelled([labelled(p) for p in pairs], signals, features)


def _score_pair(
    pair: Pair, train: list[Pair], signals: tuple[str, ...], features: tuple[str, ...],
    scores: Scores,
) -> None:
    passage, verdict = fit_models(train, signals, features)
    score_pair(pair, passage, verdict, scores)


def score_pair(pair: Pair, passage: Linear, verdict: Linear, scores: Scores) -> None:
    """Scores of one pair's links under the given passage and verdict models."""
    cols = np.arange(len(pair.analysis.signals.passages))
    for link, row in enumerate(pair.rows):
        gold_verdict = pair.verdicts[link]
        scores.gold.append(gold_verdict)
        if row is None:
            scores.pred.append("not_reported")
            if pair.evidence[link]:
                scores.recall5.append(0.0)
                scores.hit5.append(0.0)
                scores.rr.append(0.0)
            continue
        hybrid = _sigmoid(passage.logits(pair.analysis.signals.stack(row), SIGNALS))
        probs = verdict.ordinal_probs(
            report_features(pair.analysis, row, 0, cols, hybrid), VERDICT_FEATURES
        )[0]
        scores.pred.append(
            said_outright(pair.analysis, row, cols, hybrid, VERDICTS[int(np.argmax(probs))])[0])
        wanted = pair.evidence[link]
        if gold_verdict == "not_reported" or not wanted:
            continue
        order = list(np.argsort(-hybrid, kind="stable"))
        top = set(order[:5])
        scores.recall5.append(len(wanted & top) / len(wanted))
        scores.hit5.append(float(bool(wanted & top)))
        first = min(order.index(j) for j in wanted)
        scores.rr.append(1.0 / (first + 1))


def fit_weights(gold_dir: Path, corpus_dir: Path, *, embed_model: str | None = None) -> Weights:
    """The shipped hybrid weights: fitted on every gold pair."""
    pairs = load_pairs(gold_dir, corpus_dir, {}, embed_model)
    passage, verdict = fit_models(pairs)
    meta = {
        "fitted_on": [f"{p.plan}__{p.report}" for p in pairs],
        "links": sum(len(p.verdicts) for p in pairs),
        "embed_model": Embedder(embed_model).model_id,
        "refit": "python -c 'from pathlib import Path; from docparse.evaluation.coverage import "
                 "fit_weights; fit_weights(Path(\"gold\"), Path(\"corpus\")).save()'",
    }
    return Weights(passage, verdict, meta)
