"""The PostgreSQL library's schema, as numbered migration steps applied in order.

`schema_version` keeps one row per step applied. Opening a library applies the steps its
database lacks, all in one transaction (PostgreSQL's DDL is transactional: a failed
upgrade leaves the old schema), under a transaction-scoped advisory lock, so that many
workers opening a fresh database at once apply each step exactly once. The lock is
PostgreSQL's own and goes with the transaction, even when the process dies.

To change the schema, append a step; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from docparse import __version__
from docparse.store.library import LibraryError

# Any fixed number: advisory locks are named by integers, per database.
_LOCK_KEY = 0x646F63706172  # "docpar"


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents and their citations", (
        # json is TEXT, not JSONB: JSONB refuses the \u0000 escape a parsed text may hold,
        # and every read goes through the pydantic model anyway.
        """CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            doc_key TEXT,
            doc_type TEXT,
            number TEXT,
            symbol TEXT,
            date TEXT,
            issuer TEXT,
            title TEXT,
            json TEXT NOT NULL,
            docparse_version TEXT,
            stored_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )""",
        "CREATE INDEX documents_doc_key ON documents (doc_key)",
        # ord keeps the document's own order of citations (SQLite's rowid order).
        """CREATE TABLE citations (
            sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            id TEXT NOT NULL,
            key TEXT NOT NULL,
            grp TEXT NOT NULL,
            type TEXT,
            number TEXT,
            date TEXT,
            issuer TEXT,
            name TEXT,
            year INTEGER,
            pinpoint TEXT,
            relation TEXT NOT NULL,
            in_footnote SMALLINT NOT NULL,
            location_kind TEXT NOT NULL,
            location_id TEXT NOT NULL,
            section_label TEXT,
            page INTEGER,
            raw TEXT NOT NULL,
            confidence DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (sha256, id)
        )""",
        "CREATE INDEX citations_key ON citations (key)",
    )),
    Migration(2, "caches of docparse check: embeddings and word segmentations", (
        """CREATE TABLE embeddings (
            model TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            vector BYTEA NOT NULL,
            PRIMARY KEY (model, text_sha256)
        )""",
        "CREATE TABLE segments (text_sha256 TEXT PRIMARY KEY, tokens TEXT NOT NULL)",
    )),
    # The columns of docparse.store.reviews.SQLITE_DDL; the coverage JSON is TEXT for the
    # reason documents.json is.
    Migration(3, "review loop: coverage runs, review decisions, fitted link weights", (
        """CREATE TABLE coverage_runs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            created_at TIMESTAMPTZ NOT NULL,
            plan_sha256 TEXT NOT NULL,
            reports TEXT NOT NULL,
            title TEXT,
            tasks INTEGER NOT NULL,
            embed_model TEXT NOT NULL,
            weights TEXT NOT NULL,
            docparse_version TEXT NOT NULL,
            coverage TEXT NOT NULL
        )""",
        """CREATE TABLE review_decisions (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id BIGINT REFERENCES coverage_runs (id),
            plan_sha256 TEXT NOT NULL,
            reports TEXT NOT NULL,
            task TEXT NOT NULL,
            task_sha256 TEXT NOT NULL,
            item TEXT NOT NULL,
            report_sha256 TEXT,
            passage TEXT,
            quote TEXT,
            decision TEXT NOT NULL,
            verdict TEXT,
            reviewer TEXT NOT NULL,
            decided_at TIMESTAMPTZ NOT NULL
        )""",
        "CREATE INDEX review_decisions_pair ON review_decisions (plan_sha256, reports)",
        """CREATE TABLE link_weights (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            created_at TIMESTAMPTZ NOT NULL,
            weights TEXT,
            note TEXT NOT NULL
        )""",
    )),
)
LATEST = MIGRATIONS[-1].version


def migrate(conn: psycopg.Connection, *, create: bool, where: str,
            upto: int = LATEST) -> int:
    """Bring the database's schema to `upto` (tests stop early to test upgrades); returns
    the version it had. Raises LibraryError for a foreign, newer or (with create=False)
    missing library."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        if _exists(conn, "schema_version"):
            row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
            found = int(row[0]) if row else 0
        elif _exists(conn, "documents"):
            raise LibraryError(
                f"{where} has a documents table but no schema_version: not a docparse "
                "library; choose another database"
            )
        elif not create:
            raise LibraryError(
                f"no library in {where}; add documents first with: "
                "docparse add FILE... --library URL"
            )
        else:
            conn.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, docparse_version TEXT NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            found = 0
        if found > LATEST:
            raise LibraryError(
                f"library {where} has schema version {found}, newer than this docparse "
                f"knows ({LATEST}): upgrade docparse"
            )
        for step in MIGRATIONS:
            if found < step.version <= upto:
                for statement in step.statements:
                    conn.execute(statement)  # type: ignore[arg-type]  # our own constants
                conn.execute(
                    "INSERT INTO schema_version (version, description, docparse_version) "
                    "VALUES (%s, %s, %s)",
                    (step.version, step.description, __version__),
                )
    return found


def _exists(conn: psycopg.Connection, table: str) -> bool:
    # to_regclass follows search_path, as the unqualified names in the statements do.
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])
