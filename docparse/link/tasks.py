"""The tasks of a plan (Kế hoạch): its actionable items, with who and by when.

Where tasks are (DOMAIN.md, "Plans and reports"):
- the task part, a heading such as "NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG THỰC HIỆN" or
  "NỘI DUNG KẾ HOẠCH": every item at the finest level that has its own content. A
  heading whose children are only its "Thời gian:" / "Cơ quan thực hiện:" lines is
  one task (those lines give its deadline and units, and any other children are
  parts of its text); a heading with other children is not a task, its children are;
- the organisation part ("TỔ CHỨC THỰC HIỆN"): the numbered duties that name a unit
  ("Giao Sở Tài chính: ...", "Các sở, ban, ngành ...: - ..."); a phase description
  ("Lộ trình thực hiện ...") names none and is not a task;
- annexes: rows of a task table ("PHỤ LỤC ... nhiệm vụ"), one per numbered line.

Label paths join the printed labels from the top of the tree ("II.2.a"); a decimal
label replaces its parent's ("4" then "4.1" gives "II.4.1"), and dash or plus items
are numbered among their siblings ("II.3.b.-2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docparse.enrich.citations.keys import plan_types
from docparse.link.deadlines import find_deadline, parse_deadline
from docparse.link.text import fold_tones
from docparse.link.units import (
    BARE_HEADS,
    is_unit_name,
    is_unit_start,
    parse_units,
    split_units,
)
from docparse.model import Annex, Deadline, Document, Location, Paragraph, Section, Task
from docparse.structure.build import section_tree, statement
from docparse.structure.metadata import type_word
from docparse.structure.paths import join_decimal, label_component

_TASK_PART = re.compile(
    r"nhiệm vụ|giải pháp|nội dung (?:thực hiện|kế hoạch|chủ yếu|trọng tâm|cụ thể)"
    r"|^(?:các\s+)?(?:nội dung|hoạt động|công việc)\b|chương trình công tác"
    r"|hoạt động (?:chủ yếu|trọng tâm)"
)
_ORG_PART = re.compile(r"tổ chức thực hiện|trách nhiệm (?:thực hiện|của)|phân công")
_NOT_TASK_PART = re.compile(
    r"mục đích|yêu cầu|mục tiêu|quan điểm|căn cứ|kinh phí|đánh giá|kết quả|tình hình|hạn chế"
    r"|thời gian|địa điểm|thành phần|đối tượng|phạm vi|chế độ (?:thông tin|báo cáo)|hiệu lực"
    r"|khen thưởng|điều khoản|bối cảnh|dự báo|thực trạng|sự cần thiết|đặc điểm"
    r"|danh nghĩa|cơ quan chỉ đạo|chương trình hội nghị|đường dây nóng|liên hệ"
)
# Items that say who runs the whole plan or event, not what is to be done: "Danh nghĩa tổ
# chức: ...", "Cơ quan chỉ đạo: ...", "Đơn vị thường trực: ...".
_RUNS_THE_PLAN = re.compile(
    r"^(?:danh nghĩa(?: tổ chức)?|cơ quan (?:chỉ đạo|thường trực|tổ chức)|đơn vị (?:thường trực"
    r"|tổ chức)|chủ trì hội nghị|chỉ đạo hội nghị|thành phần(?: tham dự| mời)?|địa điểm"
    r"|thời gian(?: tổ chức)?|hình thức(?: tổ chức)?)\s*:", re.IGNORECASE)
# A line of contacts ("Đường dây nóng: 0263.3822.xxx", "Ông A - 0912 345 678"): no task.
_PHONE = re.compile(r"\b0\d{2,3}[.\s]?\d{3}[.\s]?\d{3,4}\b|\b0\d{9}\b")
# Type codes of documents that have tasks (the types marked "plan" in types.json).
_, PLAN_TYPE_CODES = plan_types()
# A directive (Chỉ thị) or an urgent dispatch (Công điện) assigns duties by definition: its
# numbered items are tasks, as a plan's are.
DIRECTIVE_TYPE_CODES = frozenset({"CT", "CĐ"})
LETTER_TYPE_CODES = frozenset({None, "TB"})  # a Công văn has no code
# "Thời gian thực hiện: ...", "Cơ quan chủ trì: ...": lines that describe a task.
_META_KEYS = (
    r"thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành| thực hiện)?"
    r"|tiến độ(?: thực hiện| hoàn thành)?"
    r"|(?:cơ quan|đơn vị)(?: chủ trì| thực hiện| phối hợp| chịu trách nhiệm| đầu mối)"
    r"(?: thực hiện)?|chủ trì(?: thực hiện)?|phối hợp(?: thực hiện)?|thực hiện"
    r"|sản phẩm(?: đầu ra)?|kinh phí(?: thực hiện)?"
)
_META = re.compile(
    rf"^[\s*_]*(?P<key>{_META_KEYS})[\s*_]*:[\s*_]*(?P<value>.*)$", re.IGNORECASE | re.DOTALL
)
# Several of them on one line: "Cơ quan chủ trì: X; cơ quan phối hợp: Y; thời gian: Z".
_NEXT_META = re.compile(rf"\s*[;.]\s+(?=(?:{_META_KEYS})\s*:)", re.IGNORECASE)
# A task statement that opens with its own cadence ("Thường xuyên rà soát ...").
_LEADING_TIME = re.compile(r"^(?P<raw>thường xuyên|hằng năm|hàng năm|hằng quý|hàng quý)\b",
                           re.IGNORECASE)
_REQUEST = re.compile(r"^(?:giao|đề nghị|yêu cầu|trách nhiệm của)\s+", re.IGNORECASE)
# A request that opens a clause after a lead-in ("Trên cơ sở Kế hoạch số ..., đề nghị UBND các
# huyện chỉ đạo ..."; "... Giao Sở Tài chính ...").
_REQUEST_CLAUSE = re.compile(r"(?:^|[,;.:]\s*)(?=(?:giao|đề nghị|yêu cầu)\s)", re.IGNORECASE)
# A step of a timetable: "Trước ngày 10/10/2022: ...", "Từ 10/10 đến 25/11/2022: ...".
_STEP = re.compile(
    r"^(?P<when>(?:trước|từ|đến|chậm nhất|trong)\b[^:]{0,50}?\d[^:]{0,20}):\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Words that start what a unit does: a unit's name ends before them.
_VERBS = (
    r"theo\s+chức năng|căn cứ|có trách nhiệm|chịu trách nhiệm|chủ trì|chủ động|tham mưu"
    r"|thực hiện|tổ chức thực hiện|tổ chức triển khai|tiếp tục|tăng cường|phối hợp|khẩn trương"
    r"|nghiêm túc|định kỳ|thường xuyên|xây dựng|triển khai|rà soát|hướng dẫn|theo dõi|là cơ quan"
    r"|bố trí|đôn đốc|kiểm tra|đề xuất|tổng hợp|báo cáo|giải quyết|xử lý|cung cấp|bảo đảm"
    r"|đảm bảo|trong việc|trong|để|nhằm|chỉ đạo|quán triệt|tuyên truyền|phổ biến|quản lý"
    r"|đẩy mạnh|tập trung|ban hành|hoàn thành|giám sát|nắm bắt|đưa|vận động|kiểm soát|nâng cao"
    r"|phát huy|duy trì|hỗ trợ|chuẩn bị|bổ sung|tiếp nhận|cập nhật|phê duyệt|công khai|đánh giá"
    r"|nghiên cứu|chấn chỉnh|kiện toàn|huy động|tham gia|hoàn thiện|tập huấn|bồi dưỡng|trực tiếp"
)
# Where the subject of a duty ends: its first verb or cue word.
# "tổ chức" is a verb right after a unit's last word ("... các xã, phường tổ chức sơ tán"),
# a noun after "các", "và" or a comma ("các doanh nghiệp, tổ chức, ...").
_SUBJECT_END = re.compile(
    rf"\s+(?:{_VERBS})\b|(?<=\w)(?<!\bcác)(?<!\bvà) tổ chức\b(?! chính trị)|\s*[:;.]")
_PARTNERS = re.compile(
    r"phối hợp(?:\s+với|,\s*hướng dẫn|\s+và hướng dẫn)?\s+(?P<who>.+?)"
    rf"(?=\s+(?:{_VERBS})\b|\s*[:;.]|$)",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^()]*\)")
_ANNEX_ROW = re.compile(r"^\s*(?P<n>\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]\s+(?P<text>\S.*)$")


@dataclass
class _Meta:
    units: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    found: bool = False

    def add_line(self, line: str) -> None:
        """A "key: value" line, possibly several pairs joined by ";"."""
        for piece in _NEXT_META.split(line):
            m = _META.match(piece)
            if m:
                self.add(m["key"], m["value"])

    def add(self, key: str, value: str) -> None:
        self.found = True
        key = fold_tones(key).lower()
        if key.startswith(("thời gian", "thời hạn", "tiến độ")):
            self.deadline = self.deadline or parse_deadline(value)
        elif "phối hợp" in key:
            self.partners.extend(split_units(value))
        elif key.startswith(("cơ quan", "đơn vị", "chủ trì", "thực hiện")):
            leads, partners = parse_units(value)
            self.units.extend(leads)
            self.partners.extend(partners)


def extract_tasks(doc: Document) -> list[Task]:
    """Every task of a plan, in reading order, with units and a normalised deadline."""
    builder = _Builder(doc)
    for i, sections in enumerate(plan_trees(doc)):
        builder.plan(sections, fallback=i > 0 or _may_be_plan(doc))
    builder.annexes()
    return builder.tasks


def has_tasks(doc: Document) -> bool:
    """A plan, a directive, or a document that issues a plan ("Ban hành kèm theo Quyết định
    này Kế hoạch")."""
    code = doc.metadata.doc_type_code
    # A letter or a notice of conclusions that assigns work in a flat numbered list ("1. Sở
    # Công Thương chủ trì ...", "2. Giao Công an tỉnh: ...") has tasks too.
    return (code in PLAN_TYPE_CODES or code in DIRECTIVE_TYPE_CODES
            or any(map(_attached_plan, doc.annexes))
            or (code in LETTER_TYPE_CODES and _directives(doc.sections)))


def task_document(doc: Document) -> Document:
    """The document whose tasks a check reads: the document itself when it has tasks, else
    the first document attached to it that has (the plan a decision issues)."""
    if doc.tasks or not doc.attachments:
        return doc
    return next((a for a in doc.attachments if a.tasks or has_tasks(a)), doc)


def plan_trees(doc: Document) -> list[list[Section]]:
    """The section trees tasks are read from: the body's, then each attached plan's (its
    annex paragraphs read into sections, as the body's are)."""
    return [doc.sections, *(section_tree(a.paragraphs)[1] for a in doc.annexes
                            if _attached_plan(a))]


def _attached_plan(annex: Annex) -> bool:
    found = type_word(annex.label)
    return found is not None and found[1] in PLAN_TYPE_CODES


def _parts(
    sections: list[Section], prefix: tuple[str, ...] = (), *, fallback: bool = False
) -> list[tuple[Section, str, list[str]]]:
    """Task and organisation parts with their label paths (one level down under "Phần"
    parts, and under a heading that mixes targets and tasks: "MỤC TIÊU, NHIỆM VỤ")."""
    out: list[tuple[Section, str, list[str]]] = []
    for section in sections:
        title = fold_tones(section.title).lower().strip(" .:")
        path = [*prefix, label_component(section.label)]
        if section.kind == "part" and not _is_heading_like(section.title):
            continue
        tasks = _TASK_PART.search(title)
        if _ORG_PART.search(title) and len(title.split()) <= 8:
            out.append((section, "organisation", path))
        elif tasks and not _NOT_TASK_PART.search(title.split(",")[0]):
            out.append((section, "tasks", path))
        elif tasks:  # "MỤC TIÊU, NHIỆM VỤ": its "Nhiệm vụ" child, or all of it if none
            inner = [p for p in _parts(section.children, tuple(path)) if p[1] == "tasks"]
            out.extend(inner or [(section, "tasks", path)])
        elif section.kind == "part":
            out.extend(_parts(section.children, prefix, fallback=fallback))
        elif fallback and not _NOT_TASK_PART.search(title) and (
            section.children or section.paragraphs
        ):
            out.append((section, "tasks", path))
    return out


def _directives(sections: list[Section]) -> bool:
    """A flat list of numbered items (no part headings), most of which name who does it."""
    if len(sections) < 2 or any(s.kind not in ("arabic", "decimal") for s in sections):
        return False
    return 2 * sum(bool(requested_units(statement(s))) for s in sections) >= len(sections)


def _may_be_plan(doc: Document) -> bool:
    code = doc.metadata.doc_type_code
    return code in LETTER_TYPE_CODES or code in PLAN_TYPE_CODES or code in DIRECTIVE_TYPE_CODES


def _is_heading_like(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return bool(letters) and (upper / len(letters) > 0.6 or len(title.split()) <= 12)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tasks: list[Task] = []

    def plan(self, sections: list[Section], *, fallback: bool) -> None:
        """The tasks of a plan's section tree."""
        parts = _parts(sections)
        letter = self.doc.metadata.doc_type_code in LETTER_TYPE_CODES
        if (not parts or letter) and fallback and _directives(sections):
            # A letter or decision that assigns work in a flat numbered list ("1. Sở Công
            # Thương chủ trì ...", "2. Công an tỉnh ...: - ..."): each item is a duty, as in
            # an organisation part.
            for child, comp in _numbered(sections):
                self.walk(child, [comp], "organisation", inherited=[])
            return
        if not any(kind == "tasks" for _, kind, _ in parts) and fallback:
            # A task part under a heading we do not know ("III. CÔNG TÁC TRỌNG TÂM"): every
            # top-level section that is not purpose, scope, funding or organisation.
            parts = _parts(sections, fallback=True)
        for section, kind, path in parts:
            self.table(section.paragraphs, ".".join(path))
            for child, comp in _numbered(section.children):
                self.walk(child, [*path, comp], kind, inherited=[])

    def walk(self, section: Section, path: list[str], kind: str, inherited: list[str]) -> None:
        if self.table(section.paragraphs, ".".join(join_decimal(path))):
            for child, comp in _numbered(section.children):
                self.walk(child, [*path, comp], kind, inherited)
            return
        meta_children = [c for c in section.children if _META.match(statement(c))]
        content = [c for c in section.children if not _META.match(statement(c))]
        meta = _Meta()
        for line in [*(statement(c) for c in meta_children),
                     *(p.text for p in section.paragraphs)]:
            if _META.match(_body(line)):
                meta.add_line(_body(line))
        if kind == "organisation":
            self._duty(section, path, content, meta, inherited)
            return
        # An item headed by a unit alone ("1. Bộ Công an:", "2. Bộ Y tế: Mời ..."): the
        # unit is its own and that of the items under it.
        inherited = _unit_heading(section) or inherited
        if meta.found or not content:
            self._emit(section, path, content, meta, leading=not meta.found,
                       inherited=inherited)
        else:
            for child, comp in _numbered(content):
                self.walk(child, [*path, comp], kind, inherited)

    def _duty(
        self, section: Section, path: list[str], content: list[Section], meta: _Meta,
        inherited: list[str],
    ) -> None:
        """An item of the organisation part: a task when it (or its parent) names a unit."""
        said = statement(section)
        units = requested_units(said) or inherited
        if content and not meta.found:
            for child, comp in _numbered(content):
                self.walk(child, [*path, comp], "organisation", units)
            return
        if (step := _STEP.match(said)) and not meta.units:
            # A dated step of a timetable is a task, whoever it names.
            meta.units = subject_units(step["rest"]) or units
            meta.deadline = meta.deadline or parse_deadline(step["when"])
            units = meta.units
            if not units:
                self._emit(section, path, content, meta, leading=False)
                return
        if not units and not meta.units:
            return
        said = " ".join([statement(section), *(_body(p.text) for p in section.paragraphs)])
        meta.units = meta.units or units
        meta.partners = meta.partners or partner_units(said)
        self._emit(section, path, content, meta, leading=False, deadline_text=said)

    def _emit(
        self, section: Section, path: list[str], content: list[Section], meta: _Meta,
        *, leading: bool, deadline_text: str | None = None, inherited: list[str] | None = None,
    ) -> None:
        said = statement(section)
        if _RUNS_THE_PLAN.match(said) or _contacts(said):
            return  # who runs the plan, or whom to call: nothing to be done
        paragraphs = [p for p in section.paragraphs if not _META.match(_body(p.text))]
        parts = [statement(section), *(_body(p.text) for p in paragraphs)]
        parts.extend(_flatten(c) for c in content)
        text = " ".join(x for x in (" ".join(p.split()) for p in parts) if x)
        label = ".".join(join_decimal(path))
        if not meta.units and not meta.partners:
            own = parts[: 1 + len(paragraphs)]  # the item's title and paragraphs, not children
            inline = read_assignment(" ".join(p for p in own if p))
            meta.units, meta.partners = inline.units or list(inherited or []), inline.partners
            meta.deadline = meta.deadline or inline.deadline
        deadline = meta.deadline
        if deadline is None and leading:
            deadline = _leading_deadline(statement(section), paragraphs)
        if deadline is None:
            deadline = find_deadline(deadline_text if deadline_text is not None else text)
        self.tasks.append(
            Task(
                id=f"t{len(self.tasks) + 1}",
                label_path=label,
                text=text,
                units=_dedupe(meta.units),
                partners=_dedupe(meta.partners),
                deadline=deadline,
                location=Location(
                    kind="paragraph",
                    id=section.heading.id,
                    section_label=label,
                    page=section.heading.pages[0] if section.heading.pages else None,
                ),
            )
        )

    def annexes(self) -> None:
        """Numbered rows of annexes that assign tasks ("PHỤ LỤC ... NHIỆM VỤ ...")."""
        for n, annex in enumerate(self.doc.annexes, start=1):
            heading = fold_tones(f"{annex.label} {annex.title or ''}").lower()
            if _attached_plan(annex) or not re.search(r"nhiệm vụ|phân công|danh mục", heading):
                continue
            if self.table(annex.paragraphs, f"PL{n}"):
                continue
            for p in annex.paragraphs:
                m = _ANNEX_ROW.match(p.text)
                if m is None:
                    continue
                label = f"PL{n}.{m['n']}"
                self.tasks.append(
                    Task(
                        id=f"t{len(self.tasks) + 1}",
                        label_path=label,
                        text=" ".join(m["text"].split()),
                        units=subject_units(m["text"]),
                        deadline=find_deadline(m["text"]),
                        location=Location(kind="paragraph", id=p.id, section_label=label,
                                          page=p.pages[0] if p.pages else None),
                    )
                )


    def table(self, paragraphs: list[Paragraph], prefix: str) -> bool:
        """Rows of a task table (a header row naming its columns, then one task per row),
        whether in an annex or in the task part itself; False when there is none."""
        columns: dict[str, int] | None = None
        group = ""
        for p in paragraphs:
            if p.cells is None:
                continue
            header = _table_columns(p.cells)
            if header is not None:  # a (repeated) header row: the columns to read
                columns = header
            elif columns is not None:
                group = self._table_row(p, p.cells, columns, prefix, group)
        return columns is not None

    def _table_row(
        self, p: Paragraph, cells: list[str], columns: dict[str, int], prefix: str, group: str
    ) -> str:
        """One row of a task table; returns the group label rows below it belong to."""
        def cell(name: str) -> str:
            i = columns.get(name)
            return " ".join(cells[i].split()) if i is not None and i < len(cells) else ""

        number, text = cell("number").rstrip("."), cell("text")
        lead, partners, when = cell("units"), cell("partners"), cell("deadline")
        if not text:
            return group
        if re.fullmatch(r"[IVX]{1,5}|[A-Z]", number) and not (lead or when):
            return number  # "I | Nhóm nhiệm vụ về thể chế": a group of the rows below
        label = ".".join(x for x in (prefix, group, number or str(len(self.tasks) + 1)) if x)
        leads, more = parse_units(lead) if lead else ([], [])
        self.tasks.append(
            Task(
                id=f"t{len(self.tasks) + 1}",
                label_path=label,
                text=text,
                units=leads,
                partners=[*more, *split_units(partners)] if partners else more,
                deadline=parse_deadline(when) if when else find_deadline(text),
                location=Location(kind="paragraph", id=p.id, section_label=label,
                                  page=p.pages[0] if p.pages else None),
            )
        )
        return group


# Header cells of a task table -> the column they name.
_COLUMN_NAMES = (
    ("number", re.compile(r"^(?:stt|tt|số\s+(?:thứ\s+)?tt|số\s+thứ\s+tự)$")),
    ("partners", re.compile(r"phối hợp")),
    ("units", re.compile(
        r"chủ trì|(?:cơ quan|đơn vị)\s+(?:thực hiện|chịu trách nhiệm)|thực hiện$"
    )),
    ("deadline", re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành")),
    ("text", re.compile(r"nội dung|nhiệm vụ|công việc|giải pháp|hoạt động|^tên")),
)


def _table_columns(cells: list[str]) -> dict[str, int] | None:
    """The columns of a task table's header row, or None when the row is not one."""
    found: dict[str, int] = {}
    for i, raw in enumerate(cells):
        name = " ".join(raw.lower().split())
        for column, pattern in _COLUMN_NAMES:
            if column not in found and pattern.search(name):
                found[column] = i
                break
    return found if "text" in found and len(found) >= 2 else None


# Assignment stated inside the item: in a parenthesis ("(X chủ trì, phối hợp với Y; thời
# gian: Quý I/2026)"), or as its own sentence or clause ("Cơ quan chủ trì: X.",
# "Giao X chủ trì, phối hợp với Y ...", "...; X chủ trì thực hiện, hoàn thành trước ...").
_CLAUSE_END = re.compile(r"(?<=[.;])\s+|\s*;\s*")
_LEADS = re.compile(r"\bchủ trì\b", re.IGNORECASE)


def read_assignment(text: str) -> _Meta:
    """Units, partners and deadline that a task's own text states (empty when none)."""
    meta = _Meta()
    pieces = [piece for m in _PARENS.finditer(text) for piece in m.group()[1:-1].split(";")]
    pieces.extend(_CLAUSE_END.split(_PARENS.sub(" ", text)))
    for piece in (" ".join(p.split()).strip(" .,") for p in pieces):
        if m := _META.match(piece):
            meta.add(m["key"], m["value"])
        elif _LEADS.search(piece) or _REQUEST.match(piece):
            leads = subject_units(piece)
            if leads and not meta.units:
                meta.units = leads
                meta.partners.extend(partner_units(piece))
                meta.deadline = meta.deadline or find_deadline(piece)
    if not meta.units:  # a deadline alone is left to find_deadline over the whole text
        return _Meta(deadline=meta.deadline if meta.found else None)
    return meta


def subject_units(text: str) -> list[str]:
    """Units a duty opens with: "Giao Sở Tài chính: ..." -> ["Sở Tài chính"]."""
    text = _REQUEST.sub("", " ".join(text.split()))
    first = text.split(",")[0]
    if not is_unit_start(first) and not is_unit_name(first):
        return []
    # A stop word inside a parenthesis ("(sau này là UBND cấp xã ...)") does not end it.
    masked = _PARENS.sub(lambda m: "_" * len(m.group()), text)
    end = _SUBJECT_END.search(masked)
    subject = text[: end.start()] if end else text
    units = split_units(subject)
    return [] if units and fold_tones(units[0]).lower() in BARE_HEADS else units


def requested_units(text: str) -> list[str]:
    """Units a duty names: at its start ("Sở Tài chính chủ trì ...", "Giao Sở Tài chính ..."),
    or in a request that opens a clause after a lead-in ("Trên cơ sở ..., đề nghị UBND ...")."""
    text = " ".join(text.split())
    if units := subject_units(text):
        return units
    for m in _REQUEST_CLAUSE.finditer(text):
        if units := subject_units(text[m.end():]):
            return units
    return []


def partner_units(text: str) -> list[str]:
    """Coordinating units of a duty: "chủ trì, phối hợp với X, Y trong việc ..." -> [X, Y]."""
    m = _PARTNERS.search(_PARENS.sub(lambda m: "_" * len(m.group()), text))
    if m is None:
        return []
    return split_units(text[m.start("who") : m.end("who")])


def _contacts(text: str) -> bool:
    """Mostly telephone numbers: a hotline list, a contact line."""
    phones = len(_PHONE.findall(text))
    return phones >= 1 and len(text.split()) <= 4 * phones + 12


def _unit_heading(section: Section) -> list[str]:
    """The unit a run-in heading names alone ("Bộ Công an:"), else []."""
    title = section.title.strip()
    if not title.endswith(":"):
        return []
    name = _REQUEST.sub("", title[:-1].strip())
    return [name] if is_unit_name(name) or (is_unit_start(name) and len(name.split()) <= 8) \
        else []


def _leading_deadline(title: str, paragraphs: list[Paragraph]) -> Deadline | None:
    """"Thường xuyên rà soát ..." states its own cadence; a topic title ("Về ...:") defers
    to its first paragraph."""
    candidates = [title.split(":", 1)[1] if ":" in title else title]
    if paragraphs:
        candidates.append(paragraphs[0].text)
    for text in candidates:
        m = _LEADING_TIME.match(text.strip())
        if m:
            return parse_deadline(m["raw"])
    return None


def _numbered(children: list[Section]) -> list[tuple[Section, str]]:
    """Children with their path component; dash and plus items get their rank."""
    out: list[tuple[Section, str]] = []
    counts = {"dash": 0, "plus": 0}
    for child in children:
        if child.kind in counts:
            counts[child.kind] += 1
            out.append((child, f"{'-' if child.kind == 'dash' else '+'}{counts[child.kind]}"))
        else:
            out.append((child, label_component(child.label)))
    return out


def _flatten(section: Section) -> str:
    parts = [statement(section), *(_body(p.text) for p in section.paragraphs)]
    parts.extend(_flatten(c) for c in section.children if not _META.match(statement(c)))
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def _body(text: str) -> str:
    return text.replace("**", "").strip()


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = fold_tones(item).lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
