"""Receiving an upload: stream the multipart body to a file in the library's tmp/ folder.

Starlette's own form parser spools large files to the system temporary folder;
the service must write nothing outside its library folder, and must refuse an
oversized upload while it streams in, not after holding all of it. So the
"file" part is written here, hashed on the way, and cut off at the size limit.
The client's file name is used only as a label (and for its extension): it is
reduced to a bare name and never becomes part of a path.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from docparse.service.errors import ApiError

FIELD = "file"
_OTHER_PARTS_MAX = 64 * 1024  # form fields besides the file are ignored, but bounded
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME = 200


@dataclass
class Upload:
    path: Path  # tmp/upload-*: the caller moves or deletes it
    file_name: str
    sha256: str
    size: int


def safe_name(raw: str) -> str:
    """The last component of a client-given path, without control characters."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) > _MAX_NAME:  # keep the extension: it tells the parser the type
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot else ""
        name = (stem if dot else name)[: _MAX_NAME - len(ext) - 1] + (f".{ext}" if ext else "")
    return name


def _decode(value: bytes) -> str:
    # Browsers send the file name as raw UTF-8 inside the header.
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class _Receiver:
    """Callbacks for python-multipart: the first part named "file" goes to disk."""

    def __init__(self, handle: IO[bytes], max_bytes: int) -> None:
        self.handle = handle
        self.max_bytes = max_bytes
        self.digest = hashlib.sha256()
        self.size = 0
        self.file_name: str | None = None
        self.found = False
        self._writing = False
        self._other = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self._disposition = b""
        self._writing = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if options.get(b"name") == FIELD.encode() and not self.found:
            self.found = True
            self._writing = True
            self.file_name = _decode(options.get(b"filename", b""))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if not self._writing:
            self._other += len(chunk)
            if self._other > _OTHER_PARTS_MAX:
                raise ApiError(400, "bad_request", "form fields other than 'file' are too large")
            return
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise too_large(self.max_bytes)
        self.digest.update(chunk)
        self.handle.write(chunk)

    def on_part_end(self) -> None:
        self._writing = False


def too_large(max_bytes: int) -> ApiError:
    limit = max_bytes / (1024 * 1024)
    return ApiError(
        413, "too_large",
        f"upload is too large (over {limit:g} MB); the server's limit is set with --max-mb",
    )


async def receive(request: Request, tmp_dir: Path, max_bytes: int) -> Upload:
    """Stream the request's "file" part into tmp_dir; ApiError on a bad or oversized body."""
    ctype, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise ApiError(
            415, "unsupported_media_type",
            "send the document as multipart/form-data with a part named 'file'",
        )
    declared = request.headers.get("content-length", "")
    # The multipart envelope adds a few hundred bytes; 64 KiB of slack is plenty.
    if declared.isdigit() and int(declared) > max_bytes + _OTHER_PARTS_MAX:
        raise too_large(max_bytes)
    fd, name = tempfile.mkstemp(prefix="upload-", dir=tmp_dir)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            receiver = _Receiver(handle, max_bytes)
            parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
            async for chunk in request.stream():
                parser.write(chunk)
            parser.finalize()
    except ApiError:
        path.unlink(missing_ok=True)
        raise
    except Exception as exc:  # python-multipart's errors, a client that went away
        path.unlink(missing_ok=True)
        raise ApiError(400, "bad_request", f"malformed multipart body ({exc})") from None
    if not receiver.found:
        path.unlink(missing_ok=True)
        raise ApiError(400, "bad_request", "no part named 'file' in the multipart body")
    file_name = safe_name(receiver.file_name or "")
    return Upload(path, file_name, receiver.digest.hexdigest(), receiver.size)
