"""Registered spaCy components around the statistical NER.

`docparse_rules` runs the rule grammar (rules.py) and the gazetteer
(data/gazetteer.txt) over the Doc's text. It runs twice: in phase "pre",
before `ner`, it sets the formulaic entities (dates, bodies named by level and
place, people after a form of address) and the NER respects them; in phase
"post", after `ner`, it only fills gaps with places (level + name, border
gates, provinces and countries from the gazetteer), so that a longer name the
model found ("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn") is not
cut up by a place rule.

The rules match characters, not tokens: underthesea's word boundaries vary
with context, so token patterns (spaCy's EntityRuler) would miss names the
segmenter happened to split differently. Matches are snapped to tokens with
`char_span(alignment_mode="expand")`.

`docparse_entity_fixes` then joins an office to the body it heads into a
TITLE ("Chủ tịch" + ORG "UBND tỉnh" -> "Chủ tịch UBND tỉnh") and drops
predictions that cannot be names (lowercase ORG/PER/TITLE, bare function
words, generic plurals).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from docparse.enrich.entities.rules import CAP, TITLE_HEAD, rule_matches

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer.txt"
PRE_LABELS = ("DATE", "ORG", "TITLE", "PER")
POST_LABELS = ("LOC",)

_TITLE_BEFORE = re.compile(rf"(?:^|(?<=[\s(,;:]))(?:nguyên\s)?(?P<title>{TITLE_HEAD})\s$")
_GENERIC_BEFORE = re.compile(r"\b(?:các|những|mỗi|từng)\s$")
# Names never start with a document type, a table or a road ("Luật Phòng,
# chống tham nhũng" is a citation, "Quốc lộ 4A" and "Km45" are roads).
_NOT_A_NAME = re.compile(
    r"^(?:Luật|Bộ luật|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Báo cáo|"
    r"Công văn|Văn bản|Thông báo|Chương trình|Đề án|Dự án|Biểu|Phụ lục|Chuyên mục|Chiến lược|"
    r"Quốc lộ|Tỉnh lộ|Đường|QL|Km\d+|Điều|Khoản|Chương|Mục)\b"
)
# Bodies of a whole level are generic ("UBND cấp xã", "Ủy ban MTTQ cùng cấp").
_GENERIC_LEVEL = re.compile(r"\b(?:cấp (?:xã|huyện)|các cấp|cùng cấp)\b")
# "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn": a name may end in "- <province>".
_DASH_PLACE = re.compile(r"^\s[-–]\s(?P<place>[^\W\d_]+(?: [^\W\d_]+){0,2})(?![\w])")
# An ORG span that starts with an office (the segmenter glued "Tổng Thanh tra"
# into one word, so the span grew to the left) is a title.
_TITLE_INSIDE = re.compile(rf"(?:{TITLE_HEAD})\s{CAP}")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, pattern) per label: whole-word alternations of the listed names."""
    names: dict[str, list[str]] = {}
    for line in GAZETTEER.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, name, *rest = line.split("\t")
        # An optional third column lists words that must not follow the name
        # ("Đảng" is the Party, "Đảng bộ" / "Đảng ủy" are committees).
        guard = rf"(?!\s(?:{rest[0]})\b)" if rest and rest[0] else ""
        names.setdefault(label, []).append(re.escape(name) + guard)
    out = []
    for label, items in names.items():
        alternation = "|".join(sorted(items, key=len, reverse=True))
        out.append((label, re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")))
    return tuple(out)


class RuleRecognizer:
    """Sets rule and gazetteer entities of some labels, keeping existing entities."""

    def __init__(self, name: str, phase: str) -> None:
        if phase not in ("pre", "post"):
            raise ValueError(f"docparse_rules phase must be 'pre' or 'post', not {phase!r}")
        self.name = name
        self.phase = phase
        self.labels = PRE_LABELS if phase == "pre" else POST_LABELS

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: list[tuple[int, int, str]] = [m for m in rule_matches(text) if m[2] in self.labels]
        for label, pattern in gazetteer():
            if label in self.labels:
                found.extend((m.start(), m.end(), label) for m in pattern.finditer(text))
        spans = list(doc.ents)
        for start, end, label in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                continue
            inside = [e for e in spans if _overlaps(e, span)]
            # A place rule may replace model guesses it strictly contains ("xã
            # Hoàng Văn Thụ" over a PER "Hoàng Văn Thụ"); otherwise existing
            # entities win.
            if inside and not (
                self.phase == "post"
                and all(e.label_ in ("PER", "LOC") and _contains(span, e) for e in inside)
                and all(len(e.text) < len(span.text) for e in inside)
            ):
                continue
            spans = [e for e in spans if e not in inside] + [span]
        doc.ents = filter_spans(spans)
        return doc


def _overlaps(a: Span, b: Span) -> bool:
    return a.start_char < b.end_char and b.start_char < a.end_char


def _contains(outer: Span, inner: Span) -> bool:
    return outer.start_char <= inner.start_char and inner.end_char <= outer.end_char


@Language.factory(
    "docparse_rules",
    default_config={"phase": "pre"},
    assigns=["doc.ents"],
)
def make_rules(nlp: Language, name: str, phase: str) -> RuleRecognizer:
    return RuleRecognizer(name, phase)


class EntityFixes:
    """Joins offices to the bodies they head and drops impossible names."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        out: list[Span] = []
        places = _province_names()
        for ent in doc.ents:
            before = text[max(0, ent.start_char - 60) : ent.start_char]
            if ent.label_ != "DATE" and _NOT_A_NAME.match(ent.text):
                continue
            if ent.label_ == "PER" and len(ent.text.split()) < 2:
                continue  # a Vietnamese full name has two syllables at least
            if ent.label_ in ("ORG", "TITLE") and _GENERIC_LEVEL.search(ent.text):
                continue
            if ent.label_ == "ORG" and (m := _DASH_PLACE.match(text[ent.end_char :])):
                place = next((p for p in places if m["place"].startswith(p)), None)
                if place:
                    end = ent.end_char + m.start("place") + len(place)
                    span = doc.char_span(ent.start_char, end, label="ORG", alignment_mode="expand")
                    if span is not None:
                        ent = span
            lowercase = not re.match(CAP, ent.text) and ent.text.lower() != "liên hợp quốc"
            if ent.label_ in ("ORG", "PER", "TITLE") and lowercase:
                continue  # "các sở": a lowercase start is not a name
            if ent.label_ in ("ORG", "TITLE") and _GENERIC_BEFORE.search(before):
                continue  # "các Sở": a plural is not one body
            if ent.label_ == "ORG" and _TITLE_INSIDE.match(ent.text):
                out.append(Span(doc, ent.start, ent.end, label="TITLE"))
                continue
            if ent.label_ == "ORG" and (m := _TITLE_BEFORE.search(before)):
                start = ent.start_char - (len(before) - m.start("title"))
                span = doc.char_span(start, ent.end_char, label="TITLE", alignment_mode="expand")
                if span is not None:
                    out.append(span)
                    continue
            out.append(ent)
        doc.ents = filter_spans(out)
        return doc


@lru_cache(maxsize=1)
def _province_names() -> tuple[str, ...]:
    names = []
    for line in GAZETTEER.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] == "LOC":
            names.append(parts[1])
    return tuple(sorted(names, key=len, reverse=True))


@Language.factory("docparse_entity_fixes", assigns=["doc.ents"], requires=["doc.ents"])
def make_fixes(nlp: Language, name: str) -> EntityFixes:
    return EntityFixes(name)
