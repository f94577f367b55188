"""The review routes of the HTTP API: list stored coverage runs, read one with its review
marks, post decisions; and their errors. The runs are stored straight into the service's
library (no parse worker is needed to read and review them)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from docparse.link.cache import LinkCache
from docparse.link.coverage import check
from docparse.link.review import store_run
from docparse.pipeline import ParseOptions, parse_bytes
from docparse.service.app import create_app
from docparse.store.library import Library
from tests.test_coverage import PLAN, REPORT

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review-api")
    opts = ParseOptions(enrich=False)
    plan = parse_bytes(PLAN.encode(), "plan.txt", opts)
    report = parse_bytes(REPORT.encode(), "report.txt", opts)
    with LinkCache(memory=True) as cache:
        coverage = check(plan, [report], cache=cache)
    with Library(folder / "library.sqlite") as library:
        library.add_many([plan, report])
        store_run(library, coverage)
    return folder


@pytest.fixture
def client(folder: Path, tmp_path: Path) -> Iterator[TestClient]:
    # A copy of the library per test, so that no test sees another's decisions. No `with`:
    # the lifespan (parse workers) is not needed to read and review runs.
    shutil.copy(folder / "library.sqlite", tmp_path / "library.sqlite")
    yield TestClient(create_app(tmp_path, workers=1))


def test_list_and_read_runs(client: TestClient) -> None:
    runs = client.get("/api/v1/coverage/runs").json()["runs"]
    assert len(runs) >= 1 and runs[0]["tasks"] == 3 and runs[0]["weights"] == "shipped"
    assert runs[0]["title"].startswith("Kế hoạch")
    body = client.get(f"/api/v1/coverage/runs/{runs[0]['id']}").json()
    assert body["run"] == runs[0]["id"] and len(body["tasks"]) == 3
    assert body["summary"]["review"]["unreviewed"] == 3


def test_decisions(client: TestClient) -> None:
    run = client.get("/api/v1/coverage/runs").json()["runs"][0]["id"]
    url = f"/api/v1/coverage/runs/{run}/decisions"
    cov = client.get(f"/api/v1/coverage/runs/{run}").json()
    first = cov["tasks"][0]
    response = client.post(url, json={"task": first["task"]["id"], "decision": "confirmed",
                                      "reviewer": "Trần Thị Bình"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["task"]["review"]["status"] == "confirmed"
    assert body["task"]["review"]["reviewer"] == "Trần Thị Bình"
    assert body["task"]["review"]["at"].endswith("+00:00")
    assert body["summary"]["review"]["confirmed"] == 1
    evidence = first["evidence"][0]
    response = client.post(url, json={"task": "II.1.a", "decision": "rejected",
                                      "passage": evidence["location"]["id"],
                                      "report": evidence["report"], "reviewer": "Bình"})
    assert response.status_code == 201, response.text
    assert response.json()["task"]["evidence"][0]["review"]["status"] == "rejected"
    response = client.post(url, json={"task": "II.2", "decision": "corrected",
                                      "verdict": "partial", "reviewer": "Bình"})
    assert response.json()["task"]["review"] == {**response.json()["task"]["review"],
                                                 "status": "corrected", "verdict": "partial"}
    # Read back: the marks are on the run, and the list counts the decisions.
    again = client.get(f"/api/v1/coverage/runs/{run}").json()
    assert [t["review"]["status"] if t["review"] else None for t in again["tasks"]] == [
        "confirmed", None, "corrected"]
    assert client.get("/api/v1/coverage/runs").json()["runs"][0]["decisions"] == 3


# body -> (status, error code)
BAD = [
    ({"task": "IX.9", "decision": "confirmed", "reviewer": "An"}, 422, "invalid_decision"),
    ({"task": "II.1.a", "decision": "corrected", "reviewer": "An"}, 422, "invalid_decision"),
    ({"task": "II.1.a", "decision": "confirmed", "reviewer": "   "}, 422, "invalid_decision"),
    ({"task": "II.1.a", "decision": "confirmed", "passage": "p999", "reviewer": "An"}, 422,
     "invalid_decision"),
    ({"task": "II.1.a", "decision": "maybe", "reviewer": "An"}, 422, "invalid_request"),
    ({"task": "II.1.a", "decision": "confirmed"}, 422, "invalid_request"),
]


@pytest.mark.parametrize(("body", "status", "code"), BAD)
def test_bad_decisions(client: TestClient, body: dict[str, object], status: int,
                       code: str) -> None:
    run = client.get("/api/v1/coverage/runs").json()["runs"][0]["id"]
    response = client.post(f"/api/v1/coverage/runs/{run}/decisions", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_unknown_run(client: TestClient) -> None:
    assert client.get("/api/v1/coverage/runs/9999").status_code == 404
    response = client.post("/api/v1/coverage/runs/9999/decisions",
                           json={"task": "t1", "decision": "confirmed", "reviewer": "An"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/coverage/runs/0").status_code == 422
    assert client.get(f"/api/v1/coverage/runs/{2**64}").status_code == 422
