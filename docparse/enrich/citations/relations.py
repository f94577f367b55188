"""The relation of the citing document to each cited one, from cue words.

Rules (gold/README.md "relation"): the cue governing a mention gives its
relation; items of a list take the list's cue. In practice:
1. a cue directly before the mention (adverbs allowed between) governs it:
   "Thực hiện Kế hoạch số ...", "triển khai thực hiện có hiệu quả Nghị quyết ...",
   "theo quy định tại Điều 10, Luật ..." (refers);
   A weak cue ("tại", "theo") yields to "Căn cứ" opening a clause that is a
   basis statement ("Căn cứ kết quả đánh giá ... tại Công văn số ...;");
2. the first mention of a sentence with no such cue takes the verb of the clause
   that introduces it with a colon ("Triển khai thực hiện các văn bản của cấp
   trên: Nghị quyết ..."), else a cue that opens the sentence ("Quán triệt, tổ
   chức thực hiện ... Chương trình số ..."), unless the documents are ones the
   sentence says were issued ("đã ban hành các văn bản, trong đó có ...");
3. a mention joined to the previous one by a bare separator ("A, ngày ... và B")
   takes the previous one's relation;
4. a mention opening a later list item (after "; ", or ", "/"và" ending a
   subject clause) takes the relation of the sentence's first mention, the
   list's head; a mention nested in another's subject clause ("Kế hoạch ...
   triển khai thực hiện Nghị quyết ...") has its own cue and does not pass it on;
5. anything else refers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

from docparse.enrich.citations.grammar import (
    BASIS_OPENING,
    CUE_ANYWHERE,
    CUE_BEFORE_MENTION,
    ISSUED,
    LIST_INTRODUCED,
    LIST_SEPARATOR,
    SENTENCE_CUE,
    SENTENCE_END,
    TIGHT_SEPARATOR,
    WEAK_CUE,
)
from docparse.model import Relation

# How far back a governing cue may stand from the mention it governs.
_CUE_WINDOW = 120


class _Span(Protocol):
    context_start: int  # where the mention's leading words (pinpoint, list head) start
    end: int
    relation: Relation


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin (0 first)."""
    return [0] + [m.end() for m in SENTENCE_END.finditer(text)]


def _cue(match_groups: dict[str, str | None]) -> Relation:
    for name in ("legal_basis", "implements", "amends", "replaces", "repeals"):
        if match_groups.get(name):
            return name  # type: ignore[return-value]
    return "refers"


def _basis_statement(text: str, begin: int, end: int, sentence_end: int) -> bool:
    """The sentence opens with "Căn cứ" and the clause ends after the mention."""
    if not BASIS_OPENING.match(text, begin, end):
        return False
    semicolon = text.find(";", end, sentence_end)
    clause_end = semicolon if semicolon >= 0 else sentence_end
    return "," not in text[end:clause_end]


def _introduced(text: str, begin: int, start: int) -> Relation:
    """Relation given to a sentence's first mention by the words before it."""
    if LIST_INTRODUCED.search(text, begin, start):
        clause = max(begin, text.rfind(";", begin, start) + 1)
        verbs = [m for m in CUE_ANYWHERE.finditer(text, clause, start) if not m.group("refers")]
        if verbs and not ISSUED.search(text, verbs[-1].end(), start):
            return _cue(verbs[-1].groupdict())
    opening = SENTENCE_CUE.match(text, begin, start)
    if opening and not ISSUED.search(text, opening.end(), start):
        return _cue(opening.groupdict())
    return "refers"


def assign_relations(text: str, mentions: Sequence[_Span]) -> None:
    """Set `relation` on each mention (in text order) from the cues around it."""
    starts = sentence_starts(text)
    head: dict[int, Relation] = {}
    previous: dict[int, _Span] = {}
    for mention in mentions:
        start = mention.context_start
        sentence = bisect_right(starts, start) - 1
        begin = starts[sentence]
        end = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
        before = previous.get(sentence)
        since = max(begin, before.end) if before else begin
        window = text[max(since, start - _CUE_WINDOW) : start]
        direct = CUE_BEFORE_MENTION.search(window)
        if direct:
            relation = _cue(direct.groupdict())
            weak = direct.group("refers")
            if weak and WEAK_CUE.fullmatch(weak) and _basis_statement(
                text, begin, mention.end, end
            ):
                relation = "legal_basis"
        elif before is None:
            relation = _introduced(text, begin, start)
        elif TIGHT_SEPARATOR.fullmatch(text, since, start):
            relation = before.relation
        elif LIST_SEPARATOR.search(text, since, start):
            relation = head[sentence]
        else:
            relation = "refers"
        mention.relation = relation
        head.setdefault(sentence, relation)
        if before is None or mention.end > before.end:
            previous[sentence] = mention
