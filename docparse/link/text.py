"""Text normalisation shared by retrieval, the embedder and its training script.

Plans and reports spell the same word in different ways: NFC or NFD, old-style
tone placement ("hoá", "uỷ") or new ("hóa", "ủy"), abbreviations defined in
each document ("PCTN", "PCTNTC"). Matching works on one canonical form: NFC,
new-style tones, lower case. The training script applies the same function, so
the shipped model sees at run time the text it was trained on.
"""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement on open "oa", "oe", "uy" syllables: the tone moves to
# the first vowel ("hoá" -> "hóa", "thuỷ" -> "thủy"). In NFD the tone is a
# combining mark after its vowel. "qu" + "y" is a consonant + vowel ("quý"), so
# a preceding "q" is left alone; a following letter means a closed syllable
# ("toán", "khoẻn" does not exist) where the tone rightly sits on the second vowel.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_OA = re.compile(rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_])")
_OLD_UY = re.compile(rf"(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_])")
_SPACES = re.compile(r"\s+")


def fold_tones(text: str) -> str:
    """NFC text with new-style tone placement."""
    nfd = unicodedata.normalize("NFD", text)
    nfd = _OLD_OA.sub(r"\1\3\2", nfd)
    nfd = _OLD_UY.sub(r"\1\3\2", nfd)
    return unicodedata.normalize("NFC", nfd)


def canonical(text: str) -> str:
    """The matching form: NFC, new-style tones, lower case, single spaces."""
    return _SPACES.sub(" ", fold_tones(text)).strip().lower()
