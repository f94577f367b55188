"""The relation of the citing document to each cited one, from cue words.

Rules (gold/README.md "relation"): the cue governing a mention gives its
relation; items of a list take the list's cue. In practice:
1. a cue directly before the mention (adverbs allowed between) governs it:
   "Thực hiện Kế hoạch số ...", "triển khai thực hiện có hiệu quả Nghị quyết ...",
   "theo quy định tại Điều 10, Luật ..." (refers);
2. the first mention of a sentence with no such cue takes a cue that opens the
   sentence ("Triển khai thực hiện các văn bản của cấp trên: Nghị quyết ...");
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
    CUE_BEFORE_MENTION,
    LIST_SEPARATOR,
    SENTENCE_CUE,
    SENTENCE_END,
    TIGHT_SEPARATOR,
)
from docparse.model import Relation

# How far back a governing cue may stand from the mention it governs.
_CUE_WINDOW = 120


class _Span(Protocol):
    start: int
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


def assign_relations(text: str, mentions: Sequence[_Span]) -> None:
    """Set `relation` on each mention (in text order) from the cues around it."""
    starts = sentence_starts(text)
    head: dict[int, Relation] = {}
    previous: dict[int, _Span] = {}
    for mention in mentions:
        sentence = bisect_right(starts, mention.start) - 1
        begin = starts[sentence]
        before = previous.get(sentence)
        since = max(begin, before.end) if before else begin
        window = text[max(since, mention.start - _CUE_WINDOW) : mention.start]
        direct = CUE_BEFORE_MENTION.search(window)
        if direct:
            relation = _cue(direct.groupdict())
        elif before is None:
            opening = SENTENCE_CUE.match(text, begin, mention.start)
            relation = _cue(opening.groupdict()) if opening else "refers"
        elif TIGHT_SEPARATOR.fullmatch(text, since, mention.start):
            relation = before.relation
        elif LIST_SEPARATOR.search(text, since, mention.start):
            relation = head[sentence]
        else:
            relation = "refers"
        mention.relation = relation
        head.setdefault(sentence, relation)
        if before is None or mention.end > before.end:
            previous[sentence] = mention
