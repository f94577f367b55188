"""End to end on one committed PDF rendition: geometry, footnotes, provenance."""

from pathlib import Path

import pytest

from docparse.pipeline import ParseOptions, parse_path

PDF = Path(__file__).resolve().parent.parent / "corpus/pdf/002_4e8fcf440fea68e7.pdf"


@pytest.fixture(scope="module")
def doc():  # type: ignore[no-untyped-def]
    return parse_path(PDF, ParseOptions(enrich=False))


def test_metadata_from_header_and_tail(doc) -> None:  # type: ignore[no-untyped-def]
    meta = doc.metadata
    assert meta.doc_type == "Kế hoạch" and meta.doc_type_code == "KH"
    assert meta.symbol == "KH-UBND" and meta.number is None  # blank, as in an e-signed text layer
    assert meta.issuer and meta.issuer.startswith("ỦY BAN NHÂN DÂN")
    assert meta.signer.name and meta.signer.authority == ["TM. ỦY BAN NHÂN DÂN"]
    assert meta.recipients and meta.recipients[-1].startswith("Lưu")


def test_every_paragraph_has_provenance(doc) -> None:  # type: ignore[no-untyped-def]
    for paragraph, _ in doc.iter_paragraphs():
        assert paragraph.pages and paragraph.bbox is not None
        x0, top, x1, bottom = paragraph.bbox
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850
    for note in doc.footnotes:
        assert note.pages and note.bbox is not None and note.anchors


def test_page_numbers_are_not_text(doc) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p, _ in doc.iter_paragraphs()]
    assert not any(t.strip().isdigit() for t in texts)


def test_section_tree_levels(doc) -> None:  # type: ignore[no-untyped-def]
    top = [s.label for s in doc.sections]
    assert top[:3] == ["I.", "II.", "III."]
    for section in doc.iter_sections():
        for child in section.children:
            assert child.level == section.level + 1
