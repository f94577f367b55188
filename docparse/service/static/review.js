// Review of a stored coverage run: one click confirms or rejects a verdict or an evidence
// passage, a list corrects a verdict; the reviewer's name is asked once and kept in this
// browser (localStorage). Uses h(), api(), $(), showError() and state from app.js.
"use strict";

const REVIEWER_KEY = "docparse.reviewer";
const REVIEW_MARKS = {
  confirmed: ["✔", "Đã xác nhận"], corrected: ["✎", "Đã sửa thành"],
  rejected: ["✘", "Bị bác bỏ"],
};

function reviewerName() {
  return (localStorage.getItem(REVIEWER_KEY) || "").trim();
}

function setupReviewer() {
  const input = $("reviewer-name");
  if (input.dataset.ready) return;
  input.dataset.ready = "1";
  input.value = reviewerName();
  input.addEventListener("input", () => {
    const name = input.value.trim();
    if (name) localStorage.setItem(REVIEWER_KEY, name);
    else localStorage.removeItem(REVIEWER_KEY);
    $("reviewer-saved").hidden = !name;
  });
  $("reviewer-saved").hidden = !reviewerName();
}

function markText(mark) {
  const [icon, label] = REVIEW_MARKS[mark.status];
  const what = mark.status === "corrected" ? `${label} “${VERDICTS[mark.verdict]}”` : label;
  return `${icon} ${what} · ${mark.reviewer} · ${dateVi(mark.at.slice(0, 10))}`;
}

function reviewSummary(r) {
  const item = (n, label, cls) => h("span", { class: `rv-count ${cls}` },
    h("b", {}, String(n)), ` ${label}`);
  return h("div", { class: "card rv-summary", id: "cov-review" },
    h("strong", {}, "Rà soát: "),
    item(r.confirmed, "kết luận đã xác nhận", "confirmed"),
    item(r.corrected, "đã sửa", "corrected"), item(r.rejected, "bị bác bỏ", "rejected"),
    item(r.unreviewed, "chưa rà soát", "unreviewed"),
    h("span", { class: "muted" }, ` · đoạn bằng chứng: ${r.evidence_confirmed} đúng, `
      + `${r.evidence_rejected} không đúng`));
}

function verdictReview(cov, t) {
  const mark = t.review;
  const fix = h("select", { class: "rv-fix", "aria-label": "Sửa kết luận",
    onchange: (e) => {
      if (e.target.value) decide(t, { decision: "corrected", verdict: e.target.value });
    } },
  h("option", { value: "" }, "Sửa thành…"),
  Object.entries(VERDICTS).filter(([v]) => v !== t.verdict)
    .map(([v, label]) => h("option", { value: v }, label)));
  return h("div", { class: "review" },
    mark ? h("div", { class: `rv-mark ${mark.status}` }, markText(mark)) : null,
    h("div", { class: "rv-actions" },
      h("button", { type: "button", class: "rv-ok", title: "Kết luận này đúng",
        "aria-pressed": String(mark?.status === "confirmed"),
        onclick: () => decide(t, { decision: "confirmed" }) }, "✓ Đúng"),
      h("button", { type: "button", class: "rv-no", title: "Kết luận này sai",
        "aria-pressed": String(mark?.status === "rejected"),
        onclick: () => decide(t, { decision: "rejected" }) }, "✗ Sai"),
      fix));
}

function passageReview(cov, t, ev) {
  const mark = ev.review;
  const body = (decision) => ({ decision, passage: ev.location.id, report: ev.report });
  return h("span", { class: "rv-passage" },
    h("button", { type: "button", class: "rv-ok", title: "Đúng là bằng chứng",
      "aria-pressed": String(mark?.status === "confirmed"),
      onclick: () => decide(t, body("confirmed")) }, "✓"),
    h("button", { type: "button", class: "rv-no", title: "Không phải bằng chứng",
      "aria-pressed": String(mark?.status === "rejected"),
      onclick: () => decide(t, body("rejected")) }, "✗"),
    mark ? h("span", { class: `rv-mark ${mark.status}` }, markText(mark)) : null);
}

async function decide(t, what) {
  const cov = state.coverage;
  const reviewer = reviewerName();
  $("cov-error").hidden = true;
  if (!reviewer) {
    showError($("cov-error"), { code: "bad_request",
      detail: "Hãy nhập tên người rà soát (chỉ cần một lần) trước khi xác nhận." });
    $("reviewer-name").focus();
    return;
  }
  try {
    const { body } = await api(`/coverage/runs/${cov.run}/decisions`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: t.task.id, reviewer, ...what }),
    });
    // Only the task's row and the summary change: the reader keeps their place.
    const i = cov.tasks.findIndex((x) => x.task.id === body.task.task.id);
    cov.tasks[i] = body.task;
    cov.summary = body.summary;
    const row = document.querySelector(`#cov-table tr[data-task="${CSS.escape(t.task.id)}"]`);
    row.replaceWith(coverageRow(cov, body.task, i));
    $("cov-summary").replaceWith(coverageSummary(cov));
  } catch (err) {
    showError($("cov-error"), err);
  }
}

async function showRuns() {
  try {
    const { body } = await api("/coverage/runs");
    const runs = body.runs.slice(0, 20);
    $("cov-runs").replaceChildren(...(runs.length ? runs.map((r) => h("li", {},
      h("a", { href: `#/doi-chieu/${r.id}` }, `Lần ${r.id}`),
      ` · ${dateVi(r.created_at.slice(0, 10))} ${r.created_at.slice(11, 16)} · `,
      r.title || r.plan.slice(0, 12), ` · ${r.tasks} nhiệm vụ · ${r.reports.length} báo cáo`,
      h("span", { class: "muted" }, ` · ${r.decisions} quyết định rà soát`)))
      : [h("li", { class: "muted" }, "Chưa có lần đối chiếu nào được lưu.")]));
  } catch (err) {
    $("cov-runs").replaceChildren(h("li", { class: "muted" }, "Không đọc được danh sách."));
  }
}

async function loadRun(id) {
  $("cov-error").hidden = true;
  try {
    const { body } = await api(`/coverage/runs/${encodeURIComponent(id)}`);
    renderCoverage(body);
  } catch (err) {
    showError($("cov-error"), err);
  }
}
