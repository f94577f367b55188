"""Building DOCX test documents with data tables (python-docx), for the table tests."""

from __future__ import annotations

import io
from typing import Any


def fill_table(document: Any, rows: list[list[str]], *, ruled: bool = False) -> Any:
    """Add a table holding `rows` (empty strings leave a cell empty); ruled = with borders."""
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    if ruled:
        table.style = "Table Grid"  # a PDF table is read as one only when drawn with rules
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value:
                table.cell(i, j).text = value
    return table


def docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
