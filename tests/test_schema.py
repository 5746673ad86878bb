"""The checked-in JSON Schemas are the ones the models and descriptions generate, and they accept the samples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from sla_docgen.loader import load_bytes
from sla_docgen.resources import schemas_root
from sla_docgen.schema import SCHEMA_LANGS, json_schema, schema_file
from tests.conftest import COMPLETE, MINIMAL, ROOT, SAMPLES

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def schema(lang: str) -> dict:  # type: ignore[type-arg]
    return json.loads(json_schema(lang))  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", SCHEMA_LANGS)
def test_checked_in_schema_is_current(lang: str) -> None:
    """Compared as JSON values: a change of key order or spacing is not a change of the schema."""
    checked_in = json.loads((schemas_root() / schema_file(lang)).read_text(encoding="utf-8"))
    assert checked_in == schema(lang), f"run: sla-docgen schema --lang {lang} --output schemas/{schema_file(lang)}"


@pytest.mark.parametrize("lang", SCHEMA_LANGS)
def test_checked_in_reference_is_current(lang: str) -> None:
    from sla_docgen.schema.reference import reference

    path = ROOT / "docs" / f"questionnaire.{lang}.md"
    assert path.read_text(encoding="utf-8") == reference(lang), (
        f"run: sla-docgen schema --lang {lang} --format md --output docs/questionnaire.{lang}.md"
    )


@pytest.mark.parametrize("lang", SCHEMA_LANGS)
def test_schema_is_valid_draft_2020_12(lang: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(lang))


def _words_removed(node: object) -> object:
    """The schema without its words (titles, descriptions, messages): the rules alone."""
    words = {"title", "description", "enumDescriptions", "markdownEnumDescriptions", "patternErrorMessage", "$comment"}
    if isinstance(node, dict):
        return {k: _words_removed(v) for k, v in node.items() if k not in words}
    if isinstance(node, list):
        return [_words_removed(v) for v in node]
    return node


def test_schema_keeps_the_structure() -> None:
    en = schema("en")
    meta = en["properties"]["agreement"]
    assert meta["properties"]["prevailing_language"]["enum"] == ["ja", "en"]
    assert en["properties"]["handoffs"]["items"]["required"][:3] == ["id", "from", "to"]
    assert en["additionalProperties"] is False
    assert _words_removed(schema("ja")) == _words_removed(en)  # the same rules in every language


@pytest.mark.parametrize("sample", [*SAMPLES, MINIMAL, COMPLETE], ids=lambda p: p.name)
def test_samples_satisfy_the_schema_they_name(sample: Path) -> None:
    """Each sample's `$schema` line names a schema that exists and accepts it."""
    text = sample.read_text(encoding="utf-8")
    line = SCHEMA_LINE.search(text)
    named = (sample.parent / line.group(1)).resolve() if line else schemas_root() / schema_file("en")
    assert named.is_file(), named
    data = load_bytes(sample.read_bytes(), sample.name).data
    jsonschema.Draft202012Validator(json.loads(named.read_text(encoding="utf-8"))).validate(data)


def test_schema_rejects_unknown_keys() -> None:
    data = load_bytes(MINIMAL.read_bytes(), "m.yaml").data
    data["overview"]["scpoe"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema("en")).validate(data)


def test_schema_messages_follow_the_language() -> None:
    """The editor's messages for a broken pattern come in the schema's language, from the catalog."""
    ja = schema("ja")["properties"]["parties"]["items"]["properties"]["id"]
    en = schema("en")["properties"]["parties"]["items"]["properties"]["id"]
    assert en["patternErrorMessage"].startswith("Use lower-case letters")
    assert "英小文字" in ja["patternErrorMessage"]
    ja_rules = [rule["patternErrorMessage"] for rule in ja["allOf"]]
    assert any("真偽値" in message for message in ja_rules), ja_rules
    assert all(re.search("[ぁ-んァ-ン一-龥]", message) for message in ja_rules), ja_rules
