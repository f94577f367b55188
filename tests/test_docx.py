"""DOCX input: a real Word file with real footnotes, made by LibreOffice from a gold rendition."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docparse.evaluation.corpus import load_structure
from docparse.pipeline import ParseOptions, parse_path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold/structure/002_4e8fcf440fea68e7.json"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_docx_with_footnotes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import render_corpus

    fodt = tmp_path / "plan.fodt"
    gold = render_corpus.load_gold(GOLD)
    fodt.write_text(render_corpus.build_fodt(gold, render_corpus.CANONICAL), "utf-8")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "docx", "--outdir", str(tmp_path), str(fodt)],
        check=True, capture_output=True, timeout=180,
    )
    doc = parse_path(tmp_path / "plan.docx", ParseOptions(enrich=False))
    expected = load_structure(GOLD)
    assert doc.source.format == "docx"
    assert doc.metadata.doc_type == "Kế hoạch" and doc.metadata.symbol == "KH-UBND"
    headings = [b for b in expected.blocks if b.kind == "heading"]
    assert len(doc.iter_sections()) == len(headings)
    assert [f.number for f in doc.footnotes] == sorted(expected.footnotes)
    assert all(f.anchors for f in doc.footnotes)


def test_content_controls_are_read_in_place() -> None:
    # Word templates wrap parts of a form in content controls (w:sdt): their paragraphs are
    # part of the body, in order.
    import io

    import docx
    from docx.oxml import parse_xml

    from docparse.pipeline import parse_bytes

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Chuyển đổi số năm 2026")
    closing = document.add_paragraph("II. NHIỆM VỤ")
    closing._p.addprevious(parse_xml(
        f"<w:sdt {ns}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>I. MỤC ĐÍCH, YÊU CẦU</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Nâng cao hiệu quả phục vụ người dân.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"))
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_bytes(buffer.getvalue(), "plan.docx", ParseOptions(enrich=False))
    sections = doc.iter_sections()
    assert [(s.label, s.title) for s in sections] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"), ("II.", "NHIỆM VỤ")]
    assert sections[0].paragraphs[0].text == "Nâng cao hiệu quả phục vụ người dân."
