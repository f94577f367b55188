"""Helpers for the library tests of both backends: small documents, and raw SQL on the
database under a library (to age a document, or to look at what the library wrote)."""

from __future__ import annotations

import sqlite3
from typing import Any

from docparse.model import Citation, Document, Location, Metadata, Source


def make_doc(sha: str, number: str | None = "116", cites: tuple[str, ...] = (),
             title: str | None = None) -> Document:
    citations = [
        Citation(id=f"c{i + 1}", raw=key, span=(0, len(key)), key=key, number=key.split("@")[0],
                 type="Kế hoạch", relation="implements",
                 location=Location(kind="paragraph", id="p1", section_label="I", page=1))
        for i, key in enumerate(cites)
    ]
    return Document(
        source=Source(file_name=f"{sha[:4]}.txt", sha256=sha, format="text", size_bytes=10),
        metadata=Metadata(number=number, symbol="KH-UBND", date="2025-04-21",
                          doc_type="Kế hoạch", title=title),
        citations=citations,
    )


def raw_sql(location: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the library's database (`?` placeholders) and return its rows."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []
    with sqlite3.connect(location) as conn:
        return list(conn.execute(sql, params).fetchall())


def is_postgres(location: str) -> bool:
    return location.startswith("postgresql://")
