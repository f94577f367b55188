"""Property-based checks of the API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests; every response must be documented (status,
content type, body schema) and no request may cause a server error. The service runs
for real on a loopback port (its lifespan once, as in production). Examples are
bounded so the run stays short; uploads are random bytes, so most are refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    negative_data_rejection,
    positive_data_acceptance,
)

from docparse.service.app import create_app  # noqa: E402
from docparse.service.server import running  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    library = tmp_path_factory.mktemp("schemathesis") / "library"
    app = create_app(library, workers=1, entities=False, max_mb=1, max_pages=20,
                     parse_timeout_s=60)
    with running(app) as base:
        yield schemathesis.openapi.from_url(f"{base}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # An upload is bytes: any bytes fit the schema, and the parser rightly refuses most
    # (415, 422) while "invalid" ones (the text "null" for a string) are a fine text file.
    # Neither "valid data is accepted" nor "invalid data is refused" can hold for it.
    excluded = []
    if case.operation.method.upper() == "POST" and case.operation.path == "/api/v1/documents":
        excluded += [positive_data_acceptance, negative_data_rejection]
    case.call_and_validate(excluded_checks=excluded)
