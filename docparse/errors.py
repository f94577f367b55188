"""The error catalogue: every user-facing failure has a code, a message and an exit code.

CLI and HTTP layers turn a DocparseError into one line on stderr (or a JSON error) and the
exit code below, never a traceback. Messages say what went wrong and what to do.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    # (exit code, message template)
    NOT_FOUND = (3, "file not found: {path}")
    EMPTY = (4, "{path} is empty: nothing to parse")
    UNSUPPORTED = (5, "{path}: unsupported input ({detail}); give a PDF, Word (DOCX, DOC, "
                      "RTF, ODT), UTF-8 text file or a PNG, JPEG or TIFF scan")
    CORRUPT = (6, "{path} is not readable ({detail}); re-export or re-download it")
    NO_PAGES = (15, "no page of {path} could be read ({detail}); the file may be damaged: "
                    "open it in a PDF viewer, and re-export or re-download it if it fails there")
    ENCRYPTED = (7, "{path} is encrypted; remove the password (e.g. qpdf --decrypt) and retry")
    NO_TEXT = (8, "{path} has no text layer (scanned?) and could not be read by OCR: {detail}")
    ENCODING = (9, "{path} is not UTF-8 text ({detail}); convert it with iconv -t UTF-8")
    TOO_LARGE = (10, "{path} is too large ({detail}); raise the limit with --max-pages/--max-mb")
    OUTPUT = (11, "cannot write {path}: {detail}")
    GOLD = (12, "gold data problem: {detail}")
    LIBRARY = (13, "library problem: {detail}")
    EMBED_MODEL = (14, "embedding model problem: {detail}")

    @property
    def exit_code(self) -> int:
        return self.value[0]


class DocparseError(Exception):
    """A failure the user can act on."""

    def __init__(self, code: ErrorCode, **fields: object) -> None:
        self.code = code
        self.fields = fields
        fields.setdefault("detail", "")
        super().__init__(code.value[1].format(**fields))

    @property
    def exit_code(self) -> int:
        return self.code.exit_code
