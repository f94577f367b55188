"""Candidate evidence for plan tasks: passages of reports scored by BM25, embeddings, citations.

A passage is one body block of a report (heading or paragraph) or one footnote, with
its section label path and the titles of the sections above it (its context: a
report's "2.3.1. Kết quả ... kiểm soát tài sản, thu nhập" says what the figures
under it are about). Every (task, passage) pair gets a row of signals:

- bm25, bm25_ctx: BM25 (bm25s) over underthesea word tokens of the passage and of its
  context, divided by the best score in the same report (so 1.0 = this report's best);
- bm25_linked: for a footnote, the BM25 of the paragraph it is anchored in; for a
  paragraph, the best of its footnotes (a result and its details go together);
- bm25_section: the mean BM25 of the passages of the same section (a footnote counts
  in its anchor's): a report puts what it says on one topic together, so a section
  that matches the task as a whole lifts each of its passages;
- dense, dense_ctx: cosine of the embeddings of task and passage (or its context);
- idf_cov: share of the task's IDF-weighted words the passage contains (absolute,
  unlike BM25's relative score); clause_cov: the same for the task's best-covered
  clause (a passage that reports one part of a task fully);
- cites_task: the passage cites a document the task names (same citation key);
- cites_plan: the report cites the plan itself (a report-level prior);
- footnote: the passage is a footnote (lists of issued documents live there);
- heading: the passage is a section heading (it names a topic; the evidence is usually
  in the paragraphs under it).

Texts are normalised (docparse.link.text) and each document's own abbreviations
are spelled out before both tokenising and embedding, so "PCTN" in a plan meets
"phòng, chống tham nhũng" in a report. Word segmentations are cached in the
library like embeddings: a warm check never loads underthesea.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from docparse.link.cache import LinkCache, text_key
from docparse.link.embed import Embedder
from docparse.link.text import canonical
from docparse.model import Document, Section, Task
from docparse.structure.build import statement
from docparse.structure.paths import extend_path

SIGNALS = (
    "bm25", "bm25_ctx", "bm25_linked", "bm25_section", "dense", "dense_ctx", "idf_cov",
    "clause_cov", "cites_task", "cites_plan", "footnote", "heading",
)

# Function words that carry no topic; everything else is left to BM25's IDF.
_STOP_WORDS = (
    "và của các những là được có trong với về cho theo để tại trên đã đang sẽ này đó một như "
    "từ khi thì mà nhằm việc cũng đến hoặc nếu do bởi vào ra lại nên hơn rất nhiều ít mỗi "
    "sau trước giữa đối_với nhất còn chưa không"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[^\W_]", re.UNICODE)


@dataclass
class Passage:
    report: int
    kind: str  # "paragraph" | "footnote"
    id: str
    text: str
    section_label: str | None
    context: str
    page: int | None
    cited: set[str] = field(default_factory=set)
    match: str = ""  # the text as matched: abbreviations spelled out
    match_context: str = ""
    heading: bool = False
    anchor: str | None = None  # a footnote's paragraph


@dataclass
class Signals:
    """Signal matrices, one row per task and one column per passage."""

    passages: list[Passage]
    values: dict[str, np.ndarray]
    bm25_raw: np.ndarray | None = None  # unnormalised BM25, (tasks, passages)
    query_tokens: list[list[str]] = field(default_factory=list)
    passage_tokens: list[list[str]] = field(default_factory=list)
    indexes: list[LexicalIndex] = field(default_factory=list)  # one per report
    clauses: list[list[set[str]]] = field(default_factory=list)  # words of each task's clauses

    def stack(self, task: int) -> np.ndarray:
        """(passages, signals) matrix for one task, columns in SIGNALS order."""
        return np.stack([self.values[name][task] for name in SIGNALS], axis=1)


def passages_of(doc: Document, report: int = 0) -> list[Passage]:
    """Every body block and footnote of a report, with label path and context."""
    out: list[Passage] = []
    where: dict[str, tuple[str | None, str, int | None]] = {}
    for paragraph in doc.preamble:
        out.append(_passage(report, "paragraph", paragraph.id, paragraph.text, None, "",
                            paragraph.pages))
        where[paragraph.id] = (None, "", out[-1].page)

    def walk(sections: list[Section], path: list[str], titles: list[str]) -> None:
        for section in sections:
            label = extend_path(path, section)
            context = " ".join(titles)
            blocks = [section.heading, *section.paragraphs]
            for i, block in enumerate(blocks):
                text = statement(section) if i == 0 else block.text
                out.append(_passage(report, "paragraph", block.id, text, ".".join(label) or None,
                                    context if i == 0 else f"{context} {section.title}",
                                    block.pages))
                out[-1].heading = i == 0
                where[block.id] = (out[-1].section_label, out[-1].context, out[-1].page)
            walk(section.children, label, [*titles, _short(section.title)])

    walk(doc.sections, [], [])
    for annex in doc.annexes:
        for paragraph in annex.paragraphs:
            out.append(_passage(report, "paragraph", paragraph.id, paragraph.text,
                                annex.label, annex.title or "", paragraph.pages))
    for note in doc.footnotes:
        anchor = note.anchors[0].paragraph_id if note.anchors else None
        label, context, _ = where.get(anchor or "", (None, "", None))
        out.append(_passage(report, "footnote", note.id, note.text, label, context, note.pages))
        out[-1].anchor = anchor
    cited: dict[str, set[str]] = {}
    for citation in doc.citations:
        cited.setdefault(citation.location.id, set()).add(citation.key)
    spell = speller(doc)
    for passage in out:
        passage.cited = cited.get(passage.id, set())
        passage.match = spell(passage.text)
        passage.match_context = spell(passage.context)
    return [p for p in out if _WORD.search(p.text)]


def speller(doc: Document) -> Callable[[str], str]:
    """A function that spells out the document's abbreviations."""
    from docparse.enrich.abbreviations import expand, glossary

    terms = glossary(doc)
    return lambda text: expand(text, terms)


def _passage(report: int, kind: str, pid: str, text: str, label: str | None, context: str,
             pages: list[int]) -> Passage:
    return Passage(report, kind, pid, " ".join(text.split()), label, context.strip(),
                   pages[0] if pages else None)


def _short(title: str, words: int = 40) -> str:
    parts = title.split()
    return " ".join(parts[:words])


class Segmenter:
    """underthesea word segmentation (lower case, no punctuation or stop words), cached."""

    def __init__(self, cache: LinkCache | None) -> None:
        self.cache = cache

    def __call__(self, texts: list[str]) -> list[list[str]]:
        prepared = [canonical(t) for t in texts]
        keys = [text_key(t) for t in prepared]
        found = self.cache.get_tokens(keys) if self.cache else {}
        missing = {k: t for k, t in zip(keys, prepared, strict=True) if k not in found}
        if missing:
            from underthesea import word_tokenize

            fresh = {k: _tokens(word_tokenize(t)) for k, t in missing.items()}
            if self.cache:
                self.cache.put_tokens(fresh)
            found.update(fresh)
        return [found[k] for k in keys]


def _tokens(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        token = word.replace(" ", "_")
        if _WORD.search(token) and token not in _STOP and not token.isdigit():
            out.append(token)
    return out


def score(
    tasks: list[Task],
    queries: list[str],
    task_cites: list[set[str]],
    passages: list[Passage],
    reports_cite_plan: list[bool],
    embedder: Embedder,
    segmenter: Segmenter,
    clause_texts: list[list[str]] | None = None,
) -> Signals:
    """All signals for every (task, passage) pair; `clause_texts` are the clauses of each
    task (its whole query when None or empty)."""
    n_tasks, n_pass = len(tasks), len(passages)
    values = {name: np.zeros((n_tasks, n_pass), dtype=np.float32) for name in SIGNALS}
    if not n_tasks or not n_pass:
        return Signals(passages, values)
    pieces = [(clause_texts[t] if clause_texts else None) or [queries[t]] for t in range(n_tasks)]
    owner = [t for t, p in enumerate(pieces) for _ in p]
    flat_pieces = [c for p in pieces for c in p]
    q_tokens = segmenter(queries)
    k_tokens = segmenter(flat_pieces)
    p_tokens = segmenter([p.match for p in passages])
    contexts = sorted({p.match_context for p in passages})
    c_tokens = dict(zip(contexts, segmenter(contexts), strict=True))
    reports = np.array([p.report for p in passages])
    ctx_index = {c: i for i, c in enumerate(contexts)}
    columns = [ctx_index[p.match_context] for p in passages]

    body = _BM25(p_tokens)
    bm25 = body.scores(q_tokens)
    values["bm25"] = _per_report_max(bm25, reports)
    values["bm25_ctx"] = _per_report_max(_BM25([c_tokens[c] for c in contexts]).scores(q_tokens)[
        :, columns], reports)
    values["bm25_linked"] = _linked(values["bm25"], passages)
    values["bm25_section"] = _section_mean(values["bm25"], passages)

    q_vec = embedder.encode(queries)
    p_vec = embedder.encode([p.match for p in passages])
    c_vec = embedder.encode(contexts)
    values["dense"] = q_vec @ p_vec.T
    values["dense_ctx"] = (q_vec @ c_vec.T)[:, columns]

    clauses = [[set(k_tokens[i]) for i, o in enumerate(owner) if o == t] for t in range(n_tasks)]
    indexes: list[LexicalIndex] = []
    for r in range(int(reports.max()) + 1):
        cols = np.flatnonzero(reports == r)
        index = LexicalIndex([p_tokens[j] for j in cols])
        indexes.append(index)
        if cols.size == 0:
            continue
        for t in range(n_tasks):
            values["idf_cov"][t, cols] = index.passage_coverage([set(q_tokens[t])])[:, 0]
            values["clause_cov"][t, cols] = index.passage_coverage(clauses[t]).max(axis=1)

    for j, passage in enumerate(passages):
        values["footnote"][:, j] = passage.kind == "footnote"
        values["heading"][:, j] = passage.heading
        values["cites_plan"][:, j] = reports_cite_plan[passage.report]
        if passage.cited:
            for i, keys in enumerate(task_cites):
                values["cites_task"][i, j] = bool(keys & passage.cited)
    return Signals(passages, values, bm25, q_tokens, p_tokens, indexes, clauses)


class _BM25:
    """bm25s over token lists; an empty document or query scores 0."""

    def __init__(self, docs: list[list[str]]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index at debug
        self.size = len(docs)
        self.retriever = bm25s.BM25()
        self.retriever.index([d or ["∅"] for d in docs], show_progress=False)

    def scores(self, queries: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(queries), self.size), dtype=np.float32)
        for i, query in enumerate(queries):
            if query:
                out[i] = self.retriever.get_scores(query)
        return out


def _linked(matrix: np.ndarray, passages: list[Passage]) -> np.ndarray:
    """Each footnote gets its anchor paragraph's column, each paragraph its footnotes' best."""
    column = {(p.report, p.kind, p.id): j for j, p in enumerate(passages)}
    out = np.zeros_like(matrix)
    for j, passage in enumerate(passages):
        if passage.kind != "footnote" or passage.anchor is None:
            continue
        k = column.get((passage.report, "paragraph", passage.anchor))
        if k is not None:
            out[:, j] = np.maximum(out[:, j], matrix[:, k])
            out[:, k] = np.maximum(out[:, k], matrix[:, j])
    return out


def _section_mean(matrix: np.ndarray, passages: list[Passage]) -> np.ndarray:
    """Each passage gets the mean of its section's columns (same report and label path)."""
    groups: dict[tuple[int, str], list[int]] = {}
    for j, passage in enumerate(passages):
        groups.setdefault((passage.report, passage.section_label or ""), []).append(j)
    out = np.zeros_like(matrix)
    for cols in groups.values():
        out[:, cols] = matrix[:, cols].mean(axis=1, keepdims=True)
    return out


def _per_report_max(matrix: np.ndarray, reports: np.ndarray) -> np.ndarray:
    out = np.zeros_like(matrix)
    for r in np.unique(reports):
        cols = reports == r
        best = matrix[:, cols].max(axis=1, keepdims=True)
        out[:, cols] = matrix[:, cols] / np.where(best > 0, best, 1.0)
    return out


_CLAUSE = re.compile(r"[;.:]\s+")


class LexicalIndex:
    """Which words each passage of one report contains, with the report's IDF.

    IDF-weighted coverage says how much of a task's vocabulary a report (or a
    passage) contains: words the report never uses weigh most, so a task about
    energy saving scores low against a report that never says "năng lượng",
    whatever its best passage's relative BM25 rank is.
    """

    def __init__(self, tokens: list[list[str]]) -> None:
        from scipy import sparse

        self.vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, words in enumerate(tokens):
            for w in set(words):
                rows.append(i)
                cols.append(self.vocab.setdefault(w, len(self.vocab)))
        self.n = len(tokens)
        self.matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(self.n, max(len(self.vocab), 1)),
        )
        df = np.asarray(self.matrix.sum(axis=0)).ravel()
        self._idf = np.log(1.0 + self.n / (df + 1.0)).astype(np.float32)
        self._unseen = float(np.log(1.0 + self.n))

    def _weights(self, query: set[str]) -> tuple[np.ndarray, float]:
        vector = np.zeros(self.matrix.shape[1], dtype=np.float32)
        total = 0.0
        for w in query:
            k = self.vocab.get(w)
            if k is None:
                total += self._unseen
            else:
                vector[k] = self._idf[k]
                total += float(self._idf[k])
        return vector, total

    def coverage(self, query: set[str], passages: list[int] | None = None) -> float:
        """IDF mass of `query` found in the given passages (all of the report if None)."""
        vector, total = self._weights(query)
        if total == 0.0:
            return 0.0
        rows = self.matrix if passages is None else self.matrix[passages]
        present = np.asarray(rows.sum(axis=0)).ravel() > 0 if rows.shape[0] else None
        if present is None:
            return 0.0
        return float(vector[present].sum() / total)

    def passage_coverage(self, queries: list[set[str]]) -> np.ndarray:
        """(passages, queries) matrix: the share of each query's IDF mass in each passage."""
        if not queries or self.n == 0:
            return np.zeros((self.n, len(queries)))
        weights = [self._weights(q) for q in queries]
        q = np.stack([w for w, _ in weights], axis=1)
        totals = np.array([t for _, t in weights])
        return np.asarray(self.matrix @ q) / np.where(totals > 0, totals, 1.0)

    def best_passage_coverage(self, queries: list[set[str]]) -> np.ndarray:
        """For each query, the coverage of its best single passage."""
        if not queries or self.n == 0:
            return np.zeros(len(queries))
        return self.passage_coverage(queries).max(axis=0)


def clauses_of(text: str, min_words: int = 3) -> list[str]:
    """The clauses of a task's text (split at ";", ".", ":"), long enough to say something."""
    parts = [p.strip() for p in _CLAUSE.split(text)]
    return [p for p in parts if len(p.split()) >= min_words]
