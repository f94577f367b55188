"""Label paths: one builder for the enrich, retrieval and task stages."""

from __future__ import annotations

import pytest

from docparse.enrich.citations.keys import plan_types
from docparse.model import Document, Paragraph, Section, Source
from docparse.structure.paths import extend_path, join_decimal, label_component, section_paths


@pytest.mark.parametrize(("label", "component"), [
    ("II.", "II"),
    ("2.1.", "2.1"),
    ("a)", "a"),
    ("đ)", "đ"),
    ("Phần thứ  nhất", "Phần thứ nhất"),
    ("Điều 5.", "Điều 5"),
    ("3:", "3"),
    ("-", ""),
])
def test_label_component(label: str, component: str) -> None:
    assert label_component(label) == component


@pytest.mark.parametrize(("path", "joined"), [
    (["II", "2", "2.1"], ["II", "2.1"]),
    (["II", "2", "2.1", "2.1.3"], ["II", "2.1.3"]),
    (["II", "2", "a"], ["II", "2", "a"]),
    (["II", "3", "b", "-1"], ["II", "3", "b", "-1"]),
    (["1", "10.2"], ["1", "10.2"]),  # 10.2 does not extend 1
    (["1", "1.a"], ["1", "1.a"]),  # only a number continues a decimal label
])
def test_join_decimal(path: list[str], joined: list[str]) -> None:
    assert join_decimal(path) == joined


def _section(sid: str, label: str, kind: str, children: list[Section] | None = None) -> Section:
    return Section(id=sid, label=label, kind=kind, level=1, title="x",  # type: ignore[arg-type]
                   heading=Paragraph(id=f"p{sid}", text=f"{label} x"), children=children or [])


def test_section_paths_skip_dashes_and_merge_decimals() -> None:
    tree = _section("1", "Phần thứ nhất", "part", [
        _section("2", "I.", "roman", [
            _section("3", "2.", "arabic", [
                _section("4", "2.1.", "decimal", [_section("5", "-", "dash")]),
            ]),
        ]),
    ])
    doc = Document(source=Source(file_name="x.txt", sha256="0" * 64, format="text",
                                 size_bytes=1), sections=[tree])
    assert section_paths(doc) == {
        "1": "Phần thứ nhất", "2": "Phần thứ nhất.I", "3": "Phần thứ nhất.I.2",
        "4": "Phần thứ nhất.I.2.1", "5": "Phần thứ nhất.I.2.1",
    }
    assert extend_path(["II"], _section("6", "+", "plus")) == ["II"]


def test_plan_types_from_data() -> None:
    words, codes = plan_types()
    assert {"kế hoạch", "chương trình", "đề án", "phương án"} <= set(words)
    assert {"KH", "CTr", "ĐA", "PA"} <= codes
    assert "BC" not in codes and "QĐ" not in codes
