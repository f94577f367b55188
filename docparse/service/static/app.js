// docparse web page: upload, document view, library with citation graph, coverage (its
// review: review.js).
// Plain JavaScript, no build step and nothing loaded from elsewhere. Text from documents
// is only ever inserted as text (textContent), never as HTML.
"use strict";

const API = "/api/v1";

// --- words of the interface ------------------------------------------------------------

const ERRORS = {
  empty: "Tệp rỗng: không có gì để phân tích.",
  unsupported: "Định dạng tệp không được hỗ trợ. Hãy gửi tệp PDF, Word (DOCX, DOC, RTF, ODT), văn bản UTF-8 hoặc ảnh quét PNG, JPEG, TIFF.",
  unsupported_media_type: "Yêu cầu tải lên không hợp lệ (cần multipart/form-data).",
  corrupt: "Tệp bị hỏng hoặc không đọc được. Hãy xuất hoặc tải lại tệp.",
  encrypted: "Tệp PDF được đặt mật khẩu. Hãy gỡ mật khẩu (ví dụ: qpdf --decrypt) rồi thử lại.",
  no_text: "Tệp PDF không có lớp chữ (bản quét?). Hãy nhận dạng chữ (OCR) trước, "
    + "ví dụ: ocrmypdf -l vie.",
  encoding: "Tệp văn bản không dùng mã UTF-8. Hãy chuyển mã (iconv -t UTF-8) rồi thử lại.",
  too_large: "Tệp vượt quá giới hạn dung lượng hoặc số trang của máy chủ.",
  timeout: "Phân tích quá thời gian cho phép nên đã bị dừng.",
  not_found: "Không tìm thấy văn bản trong thư viện.",
  coverage_unavailable: "Chức năng đối chiếu chưa sẵn sàng trên máy chủ này.",
  busy: "Máy chủ đang bận phân tích nhiều văn bản; hãy thử lại sau ít phút.",
  worker_crashed: "Tiến trình phân tích bị dừng đột ngột khi đọc tệp này (có thể do thiếu bộ nhớ).",
  parser_error: "Bộ phân tích gặp lỗi với tệp này; hãy báo lại cho người quản trị.",
  library: "Không mở được thư viện văn bản trên máy chủ.",
  bad_request: "Yêu cầu không hợp lệ.",
  invalid_decision: "Không ghi được quyết định rà soát.",
  network: "Không kết nối được với máy chủ.",
};
const RELATIONS = {
  legal_basis: "Căn cứ", implements: "Triển khai", refers: "Tham chiếu",
  amends: "Sửa đổi", replaces: "Thay thế", repeals: "Bãi bỏ",
};
const ENTITY_LABELS = {
  ORG: "Cơ quan, tổ chức", PER: "Cá nhân", TITLE: "Chức danh", LOC: "Địa danh",
  DATE: "Thời gian",
};
const FIGURE_KINDS = {
  money: "Tiền", percent: "Tỷ lệ", change: "Tăng/giảm", ratio: "Tỷ số", area: "Diện tích",
  length: "Chiều dài", count: "Số lượng",
};
const GROUPS = {
  laws: ["Luật, bộ luật", "#d62728"], decrees: ["Nghị định", "#ff7f0e"],
  resolutions: ["Nghị quyết", "#2ca02c"], legal: ["Văn bản QPPL khác", "#9467bd"],
  party: ["Văn bản của Đảng", "#8c564b"], administrative: ["Văn bản hành chính", "#1f77b4"],
};
const VERDICTS = {
  reported: "Đã báo cáo", partial: "Một phần", not_reported: "Chưa báo cáo",
};
const FORMATS = {
  pdf: "PDF", docx: "DOCX", doc: "DOC", rtf: "RTF", odt: "ODT", text: "Văn bản", image: "Ảnh quét",
};

// --- small helpers -----------------------------------------------------------------

const $ = (id) => document.getElementById(id);

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function dateVi(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return d ? `${d}/${m}/${y}` : iso;
}

function sizeVi(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}

function numberSymbol(meta) {
  if (!meta.symbol && !meta.number) return "";
  if (!meta.symbol) return `Số ${meta.number}`;
  return `Số ${meta.number || "…"}/${meta.symbol}`;
}

async function api(path, options) {
  let response;
  try {
    response = await fetch(API + path, options);
  } catch (err) {
    throw apiError(0, { code: "network", message: String(err) });
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (err) { body = null; }
  if (!response.ok) throw apiError(response.status, (body && body.error) || {});
  return { body, text, status: response.status };
}

function apiError(status, error) {
  const err = new Error(error.message || `HTTP ${status}`);
  err.status = status;
  err.code = error.code || "error";
  err.detail = error.message || "";
  return err;
}

function showError(box, err) {
  box.replaceChildren(
    h("strong", {}, ERRORS[err.code] || "Đã xảy ra lỗi."),
    err.detail ? h("span", { class: "detail" }, err.detail) : null,
  );
  box.hidden = false;
}

function flash(el) {
  if (!el) return;
  el.scrollIntoView({ behavior: "smooth", block: "center" });
  el.classList.add("flash");
  setTimeout(() => el.classList.remove("flash"), 1600);
}

// --- routing -----------------------------------------------------------------------

const state = { health: null, library: null, doc: null, graph: null };

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [head, ...rest] = hash.split("/");
  const views = { "": "upload", "van-ban": "document", "thu-vien": "library",
    "doi-chieu": "coverage" };
  const view = views[head] || "upload";
  for (const el of document.querySelectorAll(".view")) el.hidden = el.id !== `view-${view}`;
  for (const a of document.querySelectorAll("[data-nav]")) {
    a.classList.toggle("active", a.dataset.nav === view);
  }
  if (view === "upload") showUpload();
  if (view === "document") showDocument(decodeURIComponent(rest[0] || ""), rest[1]);
  if (view === "library") showLibrary();
  if (view === "coverage") showCoverage(rest[0]);
}

async function loadLibrary() {
  const { body } = await api("/documents?limit=1000");
  state.library = body;
  return body;
}

// --- upload ------------------------------------------------------------------------

async function showUpload() {
  document.title = "docparse – Tải văn bản lên";
  try {
    if (!state.health) state.health = (await api("/health")).body;
    const { limits } = state.health;
    $("limits").textContent = `Tối đa ${limits.max_mb} MB, ${limits.max_pages} trang mỗi tệp.`;
    const library = await loadLibrary();
    const recent = library.documents.slice(0, 6).map((d) => h("li", {},
      h("a", { href: `#/van-ban/${d.id}` }, [d.doc_type, d.symbol].filter(Boolean).join(" ")
        || d.file_name),
      " ", h("span", { class: "muted" }, d.title || d.file_name)));
    $("recent").replaceChildren(...(recent.length ? recent
      : [h("li", { class: "muted" }, "Thư viện chưa có văn bản nào.")]));
  } catch (err) {
    showError($("upload-error"), err);
  }
}

function setupUpload() {
  const drop = $("drop");
  const input = $("file-input");
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  input.addEventListener("change", () => {
    if (input.files.length) upload(input.files[0]);
    input.value = "";
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove("over"); });
  }
  drop.addEventListener("drop", (e) => {
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) upload(files[0]);
  });
  // A file dropped next to the zone must not make the browser leave the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
}

function upload(file) {
  const box = $("progress");
  const bar = $("progress-bar");
  const label = $("progress-label");
  const detail = $("progress-detail");
  $("upload-error").hidden = true;
  box.hidden = false;
  bar.parentElement.classList.remove("busy");
  bar.style.width = "0%";
  label.textContent = `Đang tải lên ${file.name}…`;
  detail.textContent = sizeVi(file.size);
  const started = Date.now();
  let ticker = null;
  const form = new FormData();
  form.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", `${API}/documents`);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    const pct = Math.round((e.loaded / e.total) * 100);
    bar.style.width = `${pct}%`;
    label.textContent = `Đang tải lên ${file.name}… ${pct}%`;
  });
  xhr.upload.addEventListener("load", () => {
    // The bytes are there; the server now parses, which has no measurable progress.
    bar.parentElement.classList.add("busy");
    label.textContent = `Đang phân tích ${file.name}…`;
    ticker = setInterval(() => {
      detail.textContent = `${Math.round((Date.now() - started) / 1000)} giây`;
    }, 500);
  });
  xhr.addEventListener("loadend", () => {
    clearInterval(ticker);
    bar.parentElement.classList.remove("busy");
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
    if (xhr.status === 200 || xhr.status === 201) {
      bar.style.width = "100%";
      label.textContent = xhr.status === 201 ? "Đã phân tích xong." : "Văn bản đã có trong thư viện.";
      state.doc = body.document;
      state.library = null;
      location.hash = `#/van-ban/${body.id}`;
      return;
    }
    box.hidden = true;
    const error = xhr.status === 0 ? { code: "network", message: "" } : (body && body.error) || {};
    showError($("upload-error"), apiError(xhr.status, error));
  });
  xhr.send(form);
}

// --- document: reading the model -----------------------------------------------------

function paragraphsOf(doc) {
  // Every body block in reading order, with the section it belongs to (as in model.py).
  const out = doc.preamble.map((p) => [p, null]);
  const walk = (sections) => {
    for (const s of sections) {
      out.push([s.heading, s]);
      for (const p of s.paragraphs) out.push([p, s]);
      walk(s.children);
    }
  };
  walk(doc.sections);
  for (const a of doc.annexes) for (const p of a.paragraphs) out.push([p, null]);
  return out;
}

function marksByBlock(doc) {
  // Highlights per paragraph or footnote id: citations, entities, figures, footnote anchors.
  const map = new Map();
  const get = (id) => {
    if (!map.has(id)) map.set(id, { marks: [], anchors: [] });
    return map.get(id);
  };
  for (const c of doc.citations) {
    get(c.location.id).marks.push({ start: c.span[0], end: c.span[1], kind: "cit", item: c,
      rank: 0 });
  }
  for (const f of doc.figures) {
    get(f.location.id).marks.push({ start: f.span[0], end: f.span[1], kind: "fig", item: f,
      rank: 1 });
  }
  for (const e of doc.entities) {
    get(e.location.id).marks.push({ start: e.span[0], end: e.span[1], kind: "ent", item: e,
      rank: 2 });
  }
  for (const fn of doc.footnotes) {
    for (const a of fn.anchors) get(a.paragraph_id).anchors.push({ offset: a.offset, fn });
  }
  return map;
}

function pickMarks(marks, length) {
  // Overlaps cannot both be drawn: citations win over figures, figures over entities.
  const chosen = [];
  const sorted = marks
    .filter((m) => m.start >= 0 && m.end <= length && m.start < m.end)
    .sort((a, b) => a.rank - b.rank || a.start - b.start);
  for (const m of sorted) {
    if (chosen.every((c) => m.end <= c.start || m.start >= c.end)) chosen.push(m);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

function markTitle(m) {
  const i = m.item;
  if (m.kind === "cit") {
    return [i.type, i.number, i.date && `ngày ${dateVi(i.date)}`, i.issuer, i.name,
      RELATIONS[i.relation]].filter(Boolean).join(" · ");
  }
  if (m.kind === "ent") return `${ENTITY_LABELS[i.label] || i.label}${i.normalized ? ": " + i.normalized : ""}`;
  return [FIGURE_KINDS[i.kind] || i.kind, i.value !== null ? String(i.value) : null, i.unit,
    i.counted].filter(Boolean).join(" · ");
}

function renderText(text, block) {
  // Text with its highlights and, where a footnote marker stood, the footnote's number.
  const frag = document.createDocumentFragment();
  const marks = block ? pickMarks(block.marks, text.length) : [];
  const anchors = block ? block.anchors : [];
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  for (const a of anchors) cuts.add(Math.max(0, Math.min(text.length, a.offset)));
  const points = [...cuts].sort((a, b) => a - b);
  const anchorsAt = (pos) => anchors.filter(
    (a) => Math.max(0, Math.min(text.length, a.offset)) === pos);
  let open = null;
  for (let k = 0; k < points.length; k++) {
    const a = points[k];
    const here = anchorsAt(a);
    if (here.length) open = null;
    for (const anchor of here) frag.append(footnoteRef(anchor.fn));
    if (k === points.length - 1) break;
    const b = points[k + 1];
    const m = marks.find((x) => x.start <= a && a < x.end);
    const piece = text.slice(a, b);
    if (!m) { frag.append(piece); open = null; continue; }
    if (open && open.mark === m) { open.el.append(piece); continue; }
    const el = h("mark", { class: `hl hl-${m.kind}`, title: markTitle(m),
      dataset: { id: m.item.id } }, piece);
    el.addEventListener("click", () => selectItem(m.kind, m.item.id));
    frag.append(el);
    open = { mark: m, el };
  }
  return frag;
}

function footnoteRef(fn) {
  const button = h("button", { type: "button", title: fn.text,
    "aria-label": `Chú thích ${fn.number}` }, String(fn.number));
  button.addEventListener("click", (e) => {
    e.stopPropagation();
    toggleFootnote(button, fn);
  });
  return h("sup", { class: "fn-ref", dataset: { fn: fn.id } }, button);
}

function toggleFootnote(button, fn) {
  // The footnote opens right under the paragraph that holds its marker.
  const para = button.closest("p");
  const id = `fnbox-${fn.id}-${para.id}`;
  const existing = document.getElementById(id);
  if (existing) { existing.remove(); return; }
  const box = h("div", { class: "fn-box", id }, h("b", {}, String(fn.number)),
    renderText(fn.text, state.blocks.get(fn.id)));
  para.after(box);
}

// --- document: the view --------------------------------------------------------------

async function showDocument(id, focus) {
  $("doc-body").replaceChildren(h("p", { class: "muted" }, "Đang tải văn bản…"));
  try {
    if (!state.doc || state.doc.source.sha256 !== id) {
      const { body } = await api(`/documents/${encodeURIComponent(id)}`);
      state.doc = body;
    }
  } catch (err) {
    const box = h("div", { class: "alert error" });
    showError(box, err);
    $("doc-body").replaceChildren(box);
    return;
  }
  renderParts(state.doc, state.doc);
  if (focus) focusBlock(focus);
}

function renderParts(root, shown) {
  // A document and those attached after its signature (the plan a decision issues): each is
  // a document of its own, shown one at a time, chosen by a tab.
  const parts = [root, ...root.attachments];
  $("doc-parts").replaceChildren(...(parts.length > 1 ? parts.map((part, i) => h("button", {
    type: "button", class: part === shown ? "active" : "", dataset: { part: String(i) },
    title: part.metadata.attached_by || part.metadata.title || "",
    onclick: () => renderParts(root, part),
  }, i === 0 ? "Văn bản chính" : `Kèm theo: ${part.metadata.doc_type || "văn bản"}`
    + (part.metadata.title ? ` – ${part.metadata.title}` : ""))) : []));
  renderDocument(shown);
}

function focusBlock(id) {
  // A paragraph by its id, or a footnote (opened under the paragraph holding its marker).
  const ref = document.querySelector(`sup[data-fn="${id}"] button`);
  if (ref) {
    if (!document.querySelector(`[id^="fnbox-${id}-"]`)) ref.click();
    flash(document.querySelector(`[id^="fnbox-${id}-"]`));
    return;
  }
  flash(document.getElementById(`p-${id}`));
}

function renderDocument(doc) {
  const meta = doc.metadata;
  document.title = `docparse – ${meta.title || doc.source.file_name}`;
  $("doc-kind").textContent = [meta.doc_type, numberSymbol(meta)].filter(Boolean).join(" · ")
    || "Văn bản";
  $("doc-title").textContent = meta.title || doc.source.file_name;
  state.blocks = marksByBlock(doc);
  renderMeta(doc);
  renderWarnings(doc);
  renderToc(doc);
  renderBody(doc);
  renderPanel(doc, state.panelTab || "cit");
}

function renderMeta(doc) {
  const meta = doc.metadata;
  const src = doc.source;
  const rows = [];
  const add = (label, value) => {
    if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && !value.length)) return;
    rows.push(h("dt", {}, label), h("dd", {}, value));
  };
  add("Cơ quan ban hành", [meta.parent_issuer, meta.issuer].filter(Boolean)
    .map((x) => h("div", {}, x)));
  add("Số, ký hiệu", numberSymbol(meta).replace(/^Số /, ""));
  add("Loại văn bản", meta.doc_type && `${meta.doc_type}${meta.doc_type_code
    ? ` (${meta.doc_type_code})` : ""}`);
  add("Địa danh, ngày", [meta.place, meta.date ? `ngày ${dateVi(meta.date)}` : null]
    .filter(Boolean).join(", "));
  add("Trích yếu", meta.title);
  add("Kèm theo", meta.attached_by);
  add("Người ký", [...meta.signer.authority, meta.signer.title, meta.signer.name]
    .filter(Boolean).map((x) => h("div", {}, x)));
  add("Nơi nhận", meta.recipients.length
    ? h("ul", {}, meta.recipients.map((r) => h("li", {}, r))) : null);
  add("Tệp gốc", `${src.file_name} · ${FORMATS[src.format] || src.format}`
    + `${src.pages ? ` · ${src.pages} trang` : ""} · ${sizeVi(src.size_bytes)}`);
  add("Mã SHA-256", h("code", { class: "small" }, src.sha256));
  add("Thống kê", `${doc.citations.length} trích dẫn · ${doc.footnotes.length} chú thích · `
    + `${doc.entities.length} thực thể · ${doc.figures.length} số liệu`);
  $("meta-card").replaceChildren(h("dl", {}, rows));
}

function renderWarnings(doc) {
  $("doc-warnings").replaceChildren(...doc.warnings.map(
    (w) => h("div", { class: "alert warn" }, "Lưu ý: ", w)));
}

function renderToc(doc) {
  const list = (sections) => {
    const items = sections
      .filter((s) => !["dash", "plus"].includes(s.kind))
      .map((s) => h("li", {},
        h("a", { href: `#/van-ban/${doc.source.sha256}/${s.heading.id}`, title: s.title,
          onclick: (e) => { e.preventDefault(); flash(document.getElementById(`p-${s.heading.id}`)); } },
        h("b", {}, s.label), s.title),
        s.children.length ? list(s.children) : null));
    return items.length ? h("ul", {}, items) : null;
  };
  const annexes = doc.annexes.map((a) => h("li", {}, h("a", { href: "#", onclick: (e) => {
    e.preventDefault(); flash(document.getElementById(`annex-${a.id}`));
  } }, h("b", {}, a.label), a.title || "")));
  const tree = list(doc.sections) || h("ul", {});
  tree.append(...annexes);
  $("toc").replaceChildren(doc.sections.length || annexes.length ? tree
    : h("p", { class: "muted" }, "Văn bản không có đề mục."));
}

function paragraph(p, cls) {
  // A table row keeps its text (citations are highlighted by offsets in it), framed as a row.
  const kind = p.cells ? `${cls} table-row` : cls;
  return h("p", { id: `p-${p.id}`, class: kind, dataset: { pages: p.pages.join(",") } },
    renderText(p.text, state.blocks.get(p.id)));
}

function renderBody(doc) {
  const body = $("doc-body");
  const out = [];
  for (const p of doc.preamble) out.push(paragraph(p, "pre"));
  const section = (s) => h("section", { class: `sec lvl-${s.level}`, id: `sec-${s.id}` },
    paragraph(s.heading, `head head-${s.kind}`),
    s.paragraphs.map((p) => paragraph(p, "")),
    s.children.map(section));
  for (const s of doc.sections) out.push(section(s));
  for (const a of doc.annexes) {
    out.push(h("div", { class: "annex", id: `annex-${a.id}` },
      h("h3", {}, a.label), a.title ? h("p", { class: "head" }, a.title) : null,
      a.paragraphs.map((p) => paragraph(p, ""))));
  }
  if (!out.length) out.push(h("p", { class: "muted" }, "Không có nội dung."));
  body.replaceChildren(...out);
  applyToggles();
}

function applyToggles() {
  for (const box of document.querySelectorAll("#toggles input")) {
    $("doc-body").classList.toggle(`show-${box.dataset.hl}`, box.checked);
  }
}

// --- document: side panel --------------------------------------------------------------

function renderPanel(doc, tab) {
  state.panelTab = tab;
  const tabs = [
    ["cit", `Trích dẫn (${doc.citations.length})`],
    ["ent", `Thực thể (${doc.entities.length})`],
    ["fig", `Số liệu (${doc.figures.length})`],
    ["fn", `Chú thích (${doc.footnotes.length})`],
  ];
  $("panel-tabs").replaceChildren(...tabs.map(([key, label]) => h("button", {
    type: "button", role: "tab", class: key === tab ? "active" : "", dataset: { tab: key },
    onclick: () => renderPanel(doc, key),
  }, label)));
  const panel = $("panel");
  const render = { cit: citationPanel, ent: entityPanel, fig: figurePanel, fn: footnotePanel };
  panel.replaceChildren(...render[tab](doc));
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}

function citationPanel(doc) {
  if (!doc.citations.length) return [h("p", { class: "muted" }, "Không có trích dẫn.")];
  const out = [];
  const groups = groupBy(doc.citations, (c) => c.type || (c.name ? "Văn bản (theo tên)" : "Khác"));
  const order = [...groups.keys()].sort((a, b) => groups.get(b).length - groups.get(a).length
    || a.localeCompare(b, "vi"));
  for (const type of order) {
    const items = groups.get(type);
    out.push(h("h3", {}, `${type} (${items.length})`));
    out.push(h("ul", {}, items.map((c) => h("li", {
      class: "item", dataset: { cit: c.id }, onclick: () => goTo("cit", c.id),
    },
    h("div", { class: "raw" }, c.raw),
    h("div", { class: "facts" },
      h("span", { class: `tag ${c.relation}` }, RELATIONS[c.relation] || c.relation),
      [c.number, c.date && `ngày ${dateVi(c.date)}`, c.issuer, c.pinpoint,
        c.in_footnote ? "trong chú thích" : null, c.location.section_label
          ? `mục ${c.location.section_label}` : null, c.location.page
          ? `trang ${c.location.page}` : null].filter(Boolean).join(" · "))))));
  }
  return out;
}

function entityPanel(doc) {
  if (!doc.entities.length) {
    return [h("p", { class: "muted" }, "Không có thực thể (máy chủ có thể đã tắt bước này).")];
  }
  const out = [];
  const order = Object.keys(ENTITY_LABELS);
  const groups = [...groupBy(doc.entities, (e) => e.label)].sort(
    ([a], [b]) => (order.indexOf(a) + 99) % 99 - (order.indexOf(b) + 99) % 99);
  for (const [label, items] of groups) {
    const distinct = groupBy(items, (e) => e.normalized || e.text);
    out.push(h("h3", {}, `${ENTITY_LABELS[label] || label} (${distinct.size})`));
    out.push(h("ul", {}, [...distinct].map(([name, all]) => {
      let next = 0;
      const shown = all[0].text;
      return h("li", { class: "item", onclick: () => {
        goTo("ent", all[next % all.length].id);
        next += 1;
      } }, h("span", { class: "raw" }, shown),
      name !== shown ? h("span", { class: "facts" }, ` → ${name}`) : null,
      all.length > 1 ? h("span", { class: "facts" }, ` ×${all.length}`) : null);
    })));
  }
  return out;
}

function figurePanel(doc) {
  if (!doc.figures.length) return [h("p", { class: "muted" }, "Không có số liệu.")];
  const rows = doc.figures.map((f) => h("tr", { class: "item", onclick: () => goTo("fig", f.id) },
    h("td", { class: "raw" }, f.raw),
    h("td", {}, FIGURE_KINDS[f.kind] || f.kind),
    h("td", {}, f.value === null ? "" : f.value.toLocaleString("vi-VN")
      + (f.total ? ` / ${f.total.toLocaleString("vi-VN")}` : ""), f.unit ? ` ${f.unit}` : ""),
    h("td", {}, f.counted || "")));
  return [h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Số liệu"), h("th", {}, "Loại"),
    h("th", {}, "Giá trị"), h("th", {}, "Đối tượng"))), h("tbody", {}, rows))];
}

function footnotePanel(doc) {
  if (!doc.footnotes.length) return [h("p", { class: "muted" }, "Không có chú thích.")];
  return [h("ul", {}, doc.footnotes.map((fn) => h("li", {
    class: "item", onclick: () => {
      const ref = document.querySelector(`sup[data-fn="${fn.id}"] button`);
      if (ref) { flash(ref.closest("p")); if (!document.querySelector(`[id^="fnbox-${fn.id}-"]`)) ref.click(); }
    },
  }, h("b", {}, `${fn.number}. `), renderText(fn.text, state.blocks.get(fn.id)),
  fn.pages.length ? h("div", { class: "facts" }, `trang ${fn.pages.join(", ")}`) : null)))];
}

function goTo(kind, id) {
  // Scroll to a highlight; one inside a footnote first opens that footnote. A mention
  // that is not drawn (it overlaps a citation) shows its whole paragraph instead.
  const item = [...state.doc.citations, ...state.doc.entities, ...state.doc.figures]
    .find((x) => x.id === id);
  if (!item) return;
  const find = () => $("doc-body").querySelector(`mark.hl-${kind}[data-id="${id}"]`);
  let target = find();
  if (!target && item.location.kind === "footnote") {
    const ref = document.querySelector(`sup[data-fn="${item.location.id}"] button`);
    if (ref) {
      if (!document.querySelector(`[id^="fnbox-${item.location.id}-"]`)) ref.click();
      target = find() || document.querySelector(`[id^="fnbox-${item.location.id}-"]`);
    }
  }
  if (!target) target = document.getElementById(`p-${item.location.id}`);
  const box = document.querySelector(`#toggles input[data-hl="${kind}"]`);
  if (box && !box.checked) { box.checked = true; applyToggles(); }
  flash(target);
}

function selectItem(kind, id) {
  const tab = { cit: "cit", ent: "ent", fig: "fig" }[kind];
  renderPanel(state.doc, tab);
  const row = kind === "cit" ? $("panel").querySelector(`[data-cit="${id}"]`) : null;
  if (row) flash(row);
}

function downloadJson() {
  // The stored JSON, as the API serves it: the same contract as `docparse parse`.
  if (!state.doc) return;
  const name = state.doc.source.file_name.replace(/\.[^.]*$/, "") || "document";
  const a = h("a", { href: `${API}/documents/${state.doc.source.sha256}`,
    download: `${name}.json` });
  document.body.append(a);
  a.click();
  a.remove();
}

// --- library and graph -----------------------------------------------------------------

async function showLibrary() {
  document.title = "docparse – Thư viện";
  const tbody = $("library-table").querySelector("tbody");
  tbody.replaceChildren(h("tr", {}, h("td", { colspan: 6, class: "muted" }, "Đang tải…")));
  try {
    const [library, graph] = await Promise.all([loadLibrary(), api("/graph?max_nodes=400")]);
    state.graph = graph.body;
    const s = graph.body.stats;
    $("library-stats").textContent = `${library.total} văn bản · ${s.nodes} nút trong đồ thị `
      + `(${s.cited_only} văn bản chỉ được trích dẫn) · ${s.edges} quan hệ trích dẫn · `
      + `${s.mentions} lần nhắc đến`;
    const rows = library.documents.map((d) => h("tr", {
      class: "click", dataset: { id: d.id }, onclick: () => { location.hash = `#/van-ban/${d.id}`; },
    }, h("td", {}, d.doc_type || ""), h("td", {}, numberSymbol(d).replace(/^Số /, "")),
    h("td", {}, dateVi(d.date)), h("td", {}, d.title || ""), h("td", {}, d.issuer || ""),
    h("td", { class: "muted small" }, d.file_name)));
    tbody.replaceChildren(...(rows.length ? rows
      : [h("tr", {}, h("td", { colspan: 6, class: "muted" }, "Thư viện chưa có văn bản nào."))]));
    drawGraph(graph.body);
  } catch (err) {
    const box = h("div", { class: "alert error" });
    showError(box, err);
    tbody.replaceChildren(h("tr", {}, h("td", { colspan: 6 }, box)));
  }
}

const view = { scale: 1, x: 0, y: 0, selected: -1, hits: new Set() };

function drawGraph(data) {
  const nodes = data.nodes.map((n, i) => {
    const angle = i * 2.39996;
    const r = 14 * Math.sqrt(i + 1);
    return { ...n, x: r * Math.cos(angle), y: r * Math.sin(angle), vx: 0, vy: 0,
      r: 4 + Math.min(10, Math.sqrt(n.cited_by) * 2.5) + (n.loaded ? 3 : 0) };
  });
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const links = data.links.map((l) => ({ s: index.get(l.source), t: index.get(l.target),
    relation: l.relation, mentions: l.mentions }));
  layout(nodes, links);
  state.graphNodes = nodes;
  state.graphLinks = links;
  view.selected = -1;
  view.hits = new Set();
  $("graph-legend").replaceChildren(...Object.entries(GROUPS).map(([, [label, color]]) => {
    const dot = h("i", {});
    dot.style.background = color; // CSSOM: the page's policy forbids inline style attributes
    return h("div", {}, dot, label);
  }),
  h("div", { class: "muted" }, "Viền đậm: văn bản có trong thư viện"));
  fitGraph();
  paintGraph();
}

function layout(nodes, links) {
  // A small force layout, run to rest before the first paint (no animation to wait for).
  const k = 40;
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        const d2 = dx * dx + dy * dy + 0.01;
        if (d2 > 250000) continue;
        const f = (k * k) / d2;
        dx *= f; dy *= f;
        a.vx += dx; a.vy += dy; b.vx -= dx; b.vy -= dy;
      }
      a.vx -= a.x * 0.01;
      a.vy -= a.y * 0.01;
    }
    for (const l of links) {
      const a = nodes[l.s];
      const b = nodes[l.t];
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      const f = ((d - k) / d) * 0.1;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    }
    for (const n of nodes) {
      const limit = 15 * cool + 0.5;
      n.x += Math.max(-limit, Math.min(limit, n.vx * 0.5));
      n.y += Math.max(-limit, Math.min(limit, n.vy * 0.5));
      n.vx = 0; n.vy = 0;
    }
  }
}

function fitGraph() {
  const canvas = $("graph");
  const nodes = state.graphNodes || [];
  if (!nodes.length) return;
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const w = Math.max(...xs) - Math.min(...xs) + 80;
  const hgt = Math.max(...ys) - Math.min(...ys) + 80;
  view.scale = Math.min(2, canvas.clientWidth / w, canvas.clientHeight / hgt);
  view.x = -((Math.max(...xs) + Math.min(...xs)) / 2) * view.scale;
  view.y = -((Math.max(...ys) + Math.min(...ys)) / 2) * view.scale;
}

function paintGraph() {
  const canvas = $("graph");
  const nodes = state.graphNodes || [];
  const links = state.graphLinks || [];
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const hgt = canvas.clientHeight;
  canvas.width = w * ratio;
  canvas.height = hgt * ratio;
  const cx = canvas.getContext("2d");
  cx.setTransform(ratio, 0, 0, ratio, 0, 0);
  cx.clearRect(0, 0, w, hgt);
  if (!nodes.length) {
    cx.fillStyle = "#5f6b7a";
    cx.font = "14px sans-serif";
    cx.fillText("Chưa có văn bản nào để vẽ đồ thị.", 20, 30);
    return;
  }
  cx.translate(w / 2 + view.x, hgt / 2 + view.y);
  cx.scale(view.scale, view.scale);
  const sel = view.selected;
  for (const l of links) {
    const a = nodes[l.s];
    const b = nodes[l.t];
    const on = sel === l.s || sel === l.t;
    cx.strokeStyle = on ? "#a3121a" : "rgba(120,130,145,.35)";
    cx.lineWidth = (on ? 2 : 1) / view.scale;
    cx.beginPath();
    cx.moveTo(a.x, a.y);
    cx.lineTo(b.x, b.y);
    cx.stroke();
    // Arrow head at the cited end.
    const ang = Math.atan2(b.y - a.y, b.x - a.x);
    const tx = b.x - Math.cos(ang) * b.r;
    const ty = b.y - Math.sin(ang) * b.r;
    const s = 6 / view.scale;
    cx.fillStyle = cx.strokeStyle;
    cx.beginPath();
    cx.moveTo(tx, ty);
    cx.lineTo(tx - s * Math.cos(ang - 0.4), ty - s * Math.sin(ang - 0.4));
    cx.lineTo(tx - s * Math.cos(ang + 0.4), ty - s * Math.sin(ang + 0.4));
    cx.fill();
  }
  nodes.forEach((n, i) => {
    const dim = view.hits.size && !view.hits.has(i);
    cx.globalAlpha = dim ? 0.2 : 1;
    cx.fillStyle = (GROUPS[n.group] || GROUPS.administrative)[1];
    cx.beginPath();
    cx.arc(n.x, n.y, n.r, 0, Math.PI * 2);
    cx.fill();
    if (n.loaded || i === sel) {
      cx.lineWidth = (i === sel ? 3 : 2) / view.scale;
      cx.strokeStyle = i === sel ? "#a3121a" : "#1d2330";
      cx.stroke();
    }
    if (n.loaded || i === sel || view.hits.has(i) || view.scale > 1.6) {
      cx.fillStyle = "#1d2330";
      cx.font = `${12 / view.scale}px sans-serif`;
      cx.fillText(n.label.length > 40 ? n.label.slice(0, 39) + "…" : n.label,
        n.x + n.r + 3 / view.scale, n.y + 4 / view.scale);
    }
  });
  cx.globalAlpha = 1;
}

async function showNode(i) {
  view.selected = i;
  paintGraph();
  const n = state.graphNodes[i];
  const info = $("graph-info");
  info.classList.remove("muted");
  const facts = Object.entries(n.info).map(([k, v]) => h("div", {},
    h("span", { class: "muted" }, { type: "Loại", number: "Số hiệu", date: "Ngày",
      issuer: "Cơ quan", title: "Trích yếu", file_name: "Tệp" }[k] || k), ": ",
    k === "date" ? dateVi(v) : String(v)));
  const cites = state.graphLinks.filter((l) => l.s === i).map((l) => state.graphNodes[l.t]);
  info.replaceChildren(
    h("h3", {}, n.label),
    h("div", { class: "small muted" }, (GROUPS[n.group] || GROUPS.administrative)[0],
      n.loaded ? " · có trong thư viện" : " · chỉ được trích dẫn"),
    ...facts,
    n.document_id ? h("p", {}, h("a", { href: `#/van-ban/${n.document_id}` }, "Mở văn bản →"))
      : null,
    cites.length ? h("div", {}, h("b", {}, `Trích dẫn ${cites.length} văn bản`),
      h("ul", {}, cites.slice(0, 12).map((c) => h("li", {}, c.label)))) : null,
    h("div", { id: "cited-by" }, h("span", { class: "muted" }, "Đang tìm văn bản trích dẫn…")),
  );
  try {
    const { body } = await api(`/citations/${encodeURIComponent(n.id)}/cited-by`);
    const box = $("cited-by");
    if (!box) return;
    box.replaceChildren(h("b", {}, `Được ${body.cited_by.length} văn bản trích dẫn`),
      h("ul", {}, body.cited_by.map((c) => h("li", {}, c.file_name || c.key,
        h("span", { class: "muted" }, ` (${c.mentions} lần, ${RELATIONS[c.relation] || c.relation})`)))));
  } catch (err) {
    const box = $("cited-by");
    if (box) box.replaceChildren(h("span", { class: "muted" }, ERRORS[err.code] || err.message));
  }
}

function setupGraph() {
  const canvas = $("graph");
  let drag = null;
  let moved = false;
  canvas.addEventListener("mousedown", (e) => {
    drag = [e.clientX - view.x, e.clientY - view.y];
    moved = false;
  });
  window.addEventListener("mouseup", () => { drag = null; });
  canvas.addEventListener("mousemove", (e) => {
    if (!drag) return;
    view.x = e.clientX - drag[0];
    view.y = e.clientY - drag[1];
    moved = true;
    paintGraph();
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    view.scale *= e.deltaY < 0 ? 1.15 : 1 / 1.15;
    paintGraph();
  }, { passive: false });
  canvas.addEventListener("click", (e) => {
    if (moved || !state.graphNodes) return;
    const rect = canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left - rect.width / 2 - view.x) / view.scale;
    const y = (e.clientY - rect.top - rect.height / 2 - view.y) / view.scale;
    let best = -1;
    let bestD = Infinity;
    state.graphNodes.forEach((n, i) => {
      const d = (n.x - x) ** 2 + (n.y - y) ** 2;
      if (d < bestD && d < (n.r + 5 / view.scale) ** 2) { best = i; bestD = d; }
    });
    if (best >= 0) showNode(best);
  });
  $("graph-search").addEventListener("input", (e) => {
    const q = e.target.value.trim().toLowerCase();
    view.hits = new Set();
    if (q && state.graphNodes) {
      state.graphNodes.forEach((n, i) => {
        if (`${n.id} ${n.label} ${n.info.title || ""}`.toLowerCase().includes(q)) view.hits.add(i);
      });
    }
    if (view.hits.size === 1) showNode([...view.hits][0]);
    else paintGraph();
  });
  window.addEventListener("resize", () => { if (state.graphNodes) paintGraph(); });
}

// --- coverage ----------------------------------------------------------------------

const PLAN_TYPES = /^(kế hoạch|chương trình|đề án|phương án|dự án)/i; // types.json "plan"
const REPORT_TYPES = /^báo cáo/i;

// The state a report's own table gave the task ("Hoàn thành"), when it decided the verdict.
function stated(t) {
  const r = (t.reports || []).find((x) => x.stated && x.verdict === t.verdict);
  return r ? r.stated : null;
}

function docLabel(d) {
  const head = [d.doc_type, numberSymbol(d).replace(/^Số /, "")].filter(Boolean).join(" ");
  return `${head || d.file_name}${d.title ? ` – ${d.title}` : ""}`;
}

async function showCoverage(runId) {
  document.title = "docparse – Đối chiếu kế hoạch – báo cáo";
  setupReviewer();
  showRuns();
  if (runId && (!state.coverage || String(state.coverage.run) !== runId)) loadRun(runId);
  try {
    const library = await loadLibrary();
    const docs = library.documents;
    const plans = docs.filter((d) => PLAN_TYPES.test(d.doc_type || ""));
    const others = docs.filter((d) => !PLAN_TYPES.test(d.doc_type || ""));
    const select = $("cov-plan");
    const current = select.value;
    select.replaceChildren(
      plans.length ? h("optgroup", { label: "Kế hoạch" },
        plans.map((d) => h("option", { value: d.id }, docLabel(d)))) : null,
      others.length ? h("optgroup", { label: "Văn bản khác" },
        others.map((d) => h("option", { value: d.id }, docLabel(d)))) : null);
    if (current) select.value = current;
    const reports = [...docs].sort((a, b) => Number(REPORT_TYPES.test(b.doc_type || ""))
      - Number(REPORT_TYPES.test(a.doc_type || "")));
    const checked = new Set([...document.querySelectorAll("#cov-reports input:checked")]
      .map((x) => x.value));
    $("cov-reports").replaceChildren(...(reports.length ? reports.map((d) => h("label", {},
      h("input", { type: "checkbox", name: "report", value: d.id,
        checked: checked.has(d.id) || false }), " ", docLabel(d)))
      : [h("span", { class: "muted" }, "Thư viện chưa có văn bản nào.")]));
    $("cov-run").disabled = !docs.length;
  } catch (err) {
    showError($("cov-error"), err);
  }
}

async function runCoverage(e) {
  e.preventDefault();
  const plan = $("cov-plan").value;
  const reports = [...document.querySelectorAll("#cov-reports input:checked")].map((x) => x.value);
  $("cov-error").hidden = true;
  if (!plan || !reports.length) {
    showError($("cov-error"), { code: "bad_request", detail: "Hãy chọn một kế hoạch và ít nhất một báo cáo." });
    return;
  }
  $("cov-run").disabled = true;
  $("cov-status").textContent = "Đang đối chiếu… (lần đầu có thể mất vài chục giây)";
  $("cov-result").replaceChildren();
  try {
    const { body } = await api("/coverage", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ plan, reports }),
    });
    renderCoverage(body);
    $("cov-status").textContent = "";
    if (body.run) {  // the run is stored: its address reopens it for review
      history.replaceState(null, "", `#/doi-chieu/${body.run}`);
      showRuns();
    }
  } catch (err) {
    $("cov-status").textContent = "";
    showError($("cov-error"), err);
  } finally {
    $("cov-run").disabled = false;
  }
}

function renderCoverage(cov) {
  state.coverage = cov;
  const s = cov.summary;
  const table = h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "cov-table" },
    h("thead", {}, h("tr", {}, ["#", "Mã", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn",
      "Kết quả", "Bằng chứng trong báo cáo"].map((x) => h("th", {}, x)))),
    h("tbody", {}, cov.tasks.map((t, i) => coverageRow(cov, t, i)))));
  const units = s.by_unit.length ? h("div", {}, h("h2", {}, "Theo đơn vị thực hiện"),
    h("div", { class: "table-wrap" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ["Đơn vị", "Số nhiệm vụ", VERDICTS.reported, VERDICTS.partial,
        VERDICTS.not_reported].map((x) => h("th", {}, x)))),
      h("tbody", {}, s.by_unit.map((u) => h("tr", {}, h("td", {}, u.unit),
        h("td", {}, String(u.total)), h("td", {}, String(u.reported)),
        h("td", {}, String(u.partial)), h("td", {}, String(u.not_reported)))))))) : null;
  $("cov-result").replaceChildren(
    h("h2", {}, `Kế hoạch: ${cov.plan.title || cov.plan.file_name}`),
    cov.run ? h("p", { class: "muted small" }, `Lần đối chiếu số ${cov.run} (đã lưu) · `
      + "bấm ✓ hoặc ✗ để xác nhận hay bác bỏ từng kết luận và từng đoạn bằng chứng.") : null,
    ...cov.warnings.map((w) => h("div", { class: "alert warn" }, w)),
    coverageSummary(cov), table, units);
}

function coverageSummary(cov) {
  const s = cov.summary;
  const card = (num, label, cls) => h("div", { class: "card" },
    h("span", { class: `num ${cls || ""}` }, String(num)), label);
  return h("div", { id: "cov-summary" },
    h("div", { class: "summary" },
      card(s.total, "nhiệm vụ"), card(s.reported, VERDICTS.reported, "reported"),
      card(s.partial, VERDICTS.partial, "partial"),
      card(s.not_reported, VERDICTS.not_reported, "not_reported")),
    s.review ? reviewSummary(s.review) : null);
}

function coverageRow(cov, t, i) {
  const task = t.task;
  const deadline = task.deadline ? task.deadline.raw : "";
  const reportName = (k) => {
    const r = cov.reports[k];
    return r ? [r.doc_type, r.symbol].filter(Boolean).join(" ") || r.file_name : `#${k}`;
  };
  const passage = (ev) => {
    const report = cov.reports[ev.report];
    const where = [reportName(ev.report), ev.location.section_label
      ? `mục ${ev.location.section_label}` : null,
    ev.location.page ? `trang ${ev.location.page}` : null,
    `điểm ${ev.score.toFixed(2).replace(".", ",")}`].filter(Boolean).join(" · ");
    return h("li", { class: ev.review ? `rv-${ev.review.status}` : null,
      dataset: { passage: ev.location.id, report: String(ev.report) } },
    h("blockquote", {}, ev.quote),
    h("div", { class: "src" }, report ? h("a", {
      href: `#/van-ban/${report.sha256}/${ev.location.id}` }, where) : where,
    cov.run ? passageReview(cov, t, ev) : null));
  };
  // The first passages show; the rest open on a click (each can still be reviewed).
  const list = (items, first) => h("div", {},
    h("ul", { class: "evidence" }, items.slice(0, first).map(passage)),
    items.length > first ? h("details", { class: "more" },
      h("summary", {}, `Thêm ${items.length - first} đoạn`),
      h("ul", { class: "evidence" }, items.slice(first).map(passage))) : null);
  // A task flagged "not reported" still shows what came closest, to check the flag.
  const nearest = t.nearest || [];
  return h("tr", { dataset: { task: task.id } },
    h("td", {}, String(i + 1)),
    h("td", { class: "small" }, task.label_path),
    h("td", { class: "task-text" }, task.text),
    h("td", { class: "small units" }, task.units.join("; "),
      task.partners.length ? h("div", { class: "muted" }, "Phối hợp: ", task.partners.join("; "))
        : null),
    h("td", { class: "small" }, deadline),
    h("td", { class: "verdict-cell" },
      h("span", { class: `verdict ${t.verdict}` }, VERDICTS[t.verdict] || t.verdict),
      h("div", { class: "small muted" }, `độ tin cậy ${Math.round(t.confidence * 100)}%`),
      stated(t) ? h("div", { class: "small muted" }, `báo cáo ghi: “${stated(t)}”`) : null,
      cov.run ? verdictReview(cov, t) : null),
    h("td", { class: "evidence-cell" }, t.evidence.length ? list(t.evidence, 3)
      : h("div", {}, h("span", { class: "muted" }, "Không tìm thấy đoạn phù hợp."),
        nearest.length ? h("div", { class: "muted nearest" }, "Đoạn gần nhất (để đối chiếu):",
          list(nearest, 1)) : null)));
}

// --- start -------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  setupUpload();
  setupGraph();
  $("download-json").addEventListener("click", downloadJson);
  for (const box of document.querySelectorAll("#toggles input")) {
    box.addEventListener("change", applyToggles);
  }
  $("coverage-form").addEventListener("submit", runCoverage);
  window.addEventListener("hashchange", route);
  route();
});
