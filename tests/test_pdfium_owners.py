"""The text object of every character, asked of pdfium at the ends of runs (pdfium_pages._owners).

pdfium is stood in for by a list: character index -> text object (0: a generated space or line
break, which no object holds). The answer must be the list itself wherever an object holds
the character, with fewer questions than characters where objects are long.
"""

from __future__ import annotations

import pytest

from docparse.ingest import pdfium_pages


def _runs(*runs: tuple[int, int]) -> list[int]:
    """(object, length) runs -> the object of each character."""
    return [owner for owner, length in runs for _ in range(length)]


CASES = {
    "one object": _runs((7, 40)),
    "one character": [5],
    "words, one object each": _runs((1, 3), (2, 1), (3, 7), (4, 2), (5, 5)),
    "generated spaces between objects": _runs((1, 4), (0, 1), (2, 6), (0, 2), (3, 1)),
    "a generated space inside an object": _runs((1, 5), (0, 1), (1, 9), (2, 3)),
    "line breaks at both ends": _runs((0, 2), (9, 17), (0, 2)),
    "long and short alternating": _runs((1, 100), (2, 1), (3, 64), (4, 2), (5, 33)),
    "nothing held": [0, 0, 0],
}


@pytest.mark.parametrize("owners", CASES.values(), ids=CASES.keys())
def test_owners_match_asking_every_character(
    owners: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def text_object(page: int, index: int) -> int:
        asked.append(index)
        return owners[index]

    monkeypatch.setattr(pdfium_pages, "TEXT_OBJECT", text_object)
    found = pdfium_pages._owners(0, len(owners), "x" * len(owners))
    assert len(found) == len(owners)
    assert all(f == o for f, o in zip(found, owners, strict=True) if o)
    if len(owners) >= 40 and len(set(owners)) <= 3:
        assert len(asked) < len(owners) / 3  # long objects: a few questions each


def test_right_to_left_text_asks_every_character(monkeypatch: pytest.MonkeyPatch) -> None:
    owners = _runs((1, 6), (2, 6))
    asked: list[int] = []
    monkeypatch.setattr(pdfium_pages, "TEXT_OBJECT",
                        lambda page, index: asked.append(index) or owners[index])
    assert pdfium_pages._owners(0, 12, "abc שלום def") == owners
    assert sorted(asked) == list(range(12))
