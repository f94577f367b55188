"""Abbreviations a document defines ("phòng, chống tham nhũng (PCTN)") and their use.

Documents define an abbreviation once, in parentheses after the phrase, then use
it alone: "Luật PCTN năm 2018" is "Luật Phòng, chống tham nhũng năm 2018". The
phrase is recovered by matching the abbreviation's letters against the initials
of the words before the parenthesis, so no list of phrases is needed; common
abbreviations a document uses without defining come from data/abbreviations.json.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

from docparse.enrich.citations.grammar import (
    ABBREVIATION,
    ABBREVIATION_DEFINITION,
    DEFINITION_REACH,
)
from docparse.enrich.citations.keys import abbreviations_data

_WORD = regex.compile(r"[\p{L}\p{N}]+", regex.V1)
_RUN = regex.compile(rf"{ABBREVIATION}(?:\s*,\s*{ABBREVIATION})*+", regex.V1)
_COMMA = regex.compile(r"\s*,\s*")


def _initial(word: str) -> str:
    """Base capital letter of a word: "Ủy" -> "U", "đầu" -> "Đ" (Đ has no base form)."""
    base = unicodedata.normalize("NFD", word[0])[0]
    return base.upper()


def _letters(abbr: str) -> str:
    return "".join(_initial(ch) for ch in abbr if ch.isalpha())


def find_abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Abbreviation -> phrase (lowercase as written) for every definition in texts."""
    found: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        text = unicodedata.normalize("NFC", text)
        for m in ABBREVIATION_DEFINITION.finditer(text):
            abbr = _COMMA.sub(", ", m["abbr"])
            before = text[max(0, m.start() - DEFINITION_REACH) : m.start()]
            phrase = _phrase_for(abbr, before.split("(")[-1].split(")")[-1])
            if phrase and abbr not in found:
                found[abbr] = phrase
    return found


def _phrase_for(abbr: str, before: str) -> str | None:
    """The words ending `before` whose initials spell `abbr`, or None."""
    wanted = _letters(abbr)
    words = list(_WORD.finditer(before))
    if len(words) < len(wanted):
        return None
    tail = words[len(words) - len(wanted) :]
    if "".join(_initial(w.group()) for w in tail) != wanted:
        return None
    phrase = before[tail[0].start() :].strip()
    # A definition's phrase is ordinary words; a capitalised proper name
    # ("Ủy ban nhân dân (UBND)") keeps its case, others are kept as written.
    return " ".join(phrase.split())


def expand(name: str, defined: dict[str, str] | None = None) -> tuple[str, bool]:
    """Expand abbreviations in a law's name; returns (name, every abbreviation known)."""
    table = {**abbreviations_data(), **(defined or {})}
    complete = True

    def one_run(m: regex.Match[str]) -> str:
        nonlocal complete
        run = _COMMA.sub(", ", m.group())
        if run in table:
            return table[run]
        parts = []
        for token in run.split(", "):
            if token in table:
                parts.append(table[token])
            else:
                complete = False
                parts.append(token)
        return ", ".join(parts)

    expanded = _RUN.sub(one_run, name)
    if _RUN.match(name):  # "PCTN" -> "phòng, chống ..." starts the name: capitalise it
        expanded = expanded[:1].upper() + expanded[1:]
    return expanded, complete
