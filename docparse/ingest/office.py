"""Word 97-2003 (.doc), RTF and OpenDocument text in: converted to DOCX by LibreOffice.

Many portals still publish administrative documents as .doc. LibreOffice's own import is
the well-kept reader of these formats, so docparse does not parse them itself: it runs
`soffice --convert-to docx` in a private profile and reads the result as DOCX (the
document's `source.format` keeps the original format). Without LibreOffice the error says
what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docparse.errors import DocparseError, ErrorCode

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file container of .doc
ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
CONVERT_SECONDS = 180
NAMES = {"doc": "Word 97-2003 (.doc)", "rtf": "RTF", "odt": "OpenDocument text (.odt)"}


def office_format(data: bytes, name: str) -> str | None:
    """ "doc", "rtf" or "odt" when the bytes are one of those, else None. A password-protected
    DOCX is a compound file too (its "EncryptedPackage" stream): that is an error."""
    if data[:8] == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocparseError(ErrorCode.ENCRYPTED, path=name)
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        raise DocparseError(ErrorCode.UNSUPPORTED, path=name,
                            detail="an Office file that is not a Word document")
    if data[:5] == b"{\\rtf":
        return "rtf"
    if data[:4] == b"PK\x03\x04" and ODT_MIMETYPE in data[:200]:
        return "odt"
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, name: str, fmt: str) -> bytes:
    """The DOCX LibreOffice makes of `data` (a .doc, .rtf or .odt file)."""
    program = soffice()
    if program is None:
        raise DocparseError(
            ErrorCode.UNSUPPORTED, path=name,
            detail=f"{NAMES[fmt]} is read through LibreOffice, which is not installed; install "
                   "it (apt-get install libreoffice-writer-nogui) or save the file as DOCX")
    with tempfile.TemporaryDirectory(prefix="docparse-office-") as tmp:
        work = Path(tmp)
        source = work / f"input.{fmt}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "docx", "--outdir", str(work / "out"),
                   str(source)]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=CONVERT_SECONDS,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise DocparseError(ErrorCode.CORRUPT, path=name,
                                detail=f"LibreOffice took over {CONVERT_SECONDS} s") from None
        target = work / "out" / "input.docx"
        if not target.is_file() or target.stat().st_size == 0:
            raise DocparseError(ErrorCode.CORRUPT, path=name,
                                detail=f"LibreOffice could not open this {NAMES[fmt]} file "
                                       "(damaged, or protected by a password?)")
        return target.read_bytes()
