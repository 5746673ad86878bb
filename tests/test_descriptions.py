"""Every section, field and allowed value explains itself in Japanese and English, and nothing stale is left.

Adding a field, a section or a choice value without its words in sla_docgen/schema/descriptions.toml
fails here, with the list of what is missing.
"""

from __future__ import annotations

import json
import re
import typing

import pytest

from sla_docgen.schema import SCHEMA_LANGS, json_schema
from sla_docgen.schema.catalog import catalog, enum_name, enums, models, walk
from sla_docgen.schema.guidance import container

JAPANESE = re.compile("[ぁ-んァ-ヶ一-龥]")


def _text_ok(text: object, lang: str) -> bool:
    if not isinstance(text, str) or not text.strip():
        return False
    return bool(JAPANESE.search(text)) if lang == "ja" else not JAPANESE.search(text)


def _used_choices() -> dict[str, list[str]]:
    """Every choice a field takes (directly or as list items), by name, with its values."""
    used: dict[str, list[str]] = {}
    for entry in walk():
        annotation = container(entry.info.annotation)
        if typing.get_origin(annotation) is list:
            annotation = container(typing.get_args(annotation)[0])
        if typing.get_origin(annotation) is typing.Literal:
            used[enum_name(annotation)] = [str(v) for v in typing.get_args(annotation)]
    return used


def test_every_section_is_described() -> None:
    data = catalog().data["model"]
    missing = [
        f"[model.{m.__name__}] {lang}"
        for m in models()
        for lang in SCHEMA_LANGS
        if not _text_ok(data.get(m.__name__, {}).get(lang), lang)
    ]
    assert not missing, f"describe these sections in descriptions.toml: {missing}"


def test_every_field_has_a_title_and_a_description_in_both_languages() -> None:
    data = catalog().data["field"]
    missing = []
    for entry in walk():
        item = data.get(entry.ref, {})
        for lang in SCHEMA_LANGS:
            if not _text_ok(item.get("title", {}).get(lang), lang):
                missing.append(f'[field."{entry.ref}"] title.{lang}')
            if not _text_ok(item.get(lang), lang):
                missing.append(f'[field."{entry.ref}"] {lang}')
    assert not missing, f"describe these fields in descriptions.toml: {missing}"


def test_every_allowed_value_is_described_in_both_languages() -> None:
    words = catalog()
    missing = []
    for name, values in _used_choices().items():
        for value in values:
            for lang in SCHEMA_LANGS:
                try:
                    ok = _text_ok(words.value(name, value, lang), lang)
                except KeyError:
                    ok = False
                if not ok:
                    missing.append(f"[enum.{name}] {value}.{lang}")
    assert not missing, f"describe these values in descriptions.toml: {missing}"


def test_no_stale_descriptions() -> None:
    """Entries for fields, sections or values that no longer exist are removed, not left to mislead."""
    data = catalog().data
    fields = {entry.ref for entry in walk()}
    sections = {m.__name__ for m in models()}
    used = _used_choices()
    stale = [f"model.{name}" for name in data["model"] if name not in sections]
    stale += [f"field.{ref}" for ref in data["field"] if ref not in fields]
    for name, table in data["enum"].items():
        values = set(used.get(name, [])) | {
            v for child, vs in used.items() if data["enum"][child].get("extends") == name for v in vs
        }
        stale += [f"enum.{name}.{value}" for value in table if value != "extends" and value not in values]
    assert not stale, f"remove from descriptions.toml: {stale}"


def test_every_choice_has_a_name() -> None:
    """A choice written inline (Literal[...] in a field) would have no entry to describe its values."""
    for name in _used_choices():
        assert name in enums()


@pytest.mark.parametrize("lang", SCHEMA_LANGS)
def test_every_schema_property_explains_itself(lang: str) -> None:
    """What the editor shows on hover and completion: a title, a description, each value's meaning."""
    schema = json.loads(json_schema(lang))
    bare = []

    def properties(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                if not (_text_ok(prop.get("title"), lang) and _text_ok(prop.get("description"), lang)):
                    bare.append(f"{where}.{key}")
            for key, value in node.items():
                properties(value, f"{where}.{key}" if key not in ("properties", "items", "anyOf") else where)
        elif isinstance(node, list):
            for value in node:
                properties(value, where)

    properties(schema, "")
    assert not bare, bare

    def choices(node: object) -> list[dict]:  # type: ignore[type-arg]
        if isinstance(node, dict):
            own = [node] if "enum" in node else []
            return own + [c for value in node.values() for c in choices(value)]
        if isinstance(node, list):
            return [c for value in node for c in choices(value)]
        return []

    for choice in choices(schema):
        assert len(choice["enumDescriptions"]) == len(choice["enum"])
        assert all(_text_ok(text, lang) for text in choice["markdownEnumDescriptions"]), choice
