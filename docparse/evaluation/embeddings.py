"""The embedding yardstick: question -> article retrieval on question sets written by people.

`docparse eval --embeddings` ranks, for every question of each set in ../shared/vi-text/
(or $DOCPARSE_VI_TEXT), the whole collection the set points into, three ways:

- bm25: bm25s over underthesea words without stop words, exactly as `docparse check`
  tokenises (docparse.link.retrieval.Segmenter);
- dense: cosine of the embedding model's vectors (the shipped model by default);
- hybrid: the mean of the two scores, each min-max scaled over the collection for that
  question. The equal weight was fixed before measuring (Bruch et al. 2023, "An analysis
  of fusion functions for hybrid retrieval": a convex combination of normalised scores),
  not fitted on these questions, which are for measuring only.

Figures: recall@10 (share of a question's relevant articles in the top 10, averaged over
questions) and MRR@10 (reciprocal rank of the first relevant article, 0 past rank 10).
A tie counts against the relevant article (an empty vector ranks last, not first).

The sets (../shared/vi-text/README.md says where each comes from):
- alqac2023: 100 ALQAC 2023 questions -> 2,249 articles of 17 laws (all_articles_2023.json);
- alqac2025: 729 ALQAC 2025 questions (the 100 above among them) -> the same articles
  (one question, whose article is missing from the collection, is left out);
- vilqa: 530 questions -> the 304 distinct articles they were written on;
- uit_regulations: 719 distinct questions on a university's regulations -> its 88 passages;
- pubhealth: 328 distinct citizens' questions -> the 356 distinct official answers (a
  question asked twice is one query with both answers relevant).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from docparse.evaluation.table import Table

VI_TEXT_ENV = "DOCPARSE_VI_TEXT"
K = 10
METHODS = ("bm25", "dense", "hybrid")


@dataclass
class QuestionSet:
    name: str
    queries: list[str]
    docs: list[str]
    relevant: list[set[int]]  # indices into docs, per query


def vi_text_folder(gold: Path | None = None) -> Path:
    """$DOCPARSE_VI_TEXT, else ../shared/vi-text beside the project."""
    if os.environ.get(VI_TEXT_ENV):
        return Path(os.environ[VI_TEXT_ENV])
    base = (gold or Path("gold")).resolve().parent
    return base.parent / "shared" / "vi-text"


# --- metrics -------------------------------------------------------------------------------


def rank_metrics(sim: np.ndarray, relevant: list[set[int]], k: int = K) -> dict[str, float]:
    """recall@1, recall@k and MRR@k of a (queries, docs) score matrix."""
    recall1, recall, rr = [], [], []
    for i, wanted in enumerate(relevant):
        if not wanted:
            continue
        row = sim[i]
        # Pessimistic rank: every document scoring at least as high comes first.
        ranks = sorted(int((row >= row[j]).sum()) for j in wanted)
        recall1.append(float(ranks[0] <= 1))
        recall.append(sum(r <= k for r in ranks) / len(ranks))
        rr.append(1.0 / ranks[0] if ranks[0] <= k else 0.0)
    n = max(len(rr), 1)
    return {"recall@1": sum(recall1) / n, f"recall@{k}": sum(recall) / n, "mrr": sum(rr) / n}


def minmax(sim: np.ndarray) -> np.ndarray:
    """Each row scaled to [0, 1] (a constant row becomes 0)."""
    low = sim.min(axis=1, keepdims=True)
    span = sim.max(axis=1, keepdims=True) - low
    return (sim - low) / np.where(span > 0, span, 1.0)


def hybrid(bm25: np.ndarray, dense: np.ndarray, weight: float = 0.5) -> np.ndarray:
    return (1.0 - weight) * minmax(bm25) + weight * minmax(dense)


# --- scoring ---------------------------------------------------------------------------------


def bm25_scores(queries: list[list[str]], docs: list[list[str]]) -> np.ndarray:
    """bm25s over token lists (as docparse.link.retrieval ranks passages)."""
    from docparse.link.retrieval import _BM25

    return _BM25(docs).scores(queries)


def score_set(
    qset: QuestionSet,
    segment: Callable[[list[str]], list[list[str]]],
    embed: Callable[[list[str]], np.ndarray],
) -> dict[str, dict[str, float]]:
    """recall@1, recall@10 and MRR@10 of each method on one question set."""
    lexical = bm25_scores(segment(qset.queries), segment(qset.docs))
    dense = embed(qset.queries) @ embed(qset.docs).T
    sims = {"bm25": lexical, "dense": dense, "hybrid": hybrid(lexical, dense)}
    return {name: rank_metrics(sims[name], qset.relevant) for name in METHODS}


# --- the question sets ---------------------------------------------------------------------


def load_sets(root: Path) -> list[QuestionSet]:
    """Every set present under `root` (a missing file skips its set)."""
    out: list[QuestionSet] = []
    articles = root / "alqac2023_articles" / "all_articles_2023.json"
    if articles.is_file():
        collection = json.loads(articles.read_text("utf-8"))
        for name, path in (("alqac2023", root / "alqac2023_articles" / "train.json"),
                           ("alqac2025", root / "alqac2025_train" / "alqac25_train.json")):
            if path.is_file():
                out.append(_alqac(name, collection, json.loads(path.read_text("utf-8"))))
    loaders = (("vilqa", root / "vilqa" / "data" / "dataset" / "ALQAC.csv", _vilqa),
               ("uit_regulations", root / "uit_regulations_qa", _uit),
               ("pubhealth", root / "pubhealth_qa" / "silver_data.csv", _pubhealth))
    for name, path, loader in loaders:
        if path.exists():
            out.append(loader(name, path))
    return out


def _alqac(name: str, collection: dict[str, str], questions: list[dict]) -> QuestionSet:  # type: ignore[type-arg]
    keys = list(collection)
    index = {k: i for i, k in enumerate(keys)}
    queries, relevant = [], []
    for q in questions:
        wanted = {f"{r['law_id']}@{r['article_id']}" for r in q["relevant_articles"]}
        if not wanted <= index.keys():
            continue  # an article the collection lacks: the question cannot be answered
        queries.append(q["text"])
        relevant.append({index[k] for k in wanted})
    return QuestionSet(name, queries, [collection[k] for k in keys], relevant)


def _pairs_set(name: str, pairs: list[tuple[str, str]]) -> QuestionSet:
    """Question -> passage pairs; a repeated passage is one document, a repeated question
    one query with every passage it was paired with."""
    docs: dict[str, int] = {}
    by_query: dict[str, set[int]] = {}
    for question, passage in pairs:
        j = docs.setdefault(passage, len(docs))
        by_query.setdefault(question, set()).add(j)
    return QuestionSet(name, list(by_query), list(docs), list(by_query.values()))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _vilqa(name: str, path: Path) -> QuestionSet:
    return _pairs_set(name, [(r["question"], r["context"]) for r in _read_csv(path)
                             if r.get("question") and r.get("context")])


def _pubhealth(name: str, path: Path) -> QuestionSet:
    return _pairs_set(name, [(r["question"], r["answer"]) for r in _read_csv(path)
                             if r.get("question") and r.get("answer")])


def _uit(name: str, folder: Path) -> QuestionSet:
    pairs: list[tuple[str, str]] = []
    for file in sorted(folder.glob("*_reg.json")):
        for item in json.loads(file.read_text("utf-8"))["data"]:
            for paragraph in item["paragraphs"]:
                pairs.extend((qa["question"], paragraph["context"]) for qa in paragraph["qas"])
    return _pairs_set(name, pairs)


# --- the table -----------------------------------------------------------------------------


def embedding_tables(
    gold: Path | None = None, *, embed_model: str | None = None, root: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Table]:
    """The yardstick table (empty when the question sets are not there)."""
    from docparse.link.cache import LinkCache
    from docparse.link.embed import Embedder
    from docparse.link.retrieval import Segmenter

    sets = load_sets(root or vi_text_folder(gold))
    if not sets:
        return []
    cache = LinkCache(memory=True)
    embedder = Embedder(embed_model, cache=cache)
    segmenter = Segmenter(cache)
    rows = []
    for qset in sets:
        if progress:
            progress(qset.name)
        scores = score_set(qset, segmenter, embedder.encode)
        rows.extend([qset.name, len(qset.queries), len(qset.docs), name,
                     scores[name][f"recall@{K}"], scores[name]["mrr"], scores[name]["recall@1"]]
                    for name in METHODS)
    cache.close()
    return [Table(
        f"Embedding yardstick: question -> article retrieval (model {embedder.model_id})",
        ["set", "questions", "articles", "method", f"recall@{K}", f"MRR@{K}", "recall@1"],
        rows,
        notes=["bm25: underthesea words, as docparse check; dense: cosine; hybrid: mean of the "
               "two, each min-max scaled per question",
               "targets: dense recall@10 >= bm25, hybrid above both",
               "measuring only: the questions are never trained on (the laws they ask about "
               "may be in the model's training text)"],
    )]
