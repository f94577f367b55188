"""Word 97-2003, RTF and OpenDocument input: converted by LibreOffice, read as the DOCX is."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from docparse.errors import DocparseError, ErrorCode
from docparse.ingest import office
from docparse.pipeline import ParseOptions, parse_bytes, parse_path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "corpus/docx/007_written_cong_van.docx"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_office_formats_read_like_the_docx(fmt: str, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", fmt, "--outdir", str(tmp_path), str(LETTER)],
        check=True, capture_output=True, timeout=180,
    )
    # Named without its suffix: the format is sniffed from the bytes.
    data = (tmp_path / f"{LETTER.stem}.{fmt}").read_bytes()
    doc = parse_bytes(data, "upload", ParseOptions(enrich=True))
    expected = parse_path(LETTER, ParseOptions(enrich=True))
    assert doc.source.format == fmt
    assert doc.metadata == expected.metadata
    assert [(s.label, s.title) for s in doc.iter_sections()] == [
        (s.label, s.title) for s in expected.iter_sections()]
    assert [f.text for f in doc.footnotes] == [f.text for f in expected.footnotes]
    assert [c.key for c in doc.citations] == [c.key for c in expected.citations]


def test_without_libreoffice_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    rtf = b"{\\rtf1\\ansi {\\b K\\u7870? HO\\u7840?CH}\\par}"
    with pytest.raises(DocparseError) as caught:
        parse_bytes(rtf, "plan.rtf")
    assert caught.value.code is ErrorCode.UNSUPPORTED
    assert "LibreOffice" in str(caught.value) and "DOCX" in str(caught.value)


def test_misnamed_office_file_is_not_readable() -> None:
    with pytest.raises(DocparseError) as caught:
        parse_bytes(b"<html><body>Quyet dinh</body></html>", "quyet-dinh.doc")
    assert caught.value.code is ErrorCode.CORRUPT
