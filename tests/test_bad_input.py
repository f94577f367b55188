"""Bad input: one clear line on stderr, a distinct exit code, no traceback, nothing written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from docparse.errors import ErrorCode

SAMPLE_PDF = Path(__file__).resolve().parent.parent / "corpus/pdf/002_4e8fcf440fea68e7.pdf"


def make_inputs(tmp: Path) -> dict[str, tuple[Path, ErrorCode]]:
    cases: dict[str, tuple[Path, ErrorCode]] = {}
    fake = tmp / "not-a.pdf"
    fake.write_text("Đây không phải PDF", encoding="utf-8")
    cases["non-PDF named .pdf"] = (fake, ErrorCode.CORRUPT)
    truncated = tmp / "truncated.pdf"
    truncated.write_bytes(SAMPLE_PDF.read_bytes()[:1500])
    cases["truncated PDF"] = (truncated, ErrorCode.CORRUPT)
    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDF))
    writer.encrypt(user_password="secret", owner_password="owner")
    encrypted = tmp / "encrypted.pdf"
    with encrypted.open("wb") as handle:
        writer.write(handle)
    cases["encrypted PDF"] = (encrypted, ErrorCode.ENCRYPTED)
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    blank.add_blank_page(width=595, height=842)
    scanned = tmp / "scanned.pdf"
    with scanned.open("wb") as handle:
        blank.write(handle)
    cases["PDF without text layer"] = (scanned, ErrorCode.NO_TEXT)
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    cases["empty file"] = (empty, ErrorCode.EMPTY)
    latin = tmp / "latin1.txt"
    latin.write_bytes("Kế hoạch số 1".encode("utf-16-le")[:3] + b"\xff\xfe caf\xe9")
    cases["non-UTF-8 text"] = (latin, ErrorCode.ENCODING)
    cases["missing file"] = (tmp / "nowhere.pdf", ErrorCode.NOT_FOUND)
    image = tmp / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    cases["corrupt image"] = (image, ErrorCode.CORRUPT)
    gif = tmp / "scan.gif"
    gif.write_bytes(b"GIF89a" + b"\x00" * 64)
    cases["wrong type"] = (gif, ErrorCode.UNSUPPORTED)
    # Compound files: a password-protected DOCX keeps its package in "EncryptedPackage"; an
    # Excel workbook has no "WordDocument" stream; a .doc whose streams are garbage.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    protected = tmp / "protected.docx"
    protected.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    cases["password-protected DOCX"] = (protected, ErrorCode.ENCRYPTED)
    workbook = tmp / "table.xls"
    workbook.write_bytes(ole + "Workbook".encode("utf-16-le") + b"\x00" * 512)
    cases["Excel workbook"] = (workbook, ErrorCode.UNSUPPORTED)
    damaged = tmp / "damaged.doc"
    damaged.write_bytes(ole + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    cases["damaged .doc"] = (damaged, ErrorCode.CORRUPT)
    return cases


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docparse", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, ErrorCode]]:
    return make_inputs(tmp_path_factory.mktemp("bad"))


CASES = [
    "non-PDF named .pdf", "truncated PDF", "encrypted PDF", "PDF without text layer",
    "empty file", "non-UTF-8 text", "missing file", "corrupt image", "wrong type",
    "password-protected DOCX", "Excel workbook",
    pytest.param("damaged .doc", marks=pytest.mark.skipif(
        shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")),
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_cleanly(case: str, inputs: dict, tmp_path: Path) -> None:
    path, code = inputs[case]
    out = tmp_path / "out.json"
    result = run_cli("parse", str(path), "-o", str(out))
    assert result.returncode == code.exit_code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docparse: error:"), result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_exit_codes_are_distinct() -> None:
    codes = [code.exit_code for code in ErrorCode]
    assert len(codes) == len(set(codes)) and 0 not in codes and 1 not in codes and 2 not in codes


def test_stdin_and_stdout(tmp_path: Path) -> None:
    text = "KẾ HOẠCH\n\nThực hiện nhiệm vụ\n\nI. MỤC ĐÍCH\n\nNâng cao hiệu quả công tác.\n"
    result = subprocess.run(
        [sys.executable, "-m", "docparse", "parse", "-"], input=text, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"doc_type": "Kế hoạch"' in result.stdout


def test_output_file_gets_the_usual_mode_and_no_progress_noise(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = subprocess.run(
        [sys.executable, "-m", "docparse", "parse", str(SAMPLE_PDF), "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not mkstemp's private 0600
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert not list(tmp_path.glob(".out.json.*"))  # no temporary file left behind


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
