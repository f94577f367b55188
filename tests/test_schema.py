"""The JSON contract: the committed schema is the generated one, and documents validate."""

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from docparse.model import SCHEMA_VERSION, Document
from docparse.pipeline import parse_bytes

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "document.schema.json"


def test_committed_schema_is_current() -> None:
    committed = json.loads(SCHEMA.read_text("utf-8"))
    assert committed == Document.model_json_schema(), "run: docparse schema -o " + str(SCHEMA)


def test_parsed_document_validates_against_schema() -> None:
    doc = parse_bytes("BÁO CÁO\n\nKết quả\n\nI. KẾT QUẢ\n\nĐã làm tốt.\n".encode(), "a.txt")
    jsonschema.validate(json.loads(doc.model_dump_json()), json.loads(SCHEMA.read_text("utf-8")))
    assert doc.schema_version == SCHEMA_VERSION


def test_unknown_fields_and_other_major_versions_are_refused() -> None:
    doc = parse_bytes("KẾ HOẠCH\n\nA\n\nNội dung.\n".encode(), "a.txt")
    data = json.loads(doc.model_dump_json())
    Document.model_validate(data)  # round-trips
    with pytest.raises(ValidationError):
        Document.model_validate({**data, "surprise": 1})
    with pytest.raises(ValidationError):
        Document.model_validate({**data, "schema_version": "2.0.0"})
