"""A Vietnamese vocabulary and tokenizer for a static embedding model: syllables and words.

Vietnamese writes a space between syllables, not between words: "cơ quan nhà nước" is two
words of two syllables. An English WordPiece or byte-level BPE cuts syllables into pieces
that mean nothing. Here the pieces are whole syllables and whole words:

- syllables: every letter run (lower case, new-style tones) frequent enough in the corpus;
- words: the multi-syllable words underthesea's segmenter finds in a sample of the corpus.

The tokenizer is a `tokenizers` Unigram model over "▁"-joined pieces ("▁cơ▁quan",
"▁nhà▁nước", "▁của"): its Viterbi search picks the most probable split of each run of text
between punctuation marks, which is a unigram word segmenter. It is saved in tokenizer.json,
so sentence-transformers loads it with no Python code of ours and no underthesea. Unknown
syllables become [UNK] and leftover "▁" separators are a piece of their own; the trainer
keeps both vectors at zero, so they do not move a text's mean direction.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

SPACE = "▁"
UNK = "[UNK]"
_SYLLABLE = re.compile(r"[^\W\d_]+|\d+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def syllables(text: str) -> list[str]:
    """Letter runs and digit runs of canonical (lower-case, new-tone) text."""
    return _SYLLABLE.findall(text)


def count_words(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """underthesea segmentation of `texts`: (multi-syllable word counts, standalone syllable
    counts), keys "▁"-joined and lower case."""
    from underthesea import word_tokenize

    from docparse.link.text import canonical

    words: Counter[str] = Counter()
    single: Counter[str] = Counter()
    for text in texts:
        for token in word_tokenize(text):
            parts = syllables(canonical(token))
            if not parts:
                continue
            if len(parts) == 1:
                single[SPACE + parts[0]] += 1
            elif len(parts) <= 4 and all(not p.isdigit() for p in parts):
                words[SPACE + SPACE.join(parts)] += 1
            else:  # a long or numeric run: count its syllables
                single.update(SPACE + p for p in parts)
    return words, single


def build_vocab(
    syllable_counts: Counter[str],
    word_counts: Counter[str],
    single_counts: Counter[str],
    *,
    size: int,
    min_syllable: int,
    min_word: int,
    use_words: bool,
) -> list[tuple[str, float]]:
    """(piece, log-probability) for the Unigram model, [UNK] and "▁" first.

    Syllables come from the whole corpus, words from the segmented sample; a syllable's
    probability is its standalone share in the sample (or its corpus share, scaled, when the
    sample never saw it), so the Viterbi split follows underthesea's where it can.
    """
    syl = [(SPACE + s, n) for s, n in syllable_counts.most_common() if n >= min_syllable]
    wrd = [(w, n) for w, n in word_counts.most_common() if n >= min_word] if use_words else []
    budget = size - 2
    n_syl = min(len(syl), budget if not wrd else max(budget // 3, budget - len(wrd)))
    chosen = syl[:n_syl] + wrd[: budget - n_syl]
    sample_total = sum(single_counts.values()) + sum(word_counts.values())
    corpus_total = sum(syllable_counts.values())
    scale = sample_total / max(corpus_total, 1)
    pieces: list[tuple[str, float]] = [(UNK, 0.0)]
    seen = {UNK, SPACE}
    for piece, corpus_n in chosen:
        if piece in seen:
            continue
        seen.add(piece)
        if SPACE in piece[1:]:
            n = word_counts[piece]
        else:
            n = single_counts.get(piece) or corpus_n * scale * 0.5
        pieces.append((piece, math.log(max(n, 0.5) / sample_total)))
    # The separator alone: cheaper than [UNK] (which is -inf-ish), dearer than any piece.
    low = min(score for _, score in pieces[1:]) if len(pieces) > 1 else -10.0
    pieces.insert(1, (SPACE, low - 10.0))
    return pieces


def tone_replacements() -> list[tuple[str, str]]:
    """Old-style tone placement -> new ("hoá" -> "hóa", "thuỷ" -> "thủy") as (regex, text)
    pairs for the tokenizer's normalizer: the same folding as docparse.link.text.fold_tones,
    so that a text given straight to sentence-transformers is read the same way."""
    import unicodedata

    out: list[tuple[str, str]] = []
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            old = unicodedata.normalize("NFC", first + second + tone)
            new = unicodedata.normalize("NFC", first + tone + second)
            out.append((rf"(?<!q){old}(?!\p{{L}})", new))
    return out


def make_tokenizer(pieces: list[tuple[str, float]]):  # type: ignore[no-untyped-def]
    """The Unigram tokenizer over `pieces` (see the module docstring)."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    tokenizer = Tokenizer(models.Unigram(pieces, unk_id=0, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.NFC(),
        normalizers.Lowercase(),
        *[normalizers.Replace(Regex(p), r) for p, r in tone_replacements()],
        normalizers.Replace(Regex(r"\s+"), " "),
        normalizers.Strip(),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        # Punctuation ends a run (a word never spans it) and is dropped; digit runs stand
        # alone; spaces become "▁" inside a run, so pieces can be words of many syllables.
        pre_tokenizers.Split(Regex(r"[^\p{L}\p{N}\s]+"), behavior="removed"),
        pre_tokenizers.Split(Regex(r"\p{N}+"), behavior="isolated"),
        pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="always", split=False),
    ])
    tokenizer.decoder = None
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer
