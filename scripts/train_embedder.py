"""Train docparse's own Vietnamese sentence embedder on the official legal texts.

The model is a sentence-transformers StaticEmbedding: one vector per syllable or word,
averaged over the text. It is small (30 MB), needs no GPU and embeds thousands of
passages a second on one CPU core, which is what `docparse check` needs on a fresh
machine with no model hub.

Data: ../shared/vi-text/phapdien_diepxuan/ (the Bộ pháp điển and recent laws, decrees and
circulars; official texts are not protected by copyright, Law on Intellectual Property,
Article 15), read in place by scripts/vi_law_corpus.py. The question sets of
../shared/vi-text/ are never read here: they are the yardstick (`docparse eval
--embeddings`). Nothing from docparse's corpus or gold is used either.

Steps (each printed with its timing):
1. Read the articles (title, body lines, clauses, chapter, "có nội dung liên quan đến"
   cross-references); hold out 2% of them (by a hash of their text) for choosing the epoch.
2. Count syllables over the training articles and underthesea words over 24 M characters
   of them (cached, since segmenting takes minutes); build a Unigram tokenizer whose pieces
   are syllables and words (scripts/vi_vocab.py).
3. Initialise the vectors by SVD of the PPMI co-occurrence matrix (window 5), scaled by a
   SIF weight a / (a + p(token)).
4. Train with MultipleNegativesRankingLoss on self-supervised triples: (article heading,
   article body), (a line of an article, the article: the line left out half the time, as
   in the inverse cloze task), (an article, an article it is related to), each with a hard
   negative: another article of the same chapter, or (half the time) one of the article's
   BM25 neighbours. Every epoch is scored on the held-out articles; the best epoch is kept.
5. Score the held-out articles (heading -> body, clause -> article with and without the
   clause) for BM25, the SVD initialisation and the trained model; save the model
   and its figures (training_stats.json). The README beside it is written by hand.

Retrain (about 20 minutes on two CPU cores the first time; the word counts, the SVD
initialisation and the BM25 neighbours are cached under ~/.cache/docparse-train):
    python scripts/train_embedder.py --out models/vn-law-static
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from vi_law_corpus import PHAPDIEN, SHARED, Article, read_corpus  # noqa: E402
from vi_vocab import SPACE, UNK, build_vocab, count_words, make_tokenizer, syllables  # noqa: E402

from docparse.evaluation.embeddings import rank_metrics  # noqa: E402
from docparse.link.text import canonical, fold_tones  # noqa: E402

CLOCK = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - CLOCK:7.1f}s] {message}", flush=True)


def held_out(article: Article, share: float) -> bool:
    """Deterministic split by a hash of the article's text, stable across runs and machines."""
    return int(article.key[:8], 16) / 16**8 < share


def alqac_keys() -> set[str]:
    """Body keys of the ALQAC article collection, for the --exclude-alqac ablation."""
    import re

    data = json.loads((SHARED / "alqac2023_articles" / "all_articles_2023.json").read_text())
    return {re.sub(r"\W", "", t.partition("\n\n")[2].lower())[:80] for t in data.values()}


# --- vocabulary ---------------------------------------------------------------------------


def counts(train: list[Article], sample_chars: int, cache: Path, seed: int):  # type: ignore[no-untyped-def]
    """Corpus syllable counts, and underthesea word / standalone-syllable counts of a sample."""
    syl: Counter[str] = Counter()
    for article in train:
        syl.update(syllables(canonical(article.text)))
    digest = hashlib.sha256(
        f"{len(train)}|{sample_chars}|{seed}|{train[0].key}|{train[-1].key}".encode()
    ).hexdigest()[:16]
    path = cache / f"words-{digest}.pkl"
    if path.exists():
        words, single = pickle.loads(path.read_bytes())
        say(f"word counts from cache {path}")
    else:
        rng = random.Random(seed)
        order = list(range(len(train)))
        rng.shuffle(order)
        texts, total = [], 0
        for i in order:
            if total >= sample_chars:
                break
            texts.append(fold_tones(train[i].text[:3000]))
            total += len(texts[-1])
        say(f"segmenting {total:,} characters of {len(texts)} articles with underthesea")
        words, single = count_words(texts)
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((words, single)))
    return syl, words, single


# --- data ---------------------------------------------------------------------------------


@dataclass
class Encoded:
    """Token ids of an article: its title and each body line."""

    title: list[int]
    lines: list[list[int]]
    clause_lines: list[int]  # indices of the lines that are clauses ("1. ...")
    query_lines: list[int]  # indices of every line long enough to stand as a query

    def doc(self, drop: int | None = None, title: bool = True, limit: int = 512) -> list[int]:
        ids = list(self.title) if title else []
        for k, line in enumerate(self.lines):
            if k != drop:
                ids.extend(line)
            if len(ids) >= limit:
                break
        return ids[:limit]


def encode_articles(tokenizer, articles: list[Article]) -> list[Encoded]:  # type: ignore[no-untyped-def]
    import re

    clause = re.compile(r"^\d{1,3}\.\s*\S")
    flat: list[str] = []
    for a in articles:
        flat.append(a.title)
        flat.extend(a.lines)
    ids = [e.ids for e in tokenizer.encode_batch([fold_tones(t) for t in flat],
                                                 add_special_tokens=False)]
    out: list[Encoded] = []
    k = 0
    for a in articles:
        title = ids[k]
        lines = ids[k + 1 : k + 1 + len(a.lines)]
        k += 1 + len(a.lines)
        clauses = [i for i, line in enumerate(a.lines) if clause.match(line) and len(line) >= 40]
        # Any line of 40+ characters (a clause, a point "a) ...", a sentence of running
        # text) can stand as a query, so long as the article has more to it.
        long = [i for i, line in enumerate(a.lines) if len(line) >= 40] if len(a.lines) > 1 else []
        out.append(Encoded(title, lines, clauses, long))
    return out


def triples(
    articles: list[Article], enc: list[Encoded], rng: random.Random, keep_clause: float,
    clauses_per_article: int, all_lines: bool = False, neighbours: np.ndarray | None = None,
    lexical_share: float = 0.0,
) -> list[tuple[list[int], int, list[int], list[int]]]:
    """(query ids, positive article index, positive ids, hard negative ids) for one epoch."""
    titles = Counter(a.title.lower() for a in articles)
    by_chapter: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_chapter.setdefault(a.chapter, []).append(i)
    by_ref = {a.ref_id: i for i, a in enumerate(articles) if a.ref_id}

    def negative(i: int) -> list[int]:
        group = by_chapter[articles[i].chapter]
        related = {by_ref.get(r) for r in articles[i].related}
        if neighbours is not None and rng.random() < lexical_share:
            near = [int(j) for j in neighbours[i] if j >= 0 and int(j) not in related]
            if near:
                return enc[rng.choice(near)].doc()
        for _ in range(4):
            j = rng.choice(group) if len(group) > 1 else rng.randrange(len(articles))
            if j != i and j not in related:
                return enc[j].doc()
        return enc[rng.randrange(len(articles))].doc()

    out = []
    for i, a in enumerate(articles):
        e = enc[i]
        # A heading shared by many articles ("Phạm vi điều chỉnh") names no one article.
        if titles[a.title.lower()] <= 3 and len(e.title) >= 2:
            out.append((e.title, i, e.doc(title=False), negative(i)))
        pool = e.query_lines if all_lines else e.clause_lines
        picks = rng.sample(pool, min(clauses_per_article, len(pool)))
        for k in picks:
            drop = None if rng.random() < keep_clause else k
            out.append((e.lines[k][:128], i, e.doc(drop=drop), negative(i)))
        for ref in a.related:
            j = by_ref.get(ref)
            if j is not None and j != i:
                out.append((e.doc(limit=128), j, enc[j].doc(), negative(j)))
    rng.shuffle(out)
    return out


def batches(items: list, size: int) -> list[list]:  # type: ignore[type-arg]
    """Batches in which no article is the positive twice (it would be its own negative)."""
    out, current, seen, waiting = [], [], set(), []
    for item in items:
        if item[1] in seen:
            waiting.append(item)
            continue
        current.append(item)
        seen.add(item[1])
        if len(current) == size:
            out.append(current)
            current, seen = [], set()
            again, waiting = waiting, []
            for w in again:
                if w[1] in seen or len(current) >= size:
                    waiting.append(w)
                else:
                    current.append(w)
                    seen.add(w[1])
    return out


def lexical_neighbours(enc: list[Encoded], vocab: list[str], k: int, cache: Path,
                       key: str) -> np.ndarray:
    """For each article, the articles BM25 ranks nearest to its heading and opening
    (itself excluded; -1 pads): lexically close, often on another subject, so hard
    negatives. Near-copies (a BM25 score within 10% of the article's own) are left out,
    as they are more likely the same provision in another text than a true negative."""
    import logging

    import bm25s

    path = cache / f"neighbours-{key}-{k}.npy"
    if path.exists():
        return np.load(path)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    skip = {0, 1}  # [UNK] and the bare separator

    def words(ids: list[int]) -> list[str]:
        return [vocab[t] for t in ids if t not in skip] or ["∅"]

    retriever = bm25s.BM25()
    retriever.index([words(e.doc()) for e in enc], show_progress=False)
    out = np.full((len(enc), k), -1, dtype=np.int32)
    step = 2000
    for start in range(0, len(enc), step):
        queries = [words(e.doc(limit=64)) for e in enc[start : start + step]]
        found, scores = retriever.retrieve(queries, k=k + 1, show_progress=False)
        for row, (ids, values) in enumerate(zip(found, scores, strict=True)):
            i = start + row
            own = values[0] if ids[0] == i else values.max()
            keep = [int(j) for j, v in zip(ids, values, strict=True)
                    if j != i and v < 0.9 * own][:k]
            out[i, : len(keep)] = keep
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


# --- initialisation -----------------------------------------------------------------------


def ppmi_svd(sequences: list[list[int]], vocab: int, dim: int, window: int,
             seed: int) -> np.ndarray:
    """Token vectors from positive PMI of windowed co-occurrence, reduced by a randomized SVD."""
    from scipy import sparse

    counts = sparse.csr_matrix((vocab, vocab), dtype=np.float32)
    chunk: list[list[int]] = []

    def flush() -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for ids in chunk:
            arr = np.asarray(ids, dtype=np.int32)
            for k in range(1, window + 1):
                if len(arr) <= k:
                    break
                a, b = arr[:-k], arr[k:]
                w = np.full(len(a), 1.0 / k, dtype=np.float32)
                rows += [a, b]
                cols += [b, a]
                vals += [w, w]
        if not rows:
            return sparse.csr_matrix((vocab, vocab), dtype=np.float32)
        return sparse.coo_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(vocab, vocab)).tocsr()

    size = 0
    for ids in sequences:
        chunk.append(ids)
        size += len(ids)
        if size > 2_000_000:
            counts = counts + flush()
            chunk, size = [], 0
    counts = counts + flush()
    counts.setdiag(0)
    counts.eliminate_zeros()
    total = float(counts.sum())
    row_sum = np.asarray(counts.sum(axis=1)).ravel()
    col_sum = np.asarray(counts.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col_sum = col_sum / col_sum.sum() * total
    coo = counts.tocoo()
    with np.errstate(divide="ignore"):
        pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])),
                             shape=(vocab, vocab))
    u, s = _randomized_svd(ppmi, dim, seed)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    rng = np.random.default_rng(seed)
    unseen = norms.ravel() < 1e-8
    vectors[unseen] = rng.normal(scale=0.01, size=(int(unseen.sum()), dim))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / norms).astype(np.float32)


def _randomized_svd(matrix, k: int, seed: int, oversample: int = 20,  # type: ignore[no-untyped-def]
                    iterations: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Top-k left singular vectors and values (Halko et al.), numpy and scipy only."""
    rng = np.random.default_rng(seed)
    q = matrix @ rng.normal(size=(matrix.shape[1], k + oversample)).astype(np.float32)
    q, _ = np.linalg.qr(q)
    for _ in range(iterations):
        q, _ = np.linalg.qr(matrix.T @ q)
        q, _ = np.linalg.qr(matrix @ q)
    small = (matrix.T @ q).T
    u, s, _ = np.linalg.svd(small, full_matrices=False)
    return (q @ u)[:, :k], s[:k]


def sif_weights(sequences: list[list[int]], vocab: int, a: float = 1e-3) -> np.ndarray:
    freq = np.bincount(np.concatenate([np.asarray(x, dtype=np.int64) for x in sequences if x]),
                       minlength=vocab)
    p = freq / max(freq.sum(), 1)
    return (a / (a + p)).astype(np.float32)


# --- evaluation on held-out articles -------------------------------------------------------


def heldout_tasks(enc: list[Encoded], rng: random.Random) -> dict[str, tuple]:  # type: ignore[type-arg]
    """Two retrieval tasks over the held-out articles (query i's answer is document i)."""
    title_q, title_d = [], []
    for e in enc:
        if len(e.title) >= 2:
            title_q.append(e.title)
            title_d.append(e.doc(title=False))
    clause_q, kept, dropped = [], [], []
    for e in enc:
        if e.clause_lines:
            k = rng.choice(e.clause_lines)
            clause_q.append(e.lines[k][:128])
            kept.append(e.doc())
            dropped.append(e.doc(drop=k))
    return {"heading->body": (title_q, title_d), "clause->article": (clause_q, kept),
            "clause->rest": (clause_q, dropped)}


def embed_ids(weights: np.ndarray, seqs: list[list[int]]) -> np.ndarray:
    out = np.zeros((len(seqs), weights.shape[1]), dtype=np.float32)
    for i, ids in enumerate(seqs):
        if ids:
            out[i] = weights[ids].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def evaluate(weights: np.ndarray, tasks: dict[str, tuple]) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    out = {}
    for name, (queries, docs) in tasks.items():
        q, d = embed_ids(weights, queries), embed_ids(weights, docs)
        out[name] = rank_metrics(q @ d.T, [{i} for i in range(len(queries))])
    return out


def bm25_heldout(tasks: dict[str, tuple], vocab: list[str]) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    """BM25 (bm25s) over the same pieces, as a reference."""
    import logging

    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    out = {}
    for name, (queries, docs) in tasks.items():
        retriever = bm25s.BM25()
        retriever.index([[vocab[t] for t in d] or ["∅"] for d in docs], show_progress=False)
        sim = np.zeros((len(queries), len(docs)), dtype=np.float32)
        for i, q in enumerate(queries):
            if q:
                sim[i] = retriever.get_scores([vocab[t] for t in q])
        out[name] = rank_metrics(sim, [{i} for i in range(len(queries))])
    return out


def selection_score(figures: dict[str, dict[str, float]]) -> float:
    """What picks the epoch: MRR of the clause tasks (question-like), never the yardstick."""
    return (figures["clause->article"]["mrr"] + figures["clause->rest"]["mrr"]) / 2


# --- training -----------------------------------------------------------------------------


def train(args: argparse.Namespace, articles: list[Article], enc: list[Encoded],
          init: np.ndarray, tasks: dict[str, tuple], frozen: list[int],  # type: ignore[type-arg]
          neighbours: np.ndarray | None) -> tuple:  # type: ignore[type-arg]
    import torch
    from sentence_transformers.sentence_transformer import losses

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    embedding = torch.nn.EmbeddingBag.from_pretrained(torch.from_numpy(init.copy()),
                                                      freeze=False, mode="mean")

    class Model(torch.nn.Module):  # what MultipleNegativesRankingLoss calls
        def __init__(self) -> None:
            super().__init__()
            self.embedding = embedding

        def forward(self, features: dict) -> dict:  # type: ignore[type-arg]
            features["sentence_embedding"] = self.embedding(features["input_ids"],
                                                            features["offsets"])
            return features

    def features(seqs: list[list[int]]) -> dict[str, torch.Tensor]:
        lengths = [len(s) for s in seqs]
        offsets = torch.from_numpy(np.cumsum([0, *lengths[:-1]]))
        ids = torch.tensor([t for s in seqs for t in s], dtype=torch.long)
        return {"input_ids": ids, "offsets": offsets}

    model = Model()
    loss = losses.MultipleNegativesRankingLoss(model, scale=args.scale)  # type: ignore[arg-type]
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    frozen_rows = torch.tensor(frozen, dtype=torch.long)
    best = (selection_score(evaluate(init, tasks)), 0, init.copy())
    history = []
    for epoch in range(1, args.epochs + 1):
        data = triples(articles, enc, rng, args.keep_clause, args.clauses, args.ict == "lines",
                       neighbours, args.lexical_negatives)
        groups = batches(data, args.batch)
        total = 0.0
        started = time.perf_counter()
        for step, batch in enumerate(groups):
            # Linear warm-up over the first 5% of steps of the first epoch.
            warm = min(1.0, (step + 1) / max(1, len(groups) // 20)) if epoch == 1 else 1.0
            for group in optimizer.param_groups:
                group["lr"] = args.lr * warm
            feats = [features([b[0] for b in batch]), features([b[2] for b in batch]),
                     features([b[3] for b in batch])]
            value = loss(feats, torch.empty(0))
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            with torch.no_grad():  # [UNK] and the bare separator stay zero: no direction
                embedding.weight[frozen_rows] = 0.0
            total += value.item()
        weights = embedding.weight.detach().numpy().copy()
        figures = evaluate(weights, tasks)
        score = selection_score(figures)
        history.append({"epoch": epoch, "triples": len(data), "steps": len(groups),
                        "loss": round(total / max(len(groups), 1), 4),
                        "seconds": round(time.perf_counter() - started, 1),
                        "selection": round(score, 4), **figures})
        say(f"epoch {epoch}: {len(data)} triples, {len(groups)} steps, loss "
            f"{total / max(len(groups), 1):.4f}, held-out "
            + ", ".join(f"{k} MRR {v['mrr']:.3f} R@10 {v['recall@10']:.3f}"
                        for k, v in figures.items()))
        if score > best[0]:
            best = (score, epoch, weights)
    return best, history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "vn-law-static")
    parser.add_argument("--data", type=Path, default=PHAPDIEN)
    parser.add_argument("--tokenizer", choices=("words", "syllables"), default="words")
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--min-syllable", type=int, default=3)
    parser.add_argument("--min-word", type=int, default=3)
    parser.add_argument("--segment-chars", type=int, default=24_000_000,
                        help="characters segmented by underthesea for the word vocabulary")
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--keep-clause", type=float, default=0.5,
                        help="share of clause pairs whose article keeps the clause")
    parser.add_argument("--clauses", type=int, default=3, help="query lines per article per epoch")
    parser.add_argument("--ict", choices=("clauses", "lines"), default="lines",
                        help="which lines of an article stand as its queries")
    parser.add_argument("--lexical-negatives", type=float, default=0.5,
                        help="share of hard negatives drawn from an article's BM25 "
                             "neighbours instead of its chapter")
    parser.add_argument("--held-out", type=float, default=0.02)
    parser.add_argument("--exclude-alqac", action="store_true",
                        help="ablation: leave out the articles of the ALQAC collection")
    parser.add_argument("--half", action=argparse.BooleanOptionalAction, default=False,
                        help="store the vectors as float16 (half the size; sentence-transformers "
                             "then returns float16, and NaN for a text with no known token)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "docparse-train")
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        timings[name] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()

    articles = read_corpus(args.data)
    excluded = 0
    if args.exclude_alqac:
        import re

        keys = alqac_keys()
        kept = [a for a in articles if re.sub(r"\W", "", a.body.lower())[:80] not in keys]
        excluded, articles = len(articles) - len(kept), kept
    test = [a for a in articles if held_out(a, args.held_out)]
    train_set = [a for a in articles if not held_out(a, args.held_out)]
    say(f"1. {len(articles)} articles ({len(train_set)} train, {len(test)} held out"
        + (f"; {excluded} ALQAC articles left out" if excluded else "") + ")")
    step("read")

    syl, words, single = counts(train_set, args.segment_chars, args.cache, args.seed)
    pieces = build_vocab(syl, words, single, size=args.vocab, min_syllable=args.min_syllable,
                         min_word=args.min_word, use_words=args.tokenizer == "words")
    tokenizer = make_tokenizer(pieces)
    vocab = [p for p, _ in pieces]
    n_words = sum(SPACE in p[1:] for p in vocab)
    say(f"2. tokenizer: {len(vocab)} pieces ({n_words} words of 2+ syllables, "
        f"{len(vocab) - n_words - 2} syllables)")
    step("vocabulary")

    enc_train = encode_articles(tokenizer, train_set)
    enc_test = encode_articles(tokenizer, test)
    sequences = [e.doc(limit=10**9) for e in enc_train]
    n_tokens = sum(len(s) for s in sequences)
    unk = sum(s.count(0) for s in sequences) / max(n_tokens, 1)
    init_key = hashlib.sha256(
        f"{tokenizer.to_str()}|{args.dim}|{args.window}|{args.seed}|{n_tokens}".encode()
    ).hexdigest()[:16]
    init_path = args.cache / f"init-{init_key}.npy"
    if init_path.exists():  # the same tokenizer and text: the same matrix, minutes saved
        init = np.load(init_path)
    else:
        init = ppmi_svd(sequences, len(vocab), args.dim, args.window, args.seed)
        init *= sif_weights(sequences, len(vocab))[:, None]
        args.cache.mkdir(parents=True, exist_ok=True)
        np.save(init_path, init)
    frozen = [vocab.index(UNK), vocab.index(SPACE)]
    init[frozen] = 0.0
    say(f"3. PPMI-SVD initialisation over {n_tokens:,} tokens ([UNK] {unk:.2%}): {init.shape}")
    step("initialisation")

    tasks = heldout_tasks(enc_test, random.Random(args.seed))
    figures: dict[str, object] = {"bm25": bm25_heldout(tasks, vocab),
                                  "svd_init": evaluate(init, tasks)}
    say(f"   held-out: BM25 {figures['bm25']}\n   SVD init {figures['svd_init']}")
    neighbours = None
    if args.lexical_negatives > 0:
        neighbours = lexical_neighbours(enc_train, vocab, 20, args.cache, init_key)
        say(f"   BM25 neighbours of {len(neighbours)} articles (hard negatives)")
    (score, epoch, weights), history = train(args, train_set, enc_train, init, tasks, frozen,
                                             neighbours)
    figures["trained"] = evaluate(weights, tasks)
    figures["best_epoch"] = epoch
    say(f"4. trained; best epoch {epoch} (selection {score:.4f})")
    step("training")

    # float16 on disk would halve the file (docparse casts back to float32 before averaging),
    # but sentence-transformers would then compute in float16: off by 1e-4, NaN for "".
    stored = torch.from_numpy(weights)
    static = StaticEmbedding(tokenizer, embedding_weights=stored.half() if args.half else stored)
    args.out.mkdir(parents=True, exist_ok=True)
    model = SentenceTransformer(modules=[static], device="cpu")
    # The README is written by hand from training_stats.json and the yardstick: keep it.
    model.save(str(args.out), create_model_card=False)
    check = SentenceTransformer(str(args.out), device="cpu").encode(["kiểm kê tài sản công"])
    assert check.shape == (1, args.dim)
    step("save")
    stats = {
        "data": str(args.data.relative_to(SHARED.parent.parent)
                    if args.data.is_relative_to(SHARED.parent.parent) else args.data),
        "articles": len(articles), "train_articles": len(train_set), "held_out": len(test),
        "excluded_alqac": excluded,
        "characters": sum(len(a.text) for a in articles),
        "tokens": n_tokens, "unk_share": round(unk, 4),
        "vocab": len(vocab), "word_pieces": n_words, "dim": args.dim,
        "args": {k: str(v) for k, v in vars(args).items()},
        "figures": figures, "history": history, "timings_s": timings,
        "seconds": round(time.perf_counter() - CLOCK, 1),
    }
    (args.out / "training_stats.json").write_text(
        json.dumps(stats, ensure_ascii=False, indent=1) + "\n", "utf-8")
    say(f"5. saved to {args.out} ({sum(f.stat().st_size for f in args.out.iterdir()) / 1e6:.1f} "
        f"MB); timings {timings}")


if __name__ == "__main__":
    main()
