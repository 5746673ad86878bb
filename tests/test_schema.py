"""The checked-in JSON Schema is the one the models generate, and it accepts the samples (editor completion)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from sla_docgen.loader import load_bytes
from sla_docgen.resources import schemas_root
from sla_docgen.schema import SCHEMA_FILE, json_schema
from tests.conftest import MINIMAL, SAMPLES


def test_checked_in_schema_is_current() -> None:
    """Compared as JSON values: a change of pydantic's key order or spacing is not a change of the schema."""
    checked_in = json.loads((schemas_root() / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert checked_in == json.loads(json_schema()), "run: sla-docgen schema --output schemas/sla-docgen.schema.json"


def test_schema_documents_fields() -> None:
    schema = json.loads(json_schema())
    meta = schema["$defs"]["Meta"]
    assert meta["properties"]["prevailing_language"]["enum"] == ["ja", "en"]
    assert "description" in meta["properties"]["id"]
    assert schema["$defs"]["Handoff"]["required"][:3] == ["id", "from", "to"]


@pytest.mark.parametrize("sample", [*SAMPLES, MINIMAL], ids=[s.name for s in [*SAMPLES, MINIMAL]])
def test_samples_satisfy_the_schema(sample) -> None:  # type: ignore[no-untyped-def]
    data = load_bytes(sample.read_bytes(), sample.name).data
    jsonschema.Draft202012Validator(json.loads(json_schema())).validate(data)


def test_schema_rejects_unknown_keys() -> None:
    data = load_bytes(MINIMAL.read_bytes(), "m.yaml").data
    data["overview"]["scpoe"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json.loads(json_schema())).validate(data)
