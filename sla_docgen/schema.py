"""The questionnaire's JSON Schema, generated from the models (checked in under schemas/)."""

from __future__ import annotations

import json

SCHEMA_FILE = "sla-docgen.schema.json"


def json_schema() -> str:
    """The JSON Schema as stable, pretty-printed text."""
    from sla_docgen.model import Agreement

    schema = Agreement.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
