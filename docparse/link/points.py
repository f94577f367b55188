"""The points a review raises: comments (góp ý), an appraisal (thẩm định), a review (thẩm tra).

"Was every point answered?" is the traceability question asked the other way round: the
points a letter of comments or an appraisal report raises play the tasks, and the answer
(a report that takes them in or explains, "tiếp thu, giải trình") plays the report. A
review is told from a plan by its type and title ("V/v góp ý dự thảo ...", "Báo cáo thẩm
định ..."). Its points are the items of its body that ask for something: its labelled
items (dashes, numbers, letters) with the text under them, or, where it asks in running
sentences, each sentence that asks ("đề nghị ...", "cần ..."). A closing formula ("Trên đây
là ý kiến ...", "gửi Sở Nội vụ tổng hợp") and a mere agreement raise nothing.
"""

from __future__ import annotations

import re
import unicodedata

from docparse.model import Document, Location, Paragraph, Section, Task
from docparse.structure.build import statement

# Titles and types of a review: the comments on a draft, an appraisal, a scrutiny.
REVIEW_TITLE = re.compile(
    r"^(?:bao cao\s+)?(?:v/v\s+)?(?:ve viec\s+)?(?:gop y|tham gia y kien|lay y kien|y kien"
    r"|tham dinh|tham tra|phan bien|nhan xet)\b"
)
# A review's title opens with what it does; "Kết quả thẩm định ..." reports results instead.
# A sentence that asks for something.
ASKS = re.compile(r"\b(?:đề nghị|kiến nghị|đề xuất|cần|nên|yêu cầu|bổ sung|điều chỉnh|sửa đổi"
                  r"|làm rõ|xem xét|thay thế|bỏ)\b", re.IGNORECASE)
# What only closes the letter, agrees or cites the request: no point.
CLOSING = re.compile(
    r"^(?:trên đây là|kính (?:gửi|đề nghị)|đề nghị .{0,40}tổng hợp|gửi .{0,40}tổng hợp"
    r"|theo đề nghị|căn cứ|thực hiện|qua nghiên cứu)"
    r"|thống nhất (?:với )?(?:nội dung )?(?:dự thảo|toàn bộ)|không có ý kiến", re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ“\"])")


def is_review(doc: Document) -> bool:
    """Comments, an appraisal or a review, by its title (and a report's type: "Báo cáo
    thẩm định ..." is a review; "Báo cáo kết quả thẩm định" reports)."""
    title = _bare(doc.metadata.title or "")
    if doc.metadata.doc_type_code == "BC":
        title = f"bao cao {title}"
    return bool(REVIEW_TITLE.search(title.strip()))


def _bare(text: str) -> str:
    """Lower case without diacritics: "Góp ý" -> "gop y"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def review_points(doc: Document) -> list[Task]:
    """The points the review raises, as tasks (label path, text, the units it names)."""
    points: list[Task] = []
    for section, path in _items(doc.sections, []):
        text = " ".join([statement(section), *(p.text for p in section.paragraphs)])
        if not ASKS.search(text) or (CLOSING.search(text) and not _asks_beyond_closing(text)):
            continue  # a description ("Tên dự án: ..."), or what closes the letter
        points.append(_point(len(points) + 1, path, " ".join(text.split()), section.heading))
    if points:
        return points
    # No labelled items: every sentence of the body that asks is a point.
    for n, paragraph in enumerate(doc.preamble, start=1):
        for s, sentence in enumerate(SENTENCE.split(paragraph.text), start=1):
            if ASKS.search(sentence) and not CLOSING.search(sentence):
                points.append(_point(len(points) + 1, f"¶{n}.{s}", sentence.strip(), paragraph))
    return points


def _asks_beyond_closing(text: str) -> bool:
    """A point that also ends the letter still raises what it asks before the formula."""
    head = CLOSING.split(text)[0]
    return bool(ASKS.search(head)) and len(head.split()) > 8


def _items(sections: list[Section], prefix: list[str]) -> list[tuple[Section, str]]:
    """The finest labelled items, with label paths as tasks have them ("-1", "2.a")."""
    out: list[tuple[Section, str]] = []
    dashes = 0
    for section in sections:
        if section.kind in ("dash", "plus"):
            dashes += 1
            component = f"{'-' if section.kind == 'dash' else '+'}{dashes}"
        else:
            component = section.label.strip().rstrip(".)")
        path = [*prefix, component]
        if section.children:
            out.extend(_items(section.children, path))
        else:
            out.append((section, ".".join(path)))
    return out


def _point(number: int, path: str, text: str, where: Paragraph) -> Task:
    from docparse.link.tasks import subject_units

    return Task(
        id=f"t{number}",
        label_path=path,
        text=text,
        units=subject_units(text),
        location=Location(kind="paragraph", id=where.id,
                          page=where.pages[0] if where.pages else None),
    )
