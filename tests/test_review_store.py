"""The review loop's tables on both backends (SQLite, and PostgreSQL when a server is given):
coverage runs, decisions (the latest wins, the history stays), fitted weights; and the
schema steps that add them to an existing library."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from docparse.store.library import Library
from docparse.store.reviews import DecisionRow
from tests.libraries import raw_sql


def decision(n: int, decision: str = "confirmed", **fields: object) -> DecisionRow:
    values: dict[str, object] = {
        "id": None, "run_id": None, "plan_sha256": "p" * 64, "reports": "r" * 64,
        "task": "II.1.a", "task_sha256": "t" * 64, "item": "verdict", "report_sha256": None,
        "passage": None, "quote": None, "decision": decision, "verdict": "reported",
        "reviewer": "Nguyễn Văn An", "decided_at": f"2026-12-0{n}T08:30:00+00:00",
    }
    values.update(fields)
    return DecisionRow(**values)  # type: ignore[arg-type]


def test_runs_round_trip(library_location: str) -> None:
    with Library(library_location) as library:
        assert library.runs() == [] and library.run(1) is None
        first = library.add_run(plan_sha256="p" * 64, reports=["b" * 64, "a" * 64],
                                title="Kế hoạch 116/KH-UBND", tasks=3, embed_model="m@1",
                                weights="shipped", docparse_version="0.1.0",
                                coverage='{"x": "Đã báo cáo \\u0000"}',
                                created_at=datetime(2026, 12, 7, 9, 30, tzinfo=UTC))
        second = library.add_run(plan_sha256="q" * 64, reports=["a" * 64], title=None, tasks=0,
                                 embed_model="m@1", weights="library:2",
                                 docparse_version="0.1.0", coverage="{}")
        assert second > first
    with Library(library_location) as library:  # reopened: durable
        runs = library.runs()
        assert [r.id for r in runs] == [second, first]  # newest first
        row, text = library.run(first)  # type: ignore[misc]
        assert row.reports == ("b" * 64, "a" * 64)  # the run's own order
        assert row.created_at == "2026-12-07T09:30:00+00:00"
        assert (row.title, row.tasks, row.weights) == ("Kế hoạch 116/KH-UBND", 3, "shipped")
        assert text == '{"x": "Đã báo cáo \\u0000"}'


def test_decisions_keep_history_and_filter(library_location: str) -> None:
    with Library(library_location) as library:
        run = library.add_run(plan_sha256="p" * 64, reports=["r" * 64], title=None, tasks=1,
                              embed_model="m", weights="shipped", docparse_version="0",
                              coverage="{}")
        ids = [
            library.add_decision(decision(1, run_id=run)),
            library.add_decision(decision(2, "corrected", verdict="partial", run_id=run)),
            library.add_decision(decision(3, "rejected", item="evidence", verdict=None,
                                          report_sha256="r" * 64, passage="p12",
                                          quote="Đã kiểm kê 45 cơ sở")),
            library.add_decision(decision(4, plan_sha256="z" * 64)),
        ]
        assert ids == sorted(ids)
    with Library(library_location) as library:
        every = library.decisions()
        assert [d.id for d in every] == ids  # oldest first, nothing replaced
        mine = library.decisions("p" * 64, "r" * 64)
        assert [d.decision for d in mine] == ["confirmed", "corrected", "rejected"]
        assert mine[1].verdict == "partial" and mine[1].run_id == run
        assert mine[2].passage == "p12" and mine[2].quote == "Đã kiểm kê 45 cơ sở"
        assert mine[0].decided_at == "2026-12-01T08:30:00+00:00"  # UTC text on both backends
        assert mine[0].reviewer == "Nguyễn Văn An"


def test_weights_latest_wins(library_location: str) -> None:
    with Library(library_location) as library:
        assert library.latest_weights() is None
        first = library.add_weights('{"passage": 1}', "docparse fit: 3 decisions")
        library.add_weights(None, "reset")
        latest = library.latest_weights()
        assert latest is not None and latest.id > first
        assert (latest.weights, latest.note) == (None, "reset")


# --- upgrades -------------------------------------------------------------------------


def test_sqlite_schema_2_gains_the_review_tables(tmp_path: Path) -> None:
    from docparse.store.sqlite import _DDL, _REVIEW_DDL, SCHEMA

    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(_DDL.replace(_REVIEW_DDL, ""))  # a library as schema 2 left it
    conn.execute("INSERT INTO meta VALUES ('schema', '2')")
    conn.commit()
    conn.close()
    with Library(path) as library:
        assert library.add_decision(decision(1)) == 1
    assert raw_sql(str(path), "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA),)]


def test_postgres_step_3_adds_the_review_tables(postgres_url: str) -> None:
    import psycopg

    from docparse.store.postgres_schema import migrate

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        migrate(conn, create=True, where="test", upto=2)
    assert raw_sql(postgres_url, "SELECT to_regclass('review_decisions')") == [(None,)]
    with Library(postgres_url) as library:
        assert library.add_decision(decision(1)) >= 1
    assert raw_sql(postgres_url, "SELECT MAX(version) FROM schema_version") == [(3,)]


@pytest.mark.parametrize("bad", ["", "not json"])
def test_unreadable_library_weights_are_refused(tmp_path: Path, bad: str) -> None:
    from docparse.link.refit import WeightsError, library_weights

    with Library(tmp_path / "lib.sqlite") as library:
        library.add_weights(bad, "broken")
        with pytest.raises(WeightsError, match="docparse fit again"):
            library_weights(library)
