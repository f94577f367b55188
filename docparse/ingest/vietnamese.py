"""Is a page's text layer Vietnamese at all? Syllables and diacritics as the yardstick.

Some published PDFs carry a text layer that maps glyphs to the wrong letters: a broken
ToUnicode map ("6Ӣ C‘NG 7+ѬѪ1*"), or a scanner's OCR that dropped the diacritics and
misread half the letters ("DQc l$p - Tg do - H4nh phric"). Their text is there, so the
page is not a scan, but it is not the document's text either: such a page is read by OCR
like a scan. Vietnamese writes one syllable per word, and a syllable has a strict shape
(onset, vowel nucleus, coda); most syllables carry a tone or a vowel mark. A page whose
words mostly fail the shape, or almost never carry a mark, is not Vietnamese text.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

# Tone marks (grave, acute, hook, tilde, dot below); the vowel marks (breve, circumflex,
# horn) and đ stay part of the letter.
TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
NUCLEUS = r"[aăâeêioôơuưy]{1,3}"
CODA = r"(?:ch|ng|nh|[cmnpt])?"
SYLLABLE = re.compile(rf"^{ONSET}{NUCLEUS}{CODA}$")
WORD = re.compile(r"\S+")
MARKED = set("ăâêôơưđ")
MIN_WORDS = 40  # fewer words than this: too little to judge (a cover page, a table)
SAMPLE_WORDS = 200  # a page's first words tell as well as all of them
MIN_SYLLABLES = 0.6  # share of words that are syllables in real text: 0.85 and more
MIN_MARKED = 0.2  # share of syllables with a mark in real text: about 0.7


@functools.lru_cache(maxsize=8192)  # a page repeats its words: normalize each once
def _bare(word: str) -> tuple[str, bool]:
    """The word in lower case without its tone, and whether it carried a tone or a mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    toned = any(c in TONES for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return bare, toned or any(c in MARKED for c in bare)


def text_quality(text: str) -> tuple[int, float, float]:
    """(words judged, share that are Vietnamese syllables, share of those with a mark).
    Words are stripped of punctuation; numbers, symbols and all-capital abbreviations of
    up to five letters ("UBND", "PCI") are not judged."""
    judged = syllables = marked = 0
    for found in itertools.islice(WORD.finditer(text), SAMPLE_WORDS):
        verdict = _judge(found.group())
        if verdict is None:
            continue
        judged += 1
        syllables += verdict[0]
        marked += verdict[1]
    if not judged:
        return 0, 1.0, 1.0
    return judged, syllables / judged, (marked / syllables if syllables else 0.0)


@functools.lru_cache(maxsize=8192)  # a page repeats its words: judge each once
def _judge(raw: str) -> tuple[bool, bool] | None:
    """(a syllable, a syllable with a mark) for a word of text, None for one not judged."""
    word = raw.strip(".,;:!?()[]{}\"'“”‘’«»-–—…/%")
    if not word or not any(c.isalpha() for c in word):
        return None
    if word.isupper() and len(word) <= 5 and word.isalpha():
        return None  # an abbreviation
    bare, has_mark = _bare(word)
    syllable = bool(SYLLABLE.match(bare))
    return syllable, syllable and has_mark


def not_vietnamese(text: str) -> bool:
    """True when the text is long enough to judge and is not Vietnamese text."""
    judged, syllable_share, marked_share = text_quality(text)
    return judged >= MIN_WORDS and (syllable_share < MIN_SYLLABLES or marked_share < MIN_MARKED)
