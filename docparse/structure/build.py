"""Structure: laid-out lines -> the typed Document (metadata, sections, footnotes, annexes)."""

from __future__ import annotations

import itertools
import re

from docparse.ingest.lines import Line
from docparse.layout.model import LaidOut, RawFootnote, join_line_texts
from docparse.layout.text_layout import is_wrapped
from docparse.model import (
    Annex,
    Document,
    Footnote,
    FootnoteAnchor,
    Metadata,
    Paragraph,
    Section,
    Source,
)
from docparse.structure.attachments import (
    ATTACHED_CUE,
    attached_starts,
    attached_type,
    header_start,
    is_annex_head,
    leading_type,
)
from docparse.structure.blocks import Block, build_blocks, page_boxes
from docparse.structure.footnotes import find_glued_markers
from docparse.structure.labels import find_label, heading_title
from docparse.structure.metadata import (
    AUTHORITY,
    DISPATCH_TO,
    KINH_GUI,
    MOTTO,
    NUMBER_LINE,
    PLACE_DATE,
    RECIPIENTS_HEAD,
    SEPARATOR,
    clean_recipient,
    is_upper,
    known_phrase,
    parse_header,
    parse_tail,
    rejoin_header,
    squash,
    type_word,
)

OPENING_CUE = re.compile(
    r"^(Căn cứ|Thực hiện|Triển khai|Trong|Để|Theo|Nhằm|Qua|Sau|Xét|Trên cơ sở|Kính gửi|Năm"
    r"|Ngày|Tại|Sáng|Chiều|Vừa qua|Thời gian qua)\b"
)
SUBJECT = re.compile(r"^\s*V/v\.?\s*:?\s*", re.I)
# A "V/v" summary set in the narrow header column can wrap over five or six lines.
SUBJECT_LINES = 7
HEAD_SCAN = 40  # the type word sits within the first lines of page 1


def build_document(laid: LaidOut, source: Source) -> Document:
    """The document, and every document attached after its signature, nested in it."""
    lines = [ln for ln in laid.lines if ln.text.strip()]
    for line in lines:
        if line.ocr and (phrase := known_phrase(line.text)) is not None:
            line.text = phrase  # "PHO CHỦ TỊCH": OCR's diacritics on a fixed phrase
    geometry = laid.format == "pdf"
    wrapped = _is_wrapped(lines, geometry)
    anchors: dict[int, dict[int, list[FootnoteAnchor]]] = {}
    numbers = [(fn.number, next((ln.page for ln in fn.lines if ln.page), None))
               for fn in laid.footnotes]
    doc = _build(lines, source, geometry, wrapped, anchors, numbers)
    doc.warnings = list(laid.warnings)
    _place_footnotes(doc, laid, anchors)
    return doc


def _build(
    lines: list[Line], source: Source, geometry: bool, wrapped: bool,
    anchors: dict[int, dict[int, list[FootnoteAnchor]]], numbers: list[tuple[int, int | None]],
) -> Document:
    """One document from its lines: header, title, body, signature, annexes, and the
    documents attached after it (each built the same way). `anchors` collects each
    document's footnote anchors, by the id() of the document."""
    lines = rejoin_header(lines, HEAD_SCAN)
    meta = Metadata()
    type_at = _find_type_line(lines)
    head = lines[:type_at] if type_at is not None else []
    body_start = 0
    if type_at is not None:
        fused = leading_type(lines[type_at].text) if not type_word(lines[type_at].text) else None
        name, code = type_word(lines[type_at].text) or (fused[:2] if fused else (None, None))
        meta.doc_type, meta.doc_type_code = name, code
        title_end = _title_end(lines, type_at, geometry, wrapped)
        title = [ln.text for ln in lines[type_at + 1 : title_end]]
        meta.title = join_line_texts([fused[2], *title] if fused else title) or None
        body_start = title_end
        meta.attached_by, body_start = _attached_by(lines, body_start)
    else:
        # No type line (a Công văn, or text without its header): header lines are the ones
        # with the number or the place/date; the body starts after the last of them.
        subject: list[str] = []
        for index, line in enumerate(lines[:HEAD_SCAN]):
            text = squash(line.text)
            if KINH_GUI.match(text) or (index > body_start and OPENING_CUE.match(text)):
                break  # the addressees or the body: the header is behind
            date = PLACE_DATE.search(text)
            # A place is a name ("Lâm Đồng"): "... ký hiệu, ngày tháng năm ban hành" is not.
            if NUMBER_LINE.match(text) or (date and date.group("place")[:1].isupper()):
                body_start = index + 1
            elif SUBJECT.match(text):
                # "V/v ..." under the number: the summary of a Công văn, maybe wrapped.
                subject = [SUBJECT.sub("", text)]
                body_start = index + 1
                for follow in lines[index + 1 : index + 1 + SUBJECT_LINES]:
                    follow_text = squash(follow.text)
                    if (KINH_GUI.match(follow_text) or PLACE_DATE.search(follow_text)
                            or NUMBER_LINE.match(follow_text) or MOTTO.search(follow_text)
                            or OPENING_CUE.match(follow_text) or follow.column == "right"
                            or (line.column is not None and follow.column != line.column)
                            or (not follow.bold and line.bold)):
                        break
                    subject.append(follow_text)
                    body_start += 1
        head = lines[:body_start]
        if subject:
            meta.title = join_line_texts(subject)
            meta.doc_type = "Công văn"
    while body_start < len(lines) and SEPARATOR.match(lines[body_start].text):
        body_start += 1
    meta.addressees, body_start = _addressees(lines, body_start)
    parse_header(head, meta)
    body_end, annex_start = _body_end(lines, body_start)
    attached = attached_starts(lines, body_end)
    own_end = attached[0] if attached else len(lines)
    annex_start = min(annex_start, own_end)
    parse_tail(lines[body_end:annex_start], meta)
    body_lines = [ln for ln in lines[body_start:body_end] if not SEPARATOR.match(ln.text)]
    blocks = build_blocks(body_lines, geometry=geometry, wrapped=wrapped)
    find_glued_markers(blocks, _on_pages(numbers, lines[:own_end]))
    doc = Document(source=source, metadata=meta)
    own = anchors.setdefault(id(doc), {})
    own.update(_build_sections(doc, blocks))
    doc.annexes = _build_annexes(lines[annex_start:own_end], geometry, wrapped, own)
    for start, end in itertools.pairwise([*attached, len(lines)]):
        part = _build(lines[start:end], source, geometry, wrapped, anchors, numbers)
        part.pages = sorted({ln.page for ln in lines[start:end] if ln.page})
        doc.attachments.append(part)
    return doc


def _on_pages(numbers: list[tuple[int, int | None]], lines: list[Line]) -> list[int]:
    """The footnote numbers whose text stands on these lines' pages (or the page after, where
    Word pushes a footnote whose anchor ends a page): a document attached to another has its
    own footnotes, and looking for the others' markers in its text costs a scan each."""
    pages = [ln.page for ln in lines if ln.page]
    if not pages:
        return [number for number, _ in numbers]
    first, last = min(pages), max(pages) + 1
    return [number for number, page in numbers if page is None or first <= page <= last]


def _attached_by(lines: list[Line], start: int) -> tuple[str | None, int]:
    """An attached document's "(Ban hành kèm theo Quyết định số ...)" under its title, read
    over the lines it wraps to; where the body starts after it."""
    if start >= len(lines) or not ATTACHED_CUE.match(lines[start].text):
        return None, start
    parts: list[str] = []
    end = start
    while end < len(lines) and len(parts) < 4:
        parts.append(lines[end].text)
        end += 1
        if ")" in lines[end - 1].text:
            break
    text = join_line_texts(parts).strip()
    return text.strip("() ").strip() or None, end


def _place_footnotes(
    doc: Document, laid: LaidOut, anchors: dict[int, dict[int, list[FootnoteAnchor]]]
) -> None:
    """Each footnote goes to the document whose text carries its marker; one with no
    marker found goes to the document on whose pages it stands."""
    docs = [doc, *_attached_docs(doc)]
    for raw in laid.footnotes:
        owners = [d for d in docs if raw.number in anchors.get(id(d), {})]
        if not owners:
            page = next((ln.page for ln in raw.lines if ln.page), None)
            owners = [d for d in docs[1:] if page and d.pages and d.pages[0] <= page] or [doc]
        owner = owners[-1] if not any(raw.number in anchors.get(id(d), {}) for d in docs) \
            else owners[0]
        owner.footnotes.append(_footnote(raw, anchors.get(id(owner), {})))


def _attached_docs(doc: Document) -> list[Document]:
    return [d for part in doc.attachments for d in (part, *_attached_docs(part))]


def _addressees(lines: list[Line], start: int) -> tuple[list[str], int]:
    """"Kính gửi:" (or a dispatch's "... điện:") and its addressees at `start` (they belong
    to the header, not the body): the addressees and where the body starts."""
    if start >= len(lines):
        return [], start
    dispatch = DISPATCH_TO.match(lines[start].text)
    if dispatch and is_upper(dispatch.group("sender")):
        inline = lines[start].text[dispatch.end() :].strip()
    elif KINH_GUI.match(lines[start].text):
        inline = KINH_GUI.sub("", lines[start].text).strip()
    else:
        return [], start
    found = [inline] if inline else []
    end = start + 1
    while end < len(lines) and MOTTO.search(lines[end].text):
        end += 1  # the motto's second line, read into the list (pdftotext)
    if not inline and end < len(lines) and _single_addressee(lines[end].text):
        found.append(lines[end].text)  # "Kính gửi:" / "Sở Tài chính."
        end += 1
    while end < len(lines):
        text = lines[end].text.strip()
        if MOTTO.search(text):  # the motto read into the list (pdftotext)
            end += 1
        elif text.startswith("-"):
            found.append(text)
            end += 1
        elif found and _continues_addressee(found[-1], lines[end], lines[end - 1]):
            found[-1] += " " + text  # "- Các Sở, ngành: Công Thương, Nội vụ, Công" / "an tỉnh"
            end += 1
        else:
            break
    return [a for a in (clean_recipient(x) for x in found) if a], end


def _continues_addressee(last: str, line: Line, above: Line) -> bool:
    """A wrapped addressee: the one above is unfinished (no ";" or "." yet) and this line
    starts where the list's text does, not at the body's indent."""
    if re.search(r"[;.]\s*$", last) or OPENING_CUE.match(line.text.strip()):
        return False
    if line.bbox is None or above.bbox is None:
        return line.text.strip()[:1].islower()
    return abs(line.bbox[0] - above.bbox[0]) <= 12 and line.page == above.page


def _single_addressee(text: str) -> bool:
    """A lone addressee under an empty "Kính gửi:" line: short, not a dash item, not the
    opening of the body ("Thực hiện ...", "Căn cứ ...")."""
    text = text.strip()
    return (bool(text) and not text.startswith("-") and len(text.split()) <= 12
            and not OPENING_CUE.match(text))


def _is_wrapped(lines: list[Line], geometry: bool) -> bool:
    return geometry or is_wrapped([ln.text for ln in lines])


def _find_type_line(lines: list[Line]) -> int | None:
    """The type word's line: alone ("KẾ HOẠCH"), or opening the title's first line in upper
    case ("QUYẾT ĐỊNH CHẤP THUẬN CHỦ TRƯƠNG ĐẦU TƯ") where no line holds it alone."""
    for index, line in enumerate(lines[:HEAD_SCAN]):
        if type_word(line.text):
            return index
    for index, line in enumerate(lines[:HEAD_SCAN]):
        if line.column is None and is_upper(line.text) and leading_type(line.text):
            return index
    return None


def _title_end(lines: list[Line], type_at: int, geometry: bool, wrapped: bool) -> int:
    end = type_at + 1
    if end >= len(lines):
        return end
    end += 1  # the first line after the type word is always the title
    while end < len(lines) and end - type_at <= 5:
        line, prev = lines[end], lines[end - 1]
        text = line.text.strip()
        if (SEPARATOR.match(text) or find_label(text) or OPENING_CUE.match(text)
                or ATTACHED_CUE.match(text)):
            break
        if not geometry and text[:1].islower():
            end += 1  # a title line starting in lower case goes on the one above
            continue
        if is_upper(text) and not is_upper(prev.text):
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...": who decides, under a decision's title
        if geometry:
            # OCR gives no bold: a title line then goes on unless set apart or indented.
            styled = line.centered or line.bold or (line.ocr and not line.indented)
            if not styled or line.gap_before:
                break
        elif not wrapped:
            break  # one paragraph per line: a title line in upper case starts something new
        elif (line.indented and line.full is not False) or re.search(r"[.;:]\s*$", prev.text):
            break  # (a short indented line is a centred title line, not a paragraph's first)
        end += 1
    return end


def _body_end(lines: list[Line], start: int) -> tuple[int, int]:
    """Where the body ends (the signature or "Nơi nhận:") and where the annexes start."""
    end = len(lines)
    for index in range(start, len(lines)):
        text = squash(lines[index].text)
        if RECIPIENTS_HEAD.match(text) or (AUTHORITY.match(text) and is_upper(text)):
            end = index
            # The signature column can start a little above "Nơi nhận:" ("BỘ TRƯỞNG" of a
            # minister who signs in his own name): its lines belong to the tail.
            while end > start and lines[end - 1].column == "right" and is_upper(
                    lines[end - 1].text) and lines[end - 1].page == lines[index].page:
                end -= 1
            break
        # No signature read (an image, OCR): an annex or an attached document ends it.
        if _cued_annex(lines, index):
            return index, index
        if attached_type(lines, index) and not (index and is_annex_head(lines[index - 1])):
            return header_start(lines, index, start), len(lines)
    annex = len(lines)
    for index in range(end, len(lines)):
        if is_annex_head(lines[index]):
            annex = index
            break
    return end, annex


def _cued_annex(lines: list[Line], index: int) -> bool:
    """"PHỤ LỤC" with "(Kèm theo Kế hoạch số ...)" under it: an annex wherever it stands."""
    return is_annex_head(lines[index]) and any(
        ATTACHED_CUE.match(ln.text) for ln in lines[index + 1 : index + 4])


def _paragraph(block: Block, pid: str) -> Paragraph:
    boxes = block.boxes
    return Paragraph(
        id=pid,
        text=block.text,
        pages=block.pages,
        bbox=boxes[0].bbox if boxes else None,
        boxes=boxes,
        cells=block.cells,
    )


def _anchored_paragraph(
    block: Block, pid: str, anchors: dict[int, list[FootnoteAnchor]]
) -> Paragraph:
    """The block as a paragraph; its footnote markers are added to `anchors`."""
    for marker in block.markers:
        anchors.setdefault(marker.number, []).append(
            FootnoteAnchor(paragraph_id=pid, offset=marker.offset)
        )
    return _paragraph(block, pid)


def _build_sections(doc: Document, blocks: list[Block]) -> dict[int, list[FootnoteAnchor]]:
    """Blocks -> preamble and section tree; returns footnote anchors by footnote number."""
    anchors: dict[int, list[FootnoteAnchor]] = {}
    paragraphs = [_anchored_paragraph(block, f"p{counter}", anchors)
                  for counter, block in enumerate(blocks, start=1)]
    doc.preamble, doc.sections = section_tree(paragraphs)
    return anchors


def section_tree(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Section]]:
    """Paragraphs -> (those before the first heading, the section tree): headings are the
    paragraphs that open with a label ("II.", "2.1.", "a)", "-")."""
    preamble: list[Paragraph] = []
    roots: list[Section] = []
    stack: list[tuple[float, Section]] = []
    count = 0
    for paragraph in paragraphs:
        # A table row is a row, whatever its first cell says ("I. | Hàng ăn | 115,18").
        label = find_label(paragraph.text) if paragraph.cells is None else None
        if label is None:
            (stack[-1][1].paragraphs if stack else preamble).append(paragraph)
            continue
        while stack and stack[-1][0] >= label.rank:
            stack.pop()
        count += 1
        section = Section(
            id=f"s{count}",
            label=label.label,
            kind=label.kind,  # type: ignore[arg-type]
            level=len(stack) + 1,
            title=heading_title(paragraph.text[label.end :]),
            heading=paragraph,
        )
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((label.rank, section))
    return preamble, roots


def statement(section: Section) -> str:
    """All the heading block says after its label: the title and, for a run-in heading
    ("Đơn vị chủ trì: Sở Tài chính."), the text after its colon."""
    label = find_label(section.heading.text)
    return section.heading.text[label.end :].strip() if label else section.title


def _footnote(raw: RawFootnote, anchors: dict[int, list[FootnoteAnchor]]) -> Footnote:
    boxes = page_boxes(raw.lines)
    return Footnote(
        id=f"fn{raw.number}",
        number=raw.number,
        text=raw.text,
        pages=[b.page for b in boxes] or sorted({ln.page for ln in raw.lines if ln.page}),
        bbox=boxes[0].bbox if boxes else None,
        boxes=boxes,
        anchors=anchors.get(raw.number, []),
    )


def _build_annexes(
    lines: list[Line], geometry: bool, wrapped: bool,
    anchors: dict[int, list[FootnoteAnchor]],
) -> list[Annex]:
    """Annexes (each from its PHỤ LỤC head); footnote markers in their paragraphs are added
    to `anchors`."""
    groups: list[list[Line]] = []
    for line in lines:
        # "PHỤ LỤC" then "PHỤ LỤC I" (its numbered label) is one annex, not two.
        just_labelled = bool(groups) and len(groups[-1]) == 1
        if (is_annex_head(line) and not just_labelled) or not groups:
            groups.append([])
        groups[-1].append(line)
    annexes: list[Annex] = []
    for number, group in enumerate(groups, start=1):
        label = squash(group[0].text)
        rest = group[1:]
        title_lines = []
        while rest and is_upper(rest[0].text) and len(title_lines) < 3:
            title_lines.append(rest.pop(0).text)
        blocks = build_blocks(rest, geometry=geometry, wrapped=wrapped) if rest else []
        annexes.append(
            Annex(
                id=f"a{number}",
                label=label,
                title=join_line_texts(title_lines) or None,
                pages=sorted({ln.page for ln in group if ln.page}),
                paragraphs=[_anchored_paragraph(b, f"a{number}p{i}", anchors)
                            for i, b in enumerate(blocks, 1)],
            )
        )
    return annexes
