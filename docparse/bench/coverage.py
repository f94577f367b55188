"""Benchmark of `docparse check`: a 100-task plan against 10 reports of 200 passages each.

The documents are synthetic (seeded), built from Vietnamese administrative phrases so
that every passage is distinct. Figures:
- cold_check_s: the first check, with an empty library (segmentation + embedding);
- embed_passages_per_s, segment_passages_per_s: first-time throughput of each step;
- warm_check_s: the same check again in this process, caches warm;
- warm_check_fresh_process_s: the same in a new Python process (imports included),
  which is what a user running `docparse check` twice sees. Target: < 5 s.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from docparse.model import Document, Paragraph, Section, Source

TARGET_WARM_S = 5.0
_VERBS = ["Tăng cường", "Đẩy mạnh", "Tiếp tục thực hiện", "Rà soát, hoàn thiện", "Kiểm tra",
          "Tổ chức triển khai", "Nâng cao hiệu quả", "Chỉ đạo thực hiện", "Xây dựng"]
_TOPICS = ["công tác tuyên truyền, phổ biến pháp luật", "công khai, minh bạch", "kê khai tài sản, "
           "thu nhập", "chuyển đổi vị trí công tác", "cải cách hành chính", "chuyển đổi số",
           "thanh tra, kiểm tra", "tiếp công dân, giải quyết khiếu nại, tố cáo",
           "quản lý ngân sách nhà nước", "quản lý tài sản công", "đầu tư công",
           "thực hành tiết kiệm, chống lãng phí", "phòng, chống tham nhũng, tiêu cực",
           "kiểm soát xung đột lợi ích", "đào tạo, bồi dưỡng cán bộ", "quản lý đất đai",
           "bảo vệ môi trường", "an ninh, trật tự", "xử lý đơn thư", "thu hồi tài sản"]
_PLACES = ["tại các sở, ban, ngành", "trên địa bàn tỉnh", "tại Ủy ban nhân dân các xã, phường",
           "trong doanh nghiệp nhà nước", "tại cơ quan, đơn vị"]
_UNITS = ["Sở Tài chính", "Thanh tra tỉnh", "Sở Nội vụ", "Sở Tư pháp"]
_RESULTS = ["đã ban hành {n} văn bản", "đã tổ chức {n} cuộc", "đạt {n}%",
            "phát hiện {n} trường hợp vi phạm", "thu hồi {n} triệu đồng",
            "có {n}/{m} đơn vị hoàn thành"]


def run(corpus: Path | None = None) -> dict[str, Any]:
    """All figures (the corpus is not used: the documents are synthetic)."""
    rng = random.Random(5)
    plan = synthetic_plan(rng, 100)
    reports = [synthetic_report(rng, i, 200) for i in range(10)]
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "library.sqlite"
        figures = _in_process(plan, reports, library)
        figures["warm_check_fresh_process_s"] = _fresh_process(plan, reports, library, Path(tmp))
    figures["target_warm_s"] = TARGET_WARM_S
    figures["meets_target"] = figures["warm_check_fresh_process_s"] < TARGET_WARM_S
    return figures


def _in_process(plan: Document, reports: list[Document], library: Path) -> dict[str, Any]:
    from docparse.link.cache import LinkCache
    from docparse.link.coverage import check
    from docparse.link.embed import Embedder
    from docparse.link.retrieval import Segmenter, passages_of

    texts = [p.text for i, r in enumerate(reports) for p in passages_of(r, i)]
    with LinkCache(memory=True) as scratch:
        Segmenter(scratch)(["tải bộ tách từ trước khi đo"])  # load underthesea outside the timing
        start = time.perf_counter()
        Segmenter(scratch)(texts)
        segment_s = time.perf_counter() - start
        embedder = Embedder(cache=scratch)
        embedder.encode(texts[:10])  # load the model outside the timing
        start = time.perf_counter()
        embedder.encode(texts, use_cache=False)
        embed_s = time.perf_counter() - start
    with LinkCache(library) as cache:
        start = time.perf_counter()
        coverage = check(plan, reports, cache=cache)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        check(plan, reports, cache=cache)
        warm = time.perf_counter() - start
    return {
        "tasks": len(coverage.tasks),
        "reports": len(reports),
        "passages": len(texts),
        "cold_check_s": round(cold, 2),
        "warm_check_s": round(warm, 2),
        "embed_passages_per_s": round(len(texts) / embed_s),
        "segment_passages_per_s": round(len(texts) / segment_s),
        "verdicts": coverage.summary.model_dump(exclude={"by_unit"}),
    }


def _fresh_process(plan: Document, reports: list[Document], library: Path, tmp: Path) -> float:
    data = tmp / "docs.json"
    data.write_text(json.dumps([d.model_dump(mode="json") for d in [plan, *reports]]), "utf-8")
    script = (
        "import json, sys, time\n"
        "start = time.perf_counter()\n"
        "from docparse.model import Document\n"
        "from docparse.link.cache import LinkCache\n"
        "from docparse.link.coverage import check\n"
        "docs = [Document.model_validate(d) for d in json.load(open(sys.argv[1]))]\n"
        "with LinkCache(sys.argv[2]) as cache:\n"
        "    check(docs[0], docs[1:], cache=cache)\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(data), str(library)],
        capture_output=True, text=True, check=True,
    )
    return round(float(out.stdout.strip().splitlines()[-1]), 2)


def synthetic_plan(rng: random.Random, n_tasks: int) -> Document:
    """A plan whose task part "II. NHIỆM VỤ, GIẢI PHÁP" has n_tasks lettered items."""
    groups: list[Section] = []
    letters = "abcdefgh"
    counter = 0
    for g in range((n_tasks + len(letters) - 1) // len(letters)):
        children = []
        for k in range(min(len(letters), n_tasks - g * len(letters))):
            counter += 1
            text = f"{_sentence(rng)}; {_sentence(rng)} (nhiệm vụ {counter})."
            children.append(_section(f"s{counter}", f"{letters[k]})", "letter", 3, text, [
                _section(f"s{counter}t", "-", "dash", 4, "Thời gian thực hiện: Thường xuyên."),
                _section(f"s{counter}u", "-", "dash", 4,
                         f"Đơn vị thực hiện: {rng.choice(_UNITS)}."),
            ]))
        groups.append(_section(f"g{g}", f"{g + 1}.", "arabic", 2, rng.choice(_TOPICS).capitalize(),
                               children))
    part = _section("part", "II.", "roman", 1, "NHIỆM VỤ, GIẢI PHÁP", groups)
    return Document(source=_source("plan"), sections=[part])


def synthetic_report(rng: random.Random, index: int, n_passages: int) -> Document:
    sections = []
    for s in range(n_passages // 10):
        paragraphs = [
            Paragraph(id=f"r{index}p{s}_{k}",
                      text=f"{_sentence(rng)}, {_result(rng)} (báo cáo {index}, mục {s}, ý {k}).")
            for k in range(9)
        ]
        sections.append(_section(f"r{index}s{s}", f"{s + 1}.", "arabic", 1,
                                 f"Kết quả {rng.choice(_TOPICS)}", paragraphs=paragraphs))
    return Document(source=_source(f"report{index}"), sections=sections)


def _result(rng: random.Random) -> str:
    return rng.choice(_RESULTS).format(n=rng.randint(1, 99), m=100)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_VERBS)} {rng.choice(_TOPICS)} {rng.choice(_PLACES)}"


def _section(sid: str, label: str, kind: str, level: int, title: str,
             children: list[Section] | None = None,
             paragraphs: list[Paragraph] | None = None) -> Section:
    return Section(id=sid, label=label, kind=kind, level=level, title=title,  # type: ignore[arg-type]
                   heading=Paragraph(id=f"{sid}h", text=f"{label} {title}"),
                   paragraphs=paragraphs or [], children=children or [])


def _source(name: str) -> Source:
    return Source(file_name=f"{name}.txt", sha256=name, format="text", size_bytes=1)
