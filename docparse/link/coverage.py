"""Plan-to-report traceability: for every task of a plan, do the reports say it was done?

`check(plan, reports)` extracts the plan's tasks (when the plan has none yet), scores
every report passage against every task (retrieval), combines the signals with the
calibrated weights (verdict) and returns a `Coverage`: per task a verdict (reported /
partial / not_reported) with ranked evidence, and a summary by responsible unit.
The Coverage models live here, not in docparse.model: they describe a comparison of
documents, not one document. A run stored in the library (docparse.link.review) carries
its id and the reviewers' marks on its verdicts and evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field

from docparse.link.cache import LinkCache
from docparse.link.embed import Embedder
from docparse.link.points import is_review, review_points
from docparse.link.retrieval import (
    LexicalIndex,
    Passage,
    Segmenter,
    Signals,
    clauses_of,
    passages_of,
    score,
    speller,
)
from docparse.link.status import stated_status
from docparse.link.tasks import extract_tasks, plan_trees, task_document
from docparse.link.text import canonical
from docparse.link.verdict import VERDICTS, Weights, verdict_features
from docparse.model import Document, Location, Section, StrictModel, Task

# 1.1.0: TaskCoverage.nearest; 1.2.0: ReportVerdict.stated; 1.3.0: run, weights, review marks
COVERAGE_VERSION = "1.4.0"
Verdict = Literal["reported", "partial", "not_reported"]
ReviewStatus = Literal["confirmed", "rejected", "corrected"]
NEAREST = 3  # closest passages shown for a task flagged not_reported
# A table row states a task's state only if it matches the task: the share of the IDF
# weight of the task's best-covered clause the row contains (retrieval's clause_cov).
STATED_MATCH = 0.5
NO_UNIT = "(không nêu đơn vị)"


class DocumentRef(StrictModel):
    file_name: str
    sha256: str
    key: str | None = Field(None, description='Citation key, e.g. "116/KH-UBND@2025"')
    doc_type: str | None = None
    symbol: str | None = None
    date: str | None = None
    title: str | None = None


class ReviewMark(StrictModel):
    """What a reviewer said of a verdict or an evidence passage (the latest decision)."""

    status: ReviewStatus = Field(
        description="confirmed (right), rejected (wrong), corrected (a verdict: the reviewer's "
                    "verdict is `verdict`)")
    verdict: Verdict | None = Field(
        None, description="For a verdict: the one confirmed or rejected, or corrected to")
    reviewer: str
    at: str = Field(description="When, ISO 8601 UTC")
    run: int | None = Field(
        None, description="The stored run it was decided on (decisions on an earlier run of "
                          "the same plan and reports carry over)")


class Evidence(StrictModel):
    report: int = Field(description="Index into Coverage.reports")
    location: Location
    quote: str = Field(description="The passage's most relevant sentence, at most 200 characters")
    score: float = Field(description="Calibrated probability that the passage is evidence")
    bm25: float = Field(description="BM25 relative to the report's best passage for this task")
    dense: float = Field(description="Cosine similarity of the embeddings")
    cites_task: bool = Field(False, description="Cites a document the task names")
    review: ReviewMark | None = Field(None, description="A reviewer's decision on the passage")


class ReportVerdict(StrictModel):
    report: int
    verdict: Verdict
    probabilities: dict[str, float] = Field(description="The verdict model's probabilities")
    stated: str | None = Field(
        None, description="The state the report's own table gives the task ('Hoàn thành', "
                          "'Đang thực hiện'); when present it decides the verdict")


class TaskCoverage(StrictModel):
    task: Task
    verdict: Verdict
    confidence: float = Field(description="Probability of the verdict in its best report")
    reports: list[ReportVerdict] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    nearest: list[Evidence] = Field(
        default_factory=list,
        description="For a not_reported task: the passages that came closest (not evidence), "
                    "so that a reader can check the flag",
    )
    review: ReviewMark | None = Field(None, description="A reviewer's decision on the verdict")


class UnitSummary(StrictModel):
    unit: str
    total: int
    reported: int
    partial: int
    not_reported: int


class ReviewSummary(StrictModel):
    confirmed: int = Field(description="Verdicts a reviewer confirmed")
    corrected: int = Field(description="Verdicts a reviewer replaced by another")
    rejected: int = Field(description="Verdicts a reviewer rejected without saying which is right")
    unreviewed: int
    evidence_confirmed: int = Field(description="Passages confirmed as evidence")
    evidence_rejected: int


class CoverageSummary(StrictModel):
    total: int
    reported: int
    partial: int
    not_reported: int
    by_unit: list[UnitSummary] = Field(default_factory=list)
    review: ReviewSummary | None = Field(None, description="For a stored run: its review")


# What is checked: a plan's (or directive's, conclusion notice's) tasks against reports on
# them, or the points a review raises (comments, an appraisal) against the answer to it.
Kind = Literal["tasks", "review"]


class Coverage(StrictModel):
    schema_version: str = COVERAGE_VERSION
    kind: Kind = Field("tasks", description='"tasks": the plan\'s tasks against reports on them; '
                       '"review": the points a review raises against its answer')
    plan: DocumentRef
    reports: list[DocumentRef]
    embed_model: str
    weights: str | None = Field(
        None, description='The linking weights that judged it: "shipped", "library:N" (fitted '
                          'by docparse fit on reviews), "file:NAME"')
    run: int | None = Field(None, description="Its id when stored in a library (docparse review)")
    tasks: list[TaskCoverage]
    summary: CoverageSummary
    warnings: list[str] = Field(default_factory=list)


@dataclass
class Analysis:
    """Everything check() computes before the weights are applied (evaluation reuses it)."""

    tasks: list[Task]
    signals: Signals
    n_reports: int
    indexes: list[LexicalIndex]  # one per report
    clauses: list[list[set[str]]]  # the words of each clause of each task


def check(
    plan: Document,
    reports: list[Document],
    *,
    embed_model: str | None = None,
    cache: LinkCache | None = None,
    weights: Weights | None = None,
    top_k: int = 5,
    kind: Kind | None = None,
) -> Coverage:
    """Coverage of the plan's tasks by the reports (or of a review's points by its answer;
    `kind` None: told by the plan's type and title)."""
    own_cache = cache is None
    cache = cache or LinkCache()
    kind = kind or plan_kind(plan)
    try:
        embedder = Embedder(embed_model, cache=cache)
        analysis = analyse_plan(plan, reports, embedder, Segmenter(cache), kind=kind)
        weights = weights or Weights.load()
        judged = judge(analysis, weights, top_k=top_k)
        warnings = [cache.warning] if cache.warning else []
        if not analysis.tasks and kind == "review":
            warnings.append("no points found: the review asks for nothing (it only agrees?)")
        elif not analysis.tasks:
            warnings.append("no tasks found: the plan has no task part "
                            "(NHIỆM VỤ, GIẢI PHÁP / NỘI DUNG THỰC HIỆN / TỔ CHỨC THỰC HIỆN)")
        return Coverage(
            kind=kind,
            plan=document_ref(plan),
            reports=[document_ref(r) for r in reports],
            embed_model=embedder.model_id,
            weights=weights.source,
            tasks=judged,
            summary=summarise(judged),
            warnings=warnings,
        )
    finally:
        if own_cache:
            cache.close()


def plan_kind(plan: Document) -> Kind:
    """A review (comments, an appraisal) by its type and title; otherwise a plan's tasks."""
    return "review" if is_review(plan) else "tasks"


def analyse_plan(
    plan: Document, reports: list[Document], embedder: Embedder, segmenter: Segmenter,
    *, kind: Kind | None = None,
) -> Analysis:
    """The signals of a check (what check() and a re-fit on its reviews both read)."""
    key = document_ref(plan).key
    if (kind or plan_kind(plan)) == "review":
        return analyse(plan, reports, embedder, segmenter, plan_key=key,
                       tasks=review_points(plan))
    # A decision that issues a plan: the tasks are the attached plan's, the document the
    # reports cite is the decision.
    return analyse(task_document(plan), reports, embedder, segmenter, plan_key=key)


def analyse(
    plan: Document, reports: list[Document], embedder: Embedder, segmenter: Segmenter,
    *, plan_key: str | None = None, tasks: list[Task] | None = None,
) -> Analysis:
    """The signals of a check; `tasks`: what to look for, when not the plan's own tasks."""
    tasks = tasks if tasks is not None else (plan.tasks or extract_tasks(plan))
    spell = speller(plan)
    owners = _task_blocks(plan)
    queries = [spell(_query(plan, task, owners)) for task in tasks]
    cited_by_block: dict[str, set[str]] = {}
    for citation in plan.citations:
        cited_by_block.setdefault(citation.location.id, set()).add(citation.key)
    task_cites = [
        set().union(*(cited_by_block.get(b, set()) for b in owners.get(t.location.id, ([], ""))[0]))
        for t in tasks
    ]
    plan_key = plan_key or document_ref(plan).key
    cite_plan = [bool(plan_key) and any(c.key == plan_key for c in r.citations) for r in reports]
    passages: list[Passage] = []
    for i, report in enumerate(reports):
        passages.extend(passages_of(report, i))
    pieces = [clauses_of(spell(t.text)) for t in tasks]
    signals = score(tasks, queries, task_cites, passages, cite_plan, embedder, segmenter, pieces)
    indexes = signals.indexes or [LexicalIndex([]) for _ in reports]
    return Analysis(tasks, signals, len(reports), indexes, signals.clauses)


def _columns(signals: Signals, n_reports: int) -> list[np.ndarray]:
    reports = np.array([p.report for p in signals.passages], dtype=int)
    return [np.flatnonzero(reports == r) for r in range(n_reports)]


def judge(analysis: Analysis, weights: Weights, *, top_k: int = 5) -> list[TaskCoverage]:
    signals = analysis.signals
    reports = np.array([p.report for p in signals.passages], dtype=int)
    columns = _columns(signals, analysis.n_reports)
    out: list[TaskCoverage] = []
    for t, task in enumerate(analysis.tasks):
        hybrid = weights.passage_scores(signals.stack(t)) if len(reports) else np.zeros(0)
        per_report: list[ReportVerdict] = []
        sureness: list[float] = []  # the confidence of each report's verdict
        for r, cols in enumerate(columns):
            features = report_features(analysis, t, r, cols, hybrid[cols])
            probs = weights.verdict_probs(features[None, :])[0]
            verdict, stated = said_outright(analysis, t, cols, hybrid[cols],
                                            VERDICTS[int(np.argmax(probs))])
            per_report.append(ReportVerdict(
                report=r, verdict=verdict, stated=stated,
                probabilities={v: round(float(p), 4) for v, p in zip(VERDICTS, probs, strict=True)},
            ))
            # A verdict the report's table states is as sure as its row is the task's.
            sure = hybrid[cols].max() if stated is not None else probs[VERDICTS.index(verdict)]
            sureness.append(round(float(sure), 4))
        best = _best(per_report, sureness)
        evidence: list[Evidence] = []
        nearest: list[Evidence] = []
        if best is not None and best.verdict != "not_reported":
            usable = [r.report for r in per_report if r.verdict != "not_reported"]
            evidence = _evidence(signals, t, hybrid, reports, usable, top_k)
        elif best is not None:
            nearest = _evidence(signals, t, hybrid, reports, list(range(len(columns))), NEAREST)
        out.append(TaskCoverage(
            task=task,
            verdict=best.verdict if best else "not_reported",
            confidence=sureness[best.report] if best else 0.0,
            reports=per_report,
            evidence=evidence,
            nearest=nearest,
        ))
    return out


def said_outright(
    analysis: Analysis, t: int, cols: np.ndarray, hybrid: np.ndarray, verdict: str
) -> tuple[str, str | None]:
    """The model's verdict of task t in one report (its passages `cols`, their hybrid scores
    `hybrid`), after what the best passage says in so many words: a state in the report's
    task table decides it (returned as the second value); "chưa được thực hiện" in the
    sentence that matches the task makes a "reported" at most "partial"."""
    if cols.size == 0:
        return verdict, None
    top = int(cols[int(np.argmax(hybrid))])
    signals = analysis.signals
    passage = signals.passages[top]
    found = stated_status(passage.text)
    if found and signals.values["clause_cov"][t, top] >= STATED_MATCH:
        return found
    query = signals.query_tokens[t] if signals.query_tokens else []
    if verdict == "reported" and NOT_DONE.search(canonical(quote(passage.text, query))):
        return "partial", None
    return verdict, None


# "chưa (được) thực hiện", "không triển khai": the report says the task was not done.
NOT_DONE = re.compile(
    r"\b(?:chưa|không)\s+(?:được\s+)?(?:thực hiện|triển khai|hoàn thành|ban hành|tổ chức"
    r"|xây dựng|thành lập|bố trí|giải quyết|đạt|kịp thời)"
)


def report_features(
    analysis: Analysis, t: int, r: int, cols: np.ndarray, hybrid: np.ndarray
) -> np.ndarray:
    """Verdict features of task t in report r, whose passages are the columns `cols`."""
    signals = analysis.signals
    if cols.size == 0:
        return verdict_features(np.zeros(0), np.zeros(0), np.zeros(0), (0.0, 0.0, 0.0, 0.0))
    index = analysis.indexes[r]
    wanted = set(signals.query_tokens[t])
    top3 = [int(k) for k in np.argsort(-hybrid, kind="stable")[:3]]  # local to the report
    clauses = analysis.clauses[t] or [wanted]
    best = index.best_passage_coverage(clauses)
    lexical = (
        index.coverage(wanted),
        index.coverage(wanted, top3),
        float(np.mean(best >= 0.5)),
        float(np.mean(best)),
    )
    raw = signals.bm25_raw[t, cols] if signals.bm25_raw is not None else np.zeros(cols.size)
    top = [signals.passages[int(cols[k])] for k in top3]
    style = (
        float(np.mean([bool(_FIGURE.search(p.text)) for p in top])),
        float(np.mean([bool(_INTENT.search(canonical(p.context))) for p in top])),
        float(np.mean([bool(_DONE.search(canonical(p.text))) for p in top])),
    )
    return verdict_features(hybrid, signals.values["dense"][t, cols], raw / max(len(wanted), 1),
                            lexical, style)


# Results are counted ("51 cuộc", "20/244 trường hợp", "748,51 triệu đồng"); intentions
# live under the report's forward-looking headings; done things are "đã" done.
_FIGURE = re.compile(r"\d+\s*/\s*\d+|\d+[.,]?\d*\s*(?:%|cuộc|trường hợp|văn bản|người|lượt|"
                     r"vụ|đơn|triệu|tỷ|đồng|hội nghị|kế hoạch|cơ quan|đơn vị)")
_INTENT = re.compile(r"nhiệm vụ|giải pháp|phương hướng|kiến nghị|đề xuất|thời gian tới|hạn chế"
                     r"|nguyên nhân")
_DONE = re.compile(r"(?:^|\s)đã\s")


def _best(per_report: list[ReportVerdict], sureness: list[float]) -> ReportVerdict | None:
    if not per_report:
        return None
    rank = {v: i for i, v in enumerate(VERDICTS)}
    return min(per_report, key=lambda r: (rank[r.verdict], -sureness[r.report]))


def _evidence(
    signals: Signals, t: int, hybrid: np.ndarray, reports: np.ndarray, usable: list[int],
    top_k: int,
) -> list[Evidence]:
    cols = np.flatnonzero(np.isin(reports, usable))
    order = cols[np.argsort(-hybrid[cols], kind="stable")][:top_k]
    query = signals.query_tokens[t] if signals.query_tokens else []
    out = []
    for j in order:
        passage = signals.passages[j]
        out.append(Evidence(
            report=passage.report,
            location=Location(kind=passage.kind, id=passage.id,  # type: ignore[arg-type]
                              section_label=passage.section_label, page=passage.page),
            quote=quote(passage.text, query),
            score=round(float(hybrid[j]), 4),
            bm25=round(float(signals.values["bm25"][t, j]), 4),
            dense=round(float(signals.values["dense"][t, j]), 4),
            cites_task=bool(signals.values["cites_task"][t, j]),
        ))
    return out


# A sentence ends at punctuation followed by a space or the end: "9.870 hồ sơ" and
# "116/KH-UBND" stay whole (Vietnamese groups thousands with dots).
_SENTENCE = re.compile(r"\S.*?(?:[.;!?]+(?=\s|$)|$)", re.DOTALL)


def quote(text: str, query_tokens: list[str], limit: int = 200) -> str:
    """The sentence of `text` that shares most words with the task, cut to `limit` characters."""
    wanted = {s for token in query_tokens for s in token.split("_")}
    best, best_score = text, -1.0
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not sentence:
            continue
        words = set(canonical(sentence).split())
        overlap = len(words & wanted) - 0.01 * len(words)  # most shared words, then shortest
        if overlap > best_score:
            best, best_score = sentence, overlap
    if len(best) <= limit:
        return best
    cut = best[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def summarise(items: list[TaskCoverage]) -> CoverageSummary:
    counts = {v: sum(i.verdict == v for i in items) for v in VERDICTS}
    units: dict[str, tuple[str, dict[str, int]]] = {}
    for item in items:
        for unit in item.task.units or [NO_UNIT]:
            key = canonical(unit)
            _, tally = units.setdefault(key, (unit, dict.fromkeys(VERDICTS, 0)))
            tally[item.verdict] += 1
    by_unit = [
        UnitSummary(unit=name, total=sum(t.values()), reported=t["reported"],
                    partial=t["partial"], not_reported=t["not_reported"])
        for name, t in units.values()
    ]
    by_unit.sort(key=lambda u: (-u.total, u.unit))
    return CoverageSummary(total=len(items), reported=counts["reported"],
                           partial=counts["partial"], not_reported=counts["not_reported"],
                           by_unit=by_unit)


def document_ref(doc: Document) -> DocumentRef:
    meta = doc.metadata
    from docparse.enrich.citations.keys import document_key

    key = document_key(meta.number, meta.symbol, meta.date)
    return DocumentRef(file_name=doc.source.file_name, sha256=doc.source.sha256, key=key,
                       doc_type=meta.doc_type, symbol=meta.symbol, date=meta.date,
                       title=meta.title)


def _task_blocks(plan: Document) -> dict[str, tuple[list[str], str]]:
    """Heading id -> (ids of every block of that section, titles of the sections above)."""
    out: dict[str, tuple[list[str], str]] = {}

    def ids(section: Section) -> list[str]:
        found = [section.heading.id, *(p.id for p in section.paragraphs)]
        for child in section.children:
            found.extend(ids(child))
        return found

    def walk(sections: list[Section], titles: list[str]) -> None:
        for section in sections:
            out[section.heading.id] = (ids(section), " ".join(titles[1:]))
            walk(section.children, [*titles, section.title])

    for sections in plan_trees(plan):
        walk(sections, [])
    return out


def _query(plan: Document, task: Task, owners: dict[str, tuple[list[str], str]]) -> str:
    context = owners.get(task.location.id, ([], ""))[1]
    return f"{context} {task.text}".strip()
