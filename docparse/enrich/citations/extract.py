"""Find citations in text and fill a document's `citations`.

`find_citations` runs the grammar (grammar.py) over one text and returns
`Mention`s with offsets into that text; `extract_citations` walks a Document's
body blocks (headings included) and footnotes, and turns mentions into
`Citation`s with their location. A malformed mention yields a lower-confidence
record or none; no input makes either function raise.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

import regex

from docparse.enrich.blocks import text_blocks
from docparse.enrich.citations.abbreviations import expand, find_abbreviations
from docparse.enrich.citations.grammar import (
    ANCHOR,
    ANCHOR_LOOKAHEAD,
    ANCHOR_LOOKBEHIND,
    CITATION,
    DATED_OPENING,
    SENTENCE_END,
    WORD_START,
)
from docparse.enrich.citations.keys import (
    Form,
    canonical_law_name,
    citation_key,
    document_key,
    fold_lookalikes,
    infer_issuer,
    iso_date,
    law_years,
    normalize_number,
    sentence_case,
    split_symbol,
    type_for_code,
    types_data,
)
from docparse.enrich.citations.relations import assign_relations
from docparse.model import Citation, Document, Location, Metadata, Relation

TypeSource = Literal["word", "list", "code", "none"]


@dataclass
class Mention:
    """One mention of a document in a text, with offsets into that text."""

    start: int
    end: int
    raw: str
    form: Form
    type: str | None
    number: str | None
    date: str | None
    year: int | None
    issuer: str | None
    issuer_inferred: bool
    name: str | None
    pinpoint: str | None
    key: str
    confidence: float
    relation: Relation = "refers"
    type_source: TypeSource = "none"
    # Where the words before the mention start (a pinpoint "Phụ lục 2, kèm theo"
    # or a list head "Các Báo cáo:" outside raw): cues are looked for before it.
    context_start: int = -1

    def __post_init__(self) -> None:
        if self.context_start < 0:
            self.context_start = self.start


def find_citations(
    text: str, *, abbreviations: dict[str, str] | None = None
) -> list[Mention]:
    """Every citation in `text`, in order; spans index into `text` as given."""
    if not isinstance(text, str) or not text:
        return []
    norm, origin = _normalized(text)
    mentions: list[Mention] = []
    for match in _matches(norm):
        mention = _mention(match, abbreviations)
        if mention is not None:
            mentions.append(mention)
    _inherit_list_types(norm, mentions)
    _date_from_opening(norm, mentions)
    assign_relations(norm, mentions)
    if origin is not None:
        for mention in mentions:
            mention.start, mention.end = origin[mention.start], origin[mention.end]
            mention.context_start = origin[mention.context_start]
            mention.raw = text[mention.start : mention.end]
    return mentions


def _matches(text: str) -> list[regex.Match[str]]:
    """CITATION matches in text order, tried only around anchors (see grammar.ANCHOR).

    For each anchor, CITATION is tried at the word starts from a little before
    it up to the anchor itself; the leftmost success wins, as `search` would
    pick, but without scanning the text after the anchor.
    """
    found: list[regex.Match[str]] = []
    pos = 0
    for anchor in ANCHOR.finditer(text):
        if anchor.start() < pos:
            continue  # inside the previous citation
        low = max(pos, anchor.start() - ANCHOR_LOOKBEHIND)
        high = min(len(text), anchor.end() + ANCHOR_LOOKAHEAD)
        match = None
        for start in WORD_START.finditer(text, low, anchor.end()):
            if start.start() > anchor.start():
                break
            match = CITATION.match(text, start.start(), high)
            if match is not None:
                break
        if match is None:
            pos = anchor.start() + 1  # those starts failed: never try them again
        else:
            found.append(match)
            pos = match.end()
    return found


def _normalized(text: str) -> tuple[str, list[int] | None]:
    """NFC text with look-alikes folded, and (if NFC changed it) offsets back."""
    if unicodedata.is_normalized("NFC", text):
        return fold_lookalikes(text), None
    pieces: list[str] = []
    origin: list[int] = []
    for cluster in regex.finditer(r"\X", text):
        nfc = unicodedata.normalize("NFC", cluster.group())
        pieces.append(nfc)
        origin.extend([cluster.start()] * len(nfc))
    origin.append(len(text))
    return fold_lookalikes("".join(pieces)), origin


def _mention(m: regex.Match[str], abbreviations: dict[str, str] | None) -> Mention | None:
    symbol, type_text, name = m.group("symbol"), m.group("type"), m.group("name")
    list_type = m.group("list_type")
    confidence = 1.0
    number = normalize_number(symbol) if symbol else None
    parts = split_symbol(number) if number else None
    form: Form = parts.form if parts else "named"
    if parts and not type_text and not m.group("so"):
        # A bare symbol is a citation only when its shape is unmistakable.
        if form == "admin" and not parts.issuer_codes[1:] and parts.type_code is None:
            return None
        confidence = 0.75
    elif m.group("so") and not type_text:
        confidence = 0.9
    if symbol and any(ch.isspace() for ch in symbol):
        confidence -= 0.05  # a symbol broken by a space or line break

    date = year = None
    if m.group("date_part"):
        date = iso_date(m.group("day"), m.group("month"), m.group("year"))
        if date is None:
            confidence -= 0.2  # "31/2/2025": keep the mention, drop the date
        else:
            year = int(date[:4])
    if year is None and parts and parts.year:
        year = parts.year
    end = m.end()
    law_year = m.group("law_year")
    if law_year and name and not _law_year_fits(name, law_year, abbreviations):
        # "kết quả thực hiện Luật THTK, CLP năm 2024": the year is the sentence's.
        end = m.end("name")
    elif year is None and law_year:
        year = int(law_year)

    type_word = sentence_case(type_text) if type_text else None
    source: TypeSource = "word" if type_word else "none"
    if type_word and parts and parts.type_code and not _compatible(type_word, number):
        confidence -= 0.15  # "Kế hoạch số 12/QĐ-UBND": the word and the code disagree
    if list_type:
        type_word, source = sentence_case(list_type), "list"
    if type_word is None and parts and (parts.type_code or form == "admin"):
        # No code at all names a Công văn only in the administrative form;
        # "74/2022/QH15" alone could be a law or a resolution.
        type_word = type_for_code(parts.type_code)
        source = "code" if type_word else "none"
    if type_word is None:
        confidence -= 0.2

    full_name = None
    if name:
        expanded, known = expand(" ".join(name.split()), abbreviations)
        # A known law written in other letter case ("Luật xử lý vi phạm hành chính") is
        # that law, under its own name.
        expanded = canonical_law_name(expanded)
        full_name = f"{type_word} {expanded}"
        if not known:
            confidence -= 0.15
    elif form == "named":
        full_name = type_word  # "Hiến pháp năm 2013"

    issuer, inferred = m.group("issuer"), False
    if issuer:
        issuer = " ".join(issuer.split())
    elif parts:
        issuer = infer_issuer(parts)
        inferred = issuer is not None

    pinpoint = m.group("pinpoint")
    start = m.start()
    if list_type:
        start = m.start("so")
    elif pinpoint and m.group("pinpoint_link"):
        start = m.start("core")
    return Mention(
        start=start,
        end=end,
        raw=m.string[start:end],
        context_start=m.start(),
        form=form,
        type=type_word,
        number=number,
        date=date,
        year=year,
        issuer=issuer,
        issuer_inferred=inferred,
        name=full_name,
        pinpoint=" ".join(pinpoint.split()) if pinpoint else None,
        key=citation_key(form, number, year, full_name),
        confidence=round(max(confidence, 0.1), 2),
        type_source=source,
    )


def _law_year_fits(name: str, year: str, abbreviations: dict[str, str] | None) -> bool:
    """A year after a known law's name is the law's only if the law was enacted then."""
    expanded, _ = expand(" ".join(name.split()), abbreviations)
    known = law_years().get(expanded) or law_years().get(expanded[:1].lower() + expanded[1:])
    return not known or int(year) in known


def _compatible(type_word: str, number: str | None) -> bool:
    """Whether a written type ("Thông báo kết luận") can name a symbol's type code."""
    if number is None:
        return False
    code = split_symbol(number).type_code
    written = f" {type_word.lower()} "
    return any(
        code in entry["codes"]
        for word, entry in types_data()["words"].items()
        if f" {word.lower()} " in written
    )


def _date_from_opening(text: str, mentions: list[Mention]) -> None:
    """The first mention after a clause "ngày <date>, <who> ban hành ..." takes that date
    when it states none itself (raw stays the mention)."""
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    previous_end = 0
    for mention in mentions:
        sentence_start = starts[bisect_right(starts, mention.start) - 1]
        lead_start = max(sentence_start, previous_end)
        previous_end = mention.end
        if mention.date or mention.form not in ("admin", "legal", "party"):
            continue
        lead = text[lead_start : mention.start]
        clause = max(lead.rfind("ngày"), lead.rfind("Ngày"))
        if clause < 0:
            continue
        opening = DATED_OPENING.search(lead, clause)
        if opening is None:
            continue
        day, month, year = (int(opening.group(k)) for k in ("day", "month", "year"))
        mention.date = f"{year:04d}-{month:02d}-{day:02d}"
        if mention.form == "admin":
            mention.year = year
            mention.key = citation_key(mention.form, mention.number, year, mention.name)


def _inherit_list_types(text: str, mentions: list[Mention]) -> None:
    """Items of a list sharing one type word take it ("Các Báo cáo: số 649/...; số 69/...")."""
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    for i, mention in enumerate(mentions):
        if mention.type_source == "word" or mention.form == "named":
            continue
        sentence_start = starts[bisect_right(starts, mention.start) - 1]
        for j in range(i - 1, -1, -1):
            previous = mentions[j]
            if previous.start < sentence_start:
                break
            if previous.type_source in ("word", "list") and previous.type and _compatible(
                previous.type, mention.number
            ):
                mention.type, mention.type_source = previous.type, "list"
                break


# --- documents -------------------------------------------------------------------


def _own_number(metadata: Metadata) -> tuple[str | None, int | None]:
    """The document's own normalized number and year, to exclude self-mentions."""
    key = document_key(metadata.number, metadata.symbol, metadata.date)
    if key is None:
        return None, None
    number = key.split("@")[0]
    year = int(metadata.date[:4]) if metadata.date and metadata.date[:4].isdigit() else None
    return number, year


def _is_self(mention: Mention, own: tuple[str | None, int | None]) -> bool:
    number, year = own
    if number is None or mention.number != number:
        return False
    # Administrative numbers restart yearly: same number, other year = other document.
    return not (mention.form == "admin" and year and mention.year and mention.year != year)


def extract_citations(doc: Document) -> list[Citation]:
    """All citations of a document: body blocks (headings included), then footnotes."""
    blocks = text_blocks(doc)
    abbreviations = find_abbreviations([b.text for b in blocks])
    own = _own_number(doc.metadata)
    out: list[Citation] = []

    def emit(mention: Mention, location: Location, in_footnote: bool) -> None:
        if _is_self(mention, own):
            return
        out.append(
            Citation(
                id=f"c{len(out) + 1}",
                raw=mention.raw,
                span=(mention.start, mention.end),
                location=location,
                type=mention.type,
                number=mention.number,
                date=mention.date,
                issuer=mention.issuer,
                issuer_inferred=mention.issuer_inferred,
                name=mention.name,
                year=mention.year,
                pinpoint=mention.pinpoint,
                relation=mention.relation,
                in_footnote=in_footnote,
                key=mention.key,
                confidence=mention.confidence,
            )
        )

    for block in blocks:
        in_footnote = block.location.kind == "footnote"
        for mention in find_citations(block.text, abbreviations=abbreviations):
            emit(mention, block.location, in_footnote=in_footnote)
    return out
