"""Fitting the passage and verdict models on labelled checks: gold pairs or reviewed runs.

Both kinds of labels come down to `Example`s on an `Analysis` (the signals of one check):
the gold of a plan/report pair (docparse.evaluation.coverage) says for every gold task its
verdict and every passage that is evidence; a reviewer (docparse.link.review) says what
they decided on the verdicts and on the passages the check showed them. `examples_from_
decisions` turns the latter into the former's terms:

- a verdict confirmed, or corrected to another, is that verdict's label; a rejected one
  (wrong, but what is right was not said) gives no label;
- the verdict is about the report whose passages the reviewer confirmed; with one report
  that is the report, and not_reported is about every report; a task whose verdict is
  reported or partial in a check of several reports, with no passage confirmed, gives the
  verdict model nothing (which report did it?);
- passages: when the reviewer confirmed a passage of the task, or settled its verdict as
  not_reported, the confirmed passages are evidence and every other passage of the check
  is not (as in the gold: its evidence lists are meant to be complete); when the reviewer
  only rejected passages, those are the task's only passage labels.

A decision whose task or passage the check no longer has (a document parsed otherwise
since) is left out and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from docparse.link.coverage import Analysis, report_features
from docparse.link.retrieval import SIGNALS
from docparse.link.review import latest, task_sha256
from docparse.link.text import canonical
from docparse.link.verdict import (
    PASSAGE_SIGNALS,
    VERDICT_INPUTS,
    Linear,
    _sigmoid,
    fit_passage,
    fit_verdict,
)
from docparse.store.reviews import DecisionRow

QUOTE_KEY = 60  # characters of a stored quote that must still be in its passage


@dataclass
class Example:
    """What is known of one task of a check."""

    task: int  # row of Analysis.tasks
    verdict: str | None = None  # the right verdict, when known
    reports: tuple[int, ...] = ()  # the reports (indexes) that verdict is about
    positives: set[int] | None = None  # passage columns that are evidence; None: unknown
    negatives: set[int] | None = None  # columns that are not; None: every other one


@dataclass
class Labelled:
    analysis: Analysis
    examples: list[Example]
    unmatched: int = 0  # decisions whose task or passage this check no longer has


class NotEnough(ValueError):
    """Too few labels to fit a model."""


@dataclass
class LabelCounts:
    evidence: int = 0
    not_evidence: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)


def examples_from_decisions(
    analysis: Analysis, reports: list[str], decisions: Iterable[DecisionRow]
) -> Labelled:
    """The examples the decisions in force give on a check of `reports` (sha256s, in the
    order the analysis read them)."""
    rows = {(t.label_path, task_sha256(t.text)): i for i, t in enumerate(analysis.tasks)}
    passages = analysis.signals.passages
    columns = {(p.report, p.id): j for j, p in enumerate(passages)}
    report_index = {sha: r for r, sha in enumerate(reports)}
    by_task: dict[int, list[DecisionRow]] = {}
    unmatched = 0
    for d in latest(decisions).values():
        row = rows.get((d.task, d.task_sha256))
        if row is None:
            unmatched += 1
            continue
        by_task.setdefault(row, []).append(d)
    examples: list[Example] = []
    for row, items in sorted(by_task.items()):
        verdict: str | None = None
        confirmed: set[int] = set()
        rejected: set[int] = set()
        for d in items:
            if d.item == "verdict":
                verdict = d.verdict if d.decision != "rejected" else None
                continue
            col = _column(analysis, columns, report_index, d)
            if col is None:
                unmatched += 1
            elif d.decision == "confirmed":
                confirmed.add(col)
            else:
                rejected.add(col)
        example = Example(row, verdict)
        if confirmed or verdict == "not_reported":
            example.positives = confirmed
        elif rejected:
            example.positives, example.negatives = set(), rejected
        if verdict == "not_reported":
            example.reports = tuple(range(analysis.n_reports))
        elif verdict is not None:
            holding = sorted({passages[j].report for j in confirmed})
            example.reports = tuple(holding) if holding else (
                (0,) if analysis.n_reports == 1 else ())
        examples.append(example)
    return Labelled(analysis, examples, unmatched)


def _column(
    analysis: Analysis, columns: dict[tuple[int, str], int], report_index: dict[str, int],
    d: DecisionRow,
) -> int | None:
    """The passage column a decision names, when its quote is still in that passage (else
    the passage of the same report that holds the quote)."""
    report = report_index.get(d.report_sha256 or "")
    if report is None:
        return None
    wanted = canonical(d.quote or "").rstrip("…. ")[:QUOTE_KEY]
    passages = analysis.signals.passages
    col = columns.get((report, d.passage or ""))
    if col is not None and wanted in canonical(passages[col].text):
        return col
    return next((j for j, p in enumerate(passages)
                 if p.report == report and wanted and wanted in canonical(p.text)), None)


def passage_rows(sets: list[Labelled]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for labelled in sets:
        signals = labelled.analysis.signals
        for ex in labelled.examples:
            if ex.positives is None:
                continue
            x = signals.stack(ex.task)
            y = np.zeros(len(x))
            y[list(ex.positives)] = 1
            if ex.negatives is not None:
                keep = sorted(ex.positives | ex.negatives)
                x, y = x[keep], y[keep]
            xs.append(x)
            ys.append(y)
    if not xs:
        return np.zeros((0, len(SIGNALS))), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ys)


def verdict_rows(sets: list[Labelled], passage: Linear) -> tuple[np.ndarray, list[str]]:
    xs, labels = [], []
    for labelled in sets:
        analysis = labelled.analysis
        owner = np.array([p.report for p in analysis.signals.passages], dtype=int)
        for ex in labelled.examples:
            if ex.verdict is None:
                continue
            hybrid = _sigmoid(passage.logits(analysis.signals.stack(ex.task), SIGNALS))
            for r in ex.reports:
                cols = np.flatnonzero(owner == r)
                xs.append(report_features(analysis, ex.task, r, cols, hybrid[cols]))
                labels.append(ex.verdict)
    return np.array(xs), labels


def counts(sets: list[Labelled]) -> LabelCounts:
    """How many labels the examples give each model."""
    _, y = passage_rows(sets)
    out = LabelCounts(int(y.sum()), int(len(y) - y.sum()))
    for labelled in sets:
        for ex in labelled.examples:
            if ex.verdict is not None and ex.reports:
                out.verdicts[ex.verdict] = out.verdicts.get(ex.verdict, 0) + len(ex.reports)
    return out


def fit_passage_model(sets: list[Labelled], signals: tuple[str, ...] = PASSAGE_SIGNALS) -> Linear:
    x, y = passage_rows(sets)
    if not y.any() or y.all():
        raise NotEnough(f"the passage model needs passages that are evidence and passages "
                        f"that are not ({int(y.sum())} and {int(len(y) - y.sum())} labelled)")
    return fit_passage(x, y, signals)


def fit_verdict_model(
    sets: list[Labelled], passage: Linear, features: tuple[str, ...] = VERDICT_INPUTS
) -> Linear:
    x, labels = verdict_rows(sets, passage)
    if len(set(labels)) < 2:
        raise NotEnough(f"the verdict model needs at least two different verdicts "
                        f"({len(labels)} labelled: {', '.join(sorted(set(labels))) or 'none'})")
    return fit_verdict(x, labels, features)


def fit_models(
    sets: list[Labelled], signals: tuple[str, ...] = PASSAGE_SIGNALS,
    features: tuple[str, ...] = VERDICT_INPUTS,
) -> tuple[Linear, Linear]:
    passage = fit_passage_model(sets, signals)
    return passage, fit_verdict_model(sets, passage, features)
