"""The questionnaire explained: JSON Schema per language, init guidance and field reference, from one catalogue."""

from __future__ import annotations

import json

SCHEMA_LANGS = ("ja", "en")


def schema_file(lang: str) -> str:
    """The file name of the schema in `lang`, in schemas/ and beside a questionnaire made by `init`."""
    return f"sla-docgen.{lang}.schema.json"


def json_schema(lang: str = "en") -> str:
    """The JSON Schema in `lang` as stable, pretty-printed text."""
    from sla_docgen.schema.generate import build_schema

    return json.dumps(build_schema(lang), ensure_ascii=False, indent=2) + "\n"
