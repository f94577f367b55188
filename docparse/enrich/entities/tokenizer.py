"""underthesea word segmentation as a registered, serialisable spaCy tokenizer.

Vietnamese writes one syllable per space-separated unit; words ("Lạng Sơn",
"báo cáo", "Giáo dục và Đào tạo") span several. underthesea's CRF segmenter
joins syllables into words and its CRF tagger gives VLSP POS tags ("Np" proper
noun, "N", "V", "M" numeral ...). This tokenizer turns that into a spaCy `Doc`
whose text is exactly the input (spaCy's round-trip invariant): a word keeps
its inner spaces only where the input had one plain space between its
syllables, otherwise its syllables become separate tokens. POS goes to
`token.tag_` so rules and the NER model can use it.

underthesea is called with `use_token_normalize=False` so that it does not
rewrite old-style tone marks ("hoá" -> "hóa") and every token can be found
verbatim in the input; a token that still cannot be found (a future
underthesea change) falls back to whitespace splitting for the rest of the
text rather than failing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKENIZER_NAME = "docparse.UnderTheSeaTokenizer.v1"


class UnderTheSeaTokenizer:
    """Callable spaCy tokenizer: text -> Doc segmented (and tagged) by underthesea."""

    def __init__(self, vocab: Vocab, pos: bool = True) -> None:
        self.vocab = vocab
        self.pos = pos

    def __call__(self, text: str) -> Doc:
        words, tags = _segment(text, self.pos) if text.strip() else ([], [])
        return _to_doc(self.vocab, text, words, tags if self.pos else None)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Serialisation: the only state is the `pos` switch (the models live in underthesea).
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"pos": self.pos}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> UnderTheSeaTokenizer:
        self.pos = bool(json.loads(data.decode("utf-8")).get("pos", True))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> UnderTheSeaTokenizer:
        return self.from_bytes(Path(path).read_bytes())


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer(pos: bool = True) -> Callable[[Language], UnderTheSeaTokenizer]:
    def make(nlp: Language) -> UnderTheSeaTokenizer:
        return UnderTheSeaTokenizer(nlp.vocab, pos=pos)

    return make


def _segment(text: str, pos: bool) -> tuple[list[str], list[str]]:
    try:
        from underthesea import word_tokenize
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "The Vietnamese tokenizer needs underthesea: pip install 'underthesea==9.5.0'"
        ) from exc
    words = word_tokenize(text, use_token_normalize=False)
    if not pos or not words:
        return words, []
    # The public pos_tag() re-segments with token normalisation (changing the
    # text); the CRF tagger it wraps takes our segmentation as it is. It is an
    # internal of underthesea 9.5: if it moves, run untagged (a little less
    # accurate) rather than fail.
    try:
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor
    except ImportError:  # pragma: no cover - depends on the underthesea version
        return words, []
    tagged = CRFPOSTagPredictor.Instance().predict(words)
    return words, [tag for _, tag in tagged]


def _to_doc(vocab: Vocab, text: str, words: list[str], tags: list[str] | None) -> Doc:
    """Align segmenter words to `text` and build a Doc whose text is `text` exactly."""
    out_words: list[str] = []
    spaces: list[bool] = []
    out_tags: list[str] = []
    pos = 0
    n = len(text)

    def gap_to(start: int) -> None:
        # Whitespace between tokens: one plain space is the previous token's
        # trailing space, anything else becomes a whitespace token of its own.
        nonlocal pos
        gap = text[pos:start]
        if gap:
            if gap[0] == " " and out_words and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                out_words.append(gap)
                spaces.append(False)
                out_tags.append("_SP")
        pos = start

    def emit(word: str, tag: str) -> None:
        nonlocal pos
        out_words.append(word)
        spaces.append(False)
        out_tags.append(tag)
        pos += len(word)

    for i, word in enumerate(words):
        tag = tags[i] if tags else ""
        syllables = word.split(" ")
        starts: list[int] = []
        cursor = pos
        for syl in syllables:
            while cursor < n and text[cursor].isspace():
                cursor += 1
            if not text.startswith(syl, cursor):
                starts = []
                break
            starts.append(cursor)
            cursor += len(syl)
        if not starts:
            break  # cannot align: whitespace-split the rest below
        # A "word" that glues an acronym, a numeral or a code to other syllables
        # ("PCTNTC Quý", "Quý II") is a segmenter slip, not a Vietnamese word:
        # keep its syllables apart so entity boundaries can fall between them.
        contiguous = len(syllables) == 1 or not any(map(_is_code, syllables))
        contiguous = contiguous and all(
            text[starts[k - 1] + len(syllables[k - 1]) : starts[k]] == " "
            for k in range(1, len(starts))
        )
        if contiguous:
            gap_to(starts[0])
            emit(text[starts[0] : cursor], tag)
        else:
            for syl, start in zip(syllables, starts, strict=True):
                gap_to(start)
                emit(syl, tag)
    # Whatever is left (normally only trailing whitespace).
    while pos < n:
        start = pos
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            gap_to(n)
            break
        end = start
        while end < n and not text[end].isspace():
            end += 1
        gap_to(start)
        emit(text[start:end], "X")
    doc = Doc(vocab, words=out_words, spaces=spaces)
    if tags is not None:
        for token, tag in zip(doc, out_tags, strict=True):
            if tag:
                token.tag_ = tag
    return doc


def _is_code(syllable: str) -> bool:
    """An acronym ("UBND", "II"), a number or a code ("2025", "PC03")."""
    return any(ch.isdigit() for ch in syllable) or (len(syllable) >= 2 and syllable.isupper())


def blank_pipeline(pos: bool = True) -> Language:
    """A blank Vietnamese pipeline using this tokenizer (no components)."""
    config: dict[str, Any] = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "pos": pos}}}
    return spacy.blank("vi", config=config)
