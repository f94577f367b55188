"""Retrain the entity pipeline: python scripts/train_ner.py [--epochs N] [--out DIR].

Training data (corpus/ner/, see its README):
- mentions/<stem>.tsv: entity mentions listed by reading seeds 001, 003 and
  004, projected onto every occurrence in that seed's text (longest first,
  case-sensitive, whole words);
- written.txt: sentences written for this project with inline [text](LABEL).
The eval gold (seeds 000 and 002) is never read here.

The model is spaCy's transition-based NER over a small CNN tok2vec whose
features include underthesea's POS tag; labels ORG, PER, TITLE, LOC (dates are
rule-only). Written sentences are also used with their people and provinces
swapped for others (a fixed random seed), so that the model learns the
frames, not the names. A dev split (15% of the training examples, by hash)
picks the best epoch. The saved pipeline is tokenizer -> rules_pre -> ner ->
rules_post -> entity_fixes in models/vi_admin_ner/ (a few MB).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.training import Example  # noqa: E402
from spacy.util import filter_spans, fix_random_seed, minibatch  # noqa: E402

from docparse.enrich.entities import components as _components  # noqa: E402,F401
from docparse.enrich.entities.tokenizer import blank_pipeline  # noqa: E402

NER_DIR = ROOT / "corpus" / "ner"
TEXT_DIR = ROOT / "corpus" / "text"
EVAL_STEMS = {"000_8f58422a01f4422a", "002_4e8fcf440fea68e7"}  # gold: never trained on
LABELS = ("ORG", "PER", "TITLE", "LOC")
MARKUP = re.compile(r"\[([^\]]+)\]\((ORG|PER|TITLE|LOC)\)")

# Parts of the made-up names that replace people in augmented copies.
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Nông Lương Hà Vi Triệu Mai"
MIDDLES = "Văn Thị Đức Minh Quang Thanh Xuân Hữu Ngọc Thu Trọng Công Kim Hồng Tiến"
GIVENS = "Hùng Hà Lan Tuấn Minh Hải Nam Bình Hương Long Sơn Thủy Dũng Hiếu Phong Quỳnh Yến Khánh"

TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 64,
        # TAG is underthesea's POS ("Np" proper noun), set by the tokenizer.
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"],
        "rows": [3000, 1000, 1500, 500, 100],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 64,
        "depth": 4,
        "window_size": 1,
        "maxout_pieces": 3,
    },
}
NER_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": TOK2VEC,
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def seed_examples() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences of the training seeds with their projected mentions."""
    out = []
    for path in sorted((NER_DIR / "mentions").glob("*.tsv")):
        stem = path.stem
        if stem in EVAL_STEMS:
            raise SystemExit(f"{path}: seed {stem} is eval gold, not training data")
        mentions = []
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, surface = line.split("\t")
                mentions.append((nfc(surface), label))
        text = " ".join(nfc((TEXT_DIR / f"{stem}.txt").read_text("utf-8")).split())
        spans = project(text, mentions)
        out.extend(split_sentences(text, spans))
    return out


def project(text: str, mentions: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for surface, label in sorted(mentions, key=lambda m: -len(m[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if not any(m.start() < e and s < m.end() for s, e, _ in chosen):
                chosen.append((m.start(), m.end(), label))
    return sorted(chosen)


def split_sentences(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Cut at sentence ends that no mention crosses; keep chunks of a useful size."""
    cuts = [0]
    for m in re.finditer(r"[.;:]\s+(?=[A-ZĐ\u00C0-\u1EF9\d-])", text):
        end = m.end()
        if end - cuts[-1] >= 60 and not any(s < end < e for s, e, _ in spans):
            cuts.append(end)
    cuts.append(len(text))
    out = []
    for a, b in itertools.pairwise(cuts):
        chunk = text[a:b].rstrip()
        ents = [(s - a, e - a, label) for s, e, label in spans if a <= s and e <= a + len(chunk)]
        out.append((chunk, ents))
    return out


def written_examples() -> list[tuple[str, list[tuple[int, int, str]]]]:
    out = []
    for line in (NER_DIR / "written.txt").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(parse_markup(nfc(line)))
    return out


def parse_markup(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    text, ents, pos = [], [], 0
    length = 0
    for m in MARKUP.finditer(line):
        piece = line[pos : m.start()]
        text.append(piece)
        length += len(piece)
        ents.append((length, length + len(m[1]), m[2]))
        text.append(m[1])
        length += len(m[1])
        pos = m.end()
    text.append(line[pos:])
    return "".join(text), ents


def provinces() -> list[str]:
    gaz = ROOT / "docparse" / "enrich" / "data" / "gazetteer.txt"
    names = []
    for line in gaz.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] == "LOC" and " " in parts[1]:
            names.append(parts[1])
    return names


def augment(
    examples: list[tuple[str, list[tuple[int, int, str]]]], copies: int, rng: random.Random
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Copies with other people's names and other provinces in the entities."""
    places = provinces()
    out = []
    for text, ents in examples:
        for _ in range(copies):
            new_text, new_ents, shift, cursor = [], [], 0, 0
            for s, e, label in ents:
                surface = text[s:e]
                if label == "PER" and len(surface.split()) >= 2:
                    surface = " ".join(
                        [rng.choice(SURNAMES.split(" "))]
                        + ([rng.choice(MIDDLES.split(" "))] if rng.random() < 0.8 else [])
                        + [rng.choice(GIVENS.split(" "))]
                    )
                else:
                    for place in places:
                        if place in surface:
                            surface = surface.replace(place, rng.choice(places))
                            break
                new_text.append(text[cursor:s])
                start = s + shift
                new_text.append(surface)
                new_ents.append((start, start + len(surface), label))
                shift += len(surface) - (e - s)
                cursor = e
            new_text.append(text[cursor:])
            out.append(("".join(new_text), new_ents))
    return out


def to_examples(nlp, data) -> tuple[list[Example], int]:
    examples, dropped = [], 0
    for text, ents in data:
        doc = nlp.make_doc(text)
        spans = []
        for s, e, label in ents:
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            # A segmenter word that runs past the name would teach a wrong boundary.
            if span is None or len(span.text) - (e - s) > 3:
                dropped += 1
                continue
            spans.append(span)
        ref = doc.copy()
        ref.ents = filter_spans(spans)
        examples.append(Example(nlp.make_doc(text), ref))
    return examples, dropped


def is_dev(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 100 < 15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--copies", type=int, default=3, help="augmented copies per written line")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "vi_admin_ner")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    fix_random_seed(args.seed)
    rng = random.Random(args.seed)
    seeds = seed_examples()
    written = written_examples()
    train_raw = [x for x in seeds + written if not is_dev(x[0])]
    dev_raw = [x for x in seeds + written if is_dev(x[0])]
    train_raw += augment([x for x in written if not is_dev(x[0])], args.copies, rng)

    nlp = blank_pipeline(pos=True)
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in LABELS:
        ner.add_label(label)
    train, dropped_train = to_examples(nlp, train_raw)
    dev, dropped_dev = to_examples(nlp, dev_raw)
    n_ents = sum(len(ex.reference.ents) for ex in train)
    print(
        f"train {len(train)} examples / {n_ents} entities (dropped {dropped_train} misaligned); "
        f"dev {len(dev)} (dropped {dropped_dev})"
    )

    optimizer = nlp.initialize(lambda: train)
    best, best_bytes, history = -1.0, None, []
    for epoch in range(args.epochs):
        t0 = time.time()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=16):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        scores = nlp.evaluate(dev)
        f = scores["ents_f"] or 0.0
        history.append(
            {"epoch": epoch + 1, "loss": round(float(losses["ner"]), 1), "dev_f": round(f, 4)}
        )
        took = time.time() - t0
        print(f"epoch {epoch + 1:2d} loss {losses['ner']:8.1f} dev F {f:.3f} ({took:.0f}s)")
        if f > best:
            best, best_bytes = f, nlp.to_bytes()
    assert best_bytes is not None
    nlp.from_bytes(best_bytes)
    final = nlp.evaluate(dev)

    nlp.add_pipe("docparse_rules", name="rules_pre", before="ner", config={"phase": "pre"})
    nlp.add_pipe("docparse_rules", name="rules_post", config={"phase": "post"})
    nlp.add_pipe("docparse_entity_fixes", name="entity_fixes")
    nlp.meta.update(
        {
            "name": "vi_admin_ner",
            "version": "0.1.0",
            "description": "NER for Vietnamese administrative documents (docparse): "
            "underthesea tokenizer + rules + CNN NER (ORG, PER, TITLE, LOC; DATE by rules)",
            "sources": [{"name": "corpus/ner (seeds 001, 003, 004 mentions; written.txt)"}],
            "performance": {
                "dev_ents_f": round(final["ents_f"], 4),
                "dev_ents_per_type": final["ents_per_type"],
            },
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    (args.out / "training.json").write_text(
        json.dumps({"epochs": history, "seed": args.seed, "copies": args.copies}, indent=1) + "\n",
        "utf-8",
    )
    print(f"best dev F {best:.3f}; saved to {args.out}")


if __name__ == "__main__":
    main()
