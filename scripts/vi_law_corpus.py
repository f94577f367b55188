"""Articles of the official Vietnamese legal texts in ../shared/vi-text/phapdien_diepxuan/.

The folder holds Markdown pages of two kinds: topic chapters of the Bộ pháp điển (articles
numbered "Điều 9.1.LQ.1.", each followed by a line naming its source document and often a
"(Điều này có nội dung liên quan đến Điều ...)" line) and single laws, decrees and circulars
("### Điều 1.", "**Điều 1.**", hard-wrapped lines). Both are read into one list of articles:
title, body lines, clauses ("1. ..."), the chapter they sit in (for hard negatives) and the
pháp điển ids they are related to. The trailing "Danh sách điều khoản" of a page lists the
same articles cut short, so it is skipped; articles whose text repeats (a law in its own
page and in the pháp điển) are kept once.

Used by scripts/train_embedder.py; reads the shared folder in place (never copied).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "vi-text"
PHAPDIEN = SHARED / "phapdien_diepxuan" / "van-ban"

# "Điều 9.1.LQ.1. Title", "Điều 12. Title", "Điều 5a." -- the id ends at a dot before a space.
_ARTICLE = re.compile(r"^Điều\s+(\d[\w.]*?)\.(?:\s+(.*))?$")
_CHAPTER = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG)\s+([\wÀ-ỹ]+)\b\.?\s*(.*)$")
_SECTION = re.compile(r"^(Mục|MỤC)\s+\d+\b\.?\s*(.*)$")
_CLAUSE = re.compile(r"^\d{1,3}\.\s*(\S.*)$")
_RELATED = re.compile(r"^\((?:Điều|Khoản|Điểm|Chương|Mục) này có nội dung liên quan đến (.*)\)$")
_SOURCE = re.compile(r"^\((?:Điều|Khoản|Điểm)\s+\d\w*\s.*(?:hiệu lực|số \d).*\)$")
_REF = re.compile(r"Điều\s+(\d+\.\d+\.[A-ZĐ]{2}\.[\w.]*?)\.\s")
_MARKUP = re.compile(r"\*\*|__|<br\s*/?>|^#+\s*|^>\s*|\\")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


@dataclass
class Article:
    file: str
    chapter: str  # file + chapter heading: the group hard negatives are drawn from
    ref_id: str | None  # pháp điển id ("9.1.LQ.1"), None in single documents
    title: str
    lines: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # pháp điển ids

    @property
    def body(self) -> str:
        return " ".join(self.lines)

    @property
    def text(self) -> str:
        """Title and body, as a retrieval collection holds an article."""
        return f"{self.title}\n{self.body}"

    @property
    def key(self) -> str:
        """Stable identity (hash of title and body start): the split and dedup use it."""
        base = unicodedata.normalize("NFC", f"{self.title}|{self.body[:400]}").lower()
        return hashlib.sha256(" ".join(base.split()).encode()).hexdigest()


def _clean(line: str) -> str:
    line = _MARKUP.sub("", line.strip())
    line = line.strip().strip("_*").strip()
    if line.startswith("|"):
        if _TABLE_RULE.match(line):
            return ""
        line = " ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
    return unicodedata.normalize("NFC", " ".join(line.split()))


def _lines(path: Path) -> Iterator[str]:
    text = path.read_text("utf-8", errors="replace")
    if text.startswith("---"):  # YAML front matter
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    for raw in text.splitlines():
        if raw.startswith("## Danh sách điều khoản") or raw.startswith("## Danh sách đề mục"):
            # The listing repeats the page's articles cut at 200 characters; the sub-topic
            # list (if any comes first) links to other pages. Neither is article text.
            if raw.startswith("## Danh sách điều khoản"):
                return
            continue
        line = _clean(raw)
        if line:
            yield line


def read_file(path: Path, root: Path) -> list[Article]:
    """The articles of one page, in order."""
    name = str(path.relative_to(root))
    out: list[Article] = []
    chapter = name
    current: Article | None = None
    expect_title = False
    for line in _lines(path):
        m = _ARTICLE.match(line)
        if m:
            ref = m.group(1) if re.match(r"\d+\.\d+\.[A-ZĐ]{2}\.", m.group(1)) else None
            # A heading alone on its line takes the next line as its title.
            current = Article(name, chapter, ref, (m.group(2) or "").strip())
            out.append(current)
            expect_title = False
            continue
        if current is not None and not current.title:
            current.title = line
            continue
        if (c := _CHAPTER.match(line)) or _SECTION.match(line):
            if c:
                chapter = f"{name}#{c.group(1).lower()} {c.group(2)}"
            current = None
            expect_title = not (c and c.group(3)) if c else True
            continue
        if expect_title and line.upper() == line:
            expect_title = False
            continue
        expect_title = False
        if current is None:
            continue
        if r := _RELATED.match(line):
            current.related.extend(_REF.findall(r.group(1) + " "))
            continue
        if _SOURCE.match(line) or (line.startswith("(") and "nội dung liên quan" in line):
            continue
        current.lines.append(line)
        if cl := _CLAUSE.match(line):
            current.clauses.append(cl.group(1))
    return [a for a in out if a.lines]


def read_corpus(root: Path = PHAPDIEN) -> list[Article]:
    """Every article of the folder once, in a stable order."""
    seen: set[str] = set()
    out: list[Article] = []
    for path in sorted(root.rglob("*.md")):
        for article in read_file(path, root):
            key = article.key
            if key not in seen:
                seen.add(key)
                out.append(article)
    return out


if __name__ == "__main__":
    import collections
    import time

    start = time.perf_counter()
    articles = read_corpus()
    print(f"{len(articles)} articles in {time.perf_counter() - start:.1f} s")
    print("chars", sum(len(a.text) for a in articles))
    print("with clauses", sum(bool(a.clauses) for a in articles),
          "clauses", sum(len(a.clauses) for a in articles))
    print("with pháp điển id", sum(a.ref_id is not None for a in articles),
          "related links", sum(len(a.related) for a in articles))
    print("chapters", len({a.chapter for a in articles}))
    titles = collections.Counter(a.title for a in articles)
    print("most common titles", titles.most_common(12))
