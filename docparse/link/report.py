"""Readable coverage reports: Markdown and one self-contained HTML file (no external assets).

Both show the same things: the documents compared, a summary (how many tasks are
reported, partial, missing; the same by responsible unit) and one row per task with
its verdict, units, deadline and best evidence. The HTML adds every evidence passage
of a task in a collapsible row. A run stored in the library also shows what reviewers
decided: a mark on each verdict and passage confirmed, corrected or rejected (by whom,
when), and the counts in the summary.
"""

from __future__ import annotations

import html

from docparse.link.coverage import Coverage, DocumentRef, Evidence, ReviewMark, TaskCoverage

LABELS = {"reported": "Đã báo cáo", "partial": "Một phần", "not_reported": "Chưa báo cáo"}
ICONS = {"reported": "✅", "partial": "🟡", "not_reported": "❌"}
REVIEW_ICONS = {"confirmed": "✔", "corrected": "✎", "rejected": "✘"}
TASK_CHARS = 180


def render_markdown(coverage: Coverage) -> str:
    s = coverage.summary
    out = [
        f"# Coverage of {_doc_name(coverage.plan)}",
        "",
        f"Plan: {_doc_line(coverage.plan)}  ",
        *[f"Report {i + 1}: {_doc_line(r)}  " for i, r in enumerate(coverage.reports)],
        f"Embedding model: `{coverage.embed_model}`"
        + (f"; weights: {coverage.weights}" if coverage.weights else "")
        + ("  " if coverage.run is not None else ""),
        *([f"Stored run: {coverage.run} (review it with `docparse review {coverage.run}`)"]
          if coverage.run is not None else []),
        "",
        "## Summary",
        "",
        "| Verdict | Tasks |",
        "|---|---:|",
        f"| {ICONS['reported']} {LABELS['reported']} (reported) | {s.reported} |",
        f"| {ICONS['partial']} {LABELS['partial']} (partial) | {s.partial} |",
        f"| {ICONS['not_reported']} {LABELS['not_reported']} (not reported) | {s.not_reported} |",
        f"| Total | {s.total} |",
        *_md_review(coverage),
        "",
        "### By responsible unit",
        "",
        "| Unit | Tasks | Reported | Partial | Not reported |",
        "|---|---:|---:|---:|---:|",
        *[f"| {_md(u.unit)} | {u.total} | {u.reported} | {u.partial} | {u.not_reported} |"
          for u in s.by_unit],
        "",
        "## Tasks",
        "",
        "| Task | Verdict | Responsible | Deadline | Best evidence |",
        "|---|---|---|---|---|",
    ]
    for item in coverage.tasks:
        task = item.task
        out.append(
            f"| **{_md(task.label_path)}** {_md(_cut(task.text))} "
            f"| {ICONS[item.verdict]} {item.verdict} ({item.confidence:.2f}{_md(_stated(item))})"
            f"{_md(review_note(item.review, ' — '))} "
            f"| {_md('; '.join(task.units)) or '—'} "
            f"| {_md(task.deadline.raw) if task.deadline else '—'} "
            f"| {_md(_evidence_line(item, coverage)) or '—'} |"
        )
    if coverage.warnings:
        out += ["", "## Warnings", "", *[f"- {_md(w)}" for w in coverage.warnings]]
    return "\n".join(out) + "\n"


def _md_review(coverage: Coverage) -> list[str]:
    r = coverage.summary.review
    if r is None:
        return []
    return [
        "",
        "### Review",
        "",
        "| Verdicts | Tasks |",
        "|---|---:|",
        f"| {REVIEW_ICONS['confirmed']} confirmed | {r.confirmed} |",
        f"| {REVIEW_ICONS['corrected']} corrected | {r.corrected} |",
        f"| {REVIEW_ICONS['rejected']} rejected | {r.rejected} |",
        f"| not reviewed | {r.unreviewed} |",
        "",
        f"Evidence passages: {r.evidence_confirmed} confirmed, {r.evidence_rejected} rejected.",
    ]


def review_note(mark: ReviewMark | None, lead: str = "") -> str:
    """'✔ confirmed by An, 2026-12-07' (or corrected to ..., rejected ...)."""
    if mark is None:
        return ""
    what = f"corrected to {mark.verdict}" if mark.status == "corrected" else mark.status
    return f"{lead}{REVIEW_ICONS[mark.status]} {what} by {mark.reviewer}, {mark.at[:10]}"


def render_html(coverage: Coverage) -> str:
    s = coverage.summary
    rows = "\n".join(_html_task(item, coverage) for item in coverage.tasks)
    units = "\n".join(
        f"<tr><td>{_h(u.unit)}</td><td class=n>{u.total}</td><td class=n>{u.reported}</td>"
        f"<td class=n>{u.partial}</td><td class=n>{u.not_reported}</td></tr>"
        for u in s.by_unit
    )
    reports = "".join(f"<li>{_h(_doc_line(r))}</li>" for r in coverage.reports)
    warnings = "".join(f"<li>{_h(w)}</li>" for w in coverage.warnings)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Coverage: {_h(_doc_name(coverage.plan))}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0; }}
th, td {{ border: 1px solid #ccc; padding: .35rem .5rem; vertical-align: top; text-align: left; }}
th {{ background: #f3f3f3; }} td.n {{ text-align: right; }}
.v {{ white-space: nowrap; font-weight: 600; padding: .1rem .4rem; border-radius: .3rem; }}
.reported {{ background: #d9f2d9; }} .partial {{ background: #fff1c2; }}
.not_reported {{ background: #f8d4d4; }}
.q {{ color: #444; font-style: italic; }} .meta {{ color: #777; font-size: .85em; }}
.nearest {{ color: #888; font-size: .9em; margin-top: .3em; }}
details summary {{ cursor: pointer; color: #2a5db0; }}
.cards {{ display: flex; gap: 1rem; }}
.card {{ padding: .6rem 1rem; border-radius: .4rem; min-width: 8rem; }}
.card b {{ font-size: 1.6rem; display: block; }}
.rv {{ font-size: .85em; margin-top: .2em; }} .rv.confirmed {{ color: #1d6b1d; }}
.rv.corrected {{ color: #8a5a00; }} .rv.rejected {{ color: #a11; }}
</style></head><body>
<h1>Coverage of {_h(_doc_name(coverage.plan))}</h1>
<p>Plan: {_h(_doc_line(coverage.plan))}</p>
<p>Reports:</p><ol>{reports}</ol>
<p class=meta>Embedding model: {_h(coverage.embed_model)}{_h(_run_line(coverage))}</p>
<h2>Summary</h2>
<div class=cards>
<div class="card reported"><b>{s.reported}</b>{LABELS['reported']} (reported)</div>
<div class="card partial"><b>{s.partial}</b>{LABELS['partial']} (partial)</div>
<div class="card not_reported"><b>{s.not_reported}</b>{LABELS['not_reported']} (not reported)</div>
<div class=card><b>{s.total}</b>tasks</div>
</div>
{_html_review(coverage)}
<h3>By responsible unit</h3>
<table><tr><th>Unit</th><th>Tasks</th><th>Reported</th><th>Partial</th><th>Not reported</th></tr>
{units}</table>
<h2>Tasks</h2>
<table><tr><th>Task</th><th>Verdict</th><th>Responsible</th><th>Deadline</th>
<th>Best evidence</th></tr>
{rows}
</table>
{f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else ""}
</body></html>
"""


def _html_task(item: TaskCoverage, coverage: Coverage) -> str:
    task = item.task
    best = _html_evidence(item.evidence[0], coverage) if item.evidence else "—"
    if item.nearest:
        best += (f"<div class=nearest>closest: {_html_evidence(item.nearest[0], coverage)}"
                 "</div>")
    more = ""
    if len(item.evidence) > 1:
        rest = "".join(f"<li>{_html_evidence(e, coverage)}</li>" for e in item.evidence[1:])
        more = f"<details><summary>{len(item.evidence) - 1} more</summary><ol>{rest}</ol></details>"
    partners = ""
    if task.partners:
        partners = f"<div class=meta>phối hợp: {_h('; '.join(task.partners))}</div>"
    return (
        f"<tr><td><b>{_h(task.label_path)}</b> {_h(_cut(task.text))}</td>"
        f"<td><span class='v {item.verdict}'>{ICONS[item.verdict]} {LABELS[item.verdict]}</span>"
        f"<div class=meta>{item.confidence:.2f}{_h(_stated(item))}</div>"
        f"{_html_mark(item.review)}</td>"
        f"<td>{_h('; '.join(task.units)) or '—'}{partners}</td>"
        f"<td>{_h(task.deadline.raw) if task.deadline else '—'}</td>"
        f"<td>{best}{more}</td></tr>"
    )


def _stated(item: TaskCoverage) -> str:
    """'; stated: “Hoàn thành”' when a report's own table gave the verdict."""
    said = next((r.stated for r in item.reports if r.stated and r.verdict == item.verdict), None)
    return f"; stated: “{said}”" if said else ""


def _html_evidence(e: Evidence, coverage: Coverage) -> str:
    return (f"<span class=q>“{_h(e.quote)}”</span><div class=meta>{_h(_where(e, coverage))}"
            f"</div>{_html_mark(e.review)}")


def _html_mark(mark: ReviewMark | None) -> str:
    if mark is None:
        return ""
    return f"<div class='rv {mark.status}'>{_h(review_note(mark))}</div>"


def _html_review(coverage: Coverage) -> str:
    r = coverage.summary.review
    if r is None:
        return ""
    return (
        "<h3>Review</h3><div class=cards>"
        f"<div class=card><b>{r.confirmed}</b>{REVIEW_ICONS['confirmed']} confirmed</div>"
        f"<div class=card><b>{r.corrected}</b>{REVIEW_ICONS['corrected']} corrected</div>"
        f"<div class=card><b>{r.rejected}</b>{REVIEW_ICONS['rejected']} rejected</div>"
        f"<div class=card><b>{r.unreviewed}</b>not reviewed</div></div>"
        f"<p class=meta>Evidence passages: {r.evidence_confirmed} confirmed, "
        f"{r.evidence_rejected} rejected.</p>"
    )


def _run_line(coverage: Coverage) -> str:
    weights = f"; weights: {coverage.weights}" if coverage.weights else ""
    run = f"; stored run {coverage.run}" if coverage.run is not None else ""
    return weights + run


def _evidence_line(item: TaskCoverage, coverage: Coverage) -> str:
    if not item.evidence:
        if item.nearest:
            e = item.nearest[0]
            return f"— (closest: “{e.quote}”, {_where(e, coverage)})"
        return ""
    e = item.evidence[0]
    return f"“{e.quote}” ({_where(e, coverage)}){review_note(e.review, ' ')}"


def _where(e: Evidence, coverage: Coverage) -> str:
    parts = []
    if len(coverage.reports) > 1:
        parts.append(f"report {e.report + 1}")
    if e.location.kind == "footnote":
        number = "".join(ch for ch in e.location.id if ch.isdigit())
        parts.append(f"footnote {number or e.location.id}")
    if e.location.section_label:
        parts.append(f"§{e.location.section_label}")
    if e.location.page:
        parts.append(f"p. {e.location.page}")
    parts.append(f"score {e.score:.2f}")
    return ", ".join(parts)


def _doc_name(doc: DocumentRef) -> str:
    kind = doc.doc_type or "document"
    if doc.key:
        return f"{kind} {doc.key}"
    return f"{kind}: {_cut(doc.title, 120)}" if doc.title else f"{kind} {doc.file_name}"


def _doc_line(doc: DocumentRef) -> str:
    bits = [doc.doc_type or "", doc.key or doc.symbol or "", doc.date or "", doc.title or ""]
    text = " · ".join(b for b in bits if b)
    return f"{text} ({doc.file_name})" if text else doc.file_name


def _cut(text: str, limit: int = TASK_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _h(text: str) -> str:
    return html.escape(text, quote=True)
