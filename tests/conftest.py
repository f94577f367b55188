"""Shared fixtures: paths into the repo and small documents built on the fly."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def corpus() -> Path:
    return ROOT / "corpus"


# --- library backends -------------------------------------------------------------------
# The library tests run against SQLite always and PostgreSQL when a server is given:
# DOCPARSE_TEST_POSTGRES=postgresql://... (`eval "$(.ci/postgres start)"` starts one; CI
# does). Without it they skip with that reason; with DOCPARSE_REQUIRE_POSTGRES=1 (CI) a
# missing server fails them instead, so CI can never pass by skipping.

POSTGRES_ENV = "DOCPARSE_TEST_POSTGRES"


def _no_postgres(reason: str) -> NoReturn:
    if os.environ.get("DOCPARSE_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL is required here: {reason}")
    pytest.skip(f"{reason}; set {POSTGRES_ENV}=postgresql://... to run the PostgreSQL tests "
                '(eval "$(.ci/postgres start)" starts a local server)')


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        _no_postgres(f"no PostgreSQL server: {POSTGRES_ENV} is not set")
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        _no_postgres(f"the PostgreSQL server in {POSTGRES_ENV} is not reachable ({exc})")
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A library URL of its own: a fresh schema, dropped after the test."""
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{joiner}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        # A connection a test left open in a transaction would make DROP wait forever.
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def library_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh library of each backend: a SQLite file's path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "lib.sqlite")
    return str(request.getfixturevalue("postgres_url"))
