"""The JSON Schema and the validator agree on every single-field rule, value by generated value.

The walk takes the questionnaire that sets every field (tests/data/complete.yaml), and for
each kind of field puts in turn a pool of awkward values and the values the schema itself
suggests (its bounds, choices, default and examples). Each value is written as a person types
it into the YAML file. The validator's verdict is the real one (the loader's rules on the
written text, then the models); the schema's is jsonschema's on the value. Rules that tie
fields together (unknown party, levels out of order) are the validator's alone and are not
compared. Three differences are inherent, and pinned by tests of their own below:

- 100.0 where a whole number is asked: JSON Schema (and the editor) cannot tell it from 100.
- a quoted "yes": the schema sees only the text, so it refuses the word even in quotes.
- .nan: JSON has no NaN, so the schema cannot refuse it (the validator does).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from sla_docgen.errors import ValidationFailed, format_path
from sla_docgen.loader import load_bytes
from sla_docgen.model import Agreement
from sla_docgen.schema import json_schema
from tests.conftest import COMPLETE

SCHEMA = json.loads(json_schema("en"))
BASE = load_bytes(COMPLETE.read_bytes(), COMPLETE.name).data
BASE["funnel"]["marketing_share_goal"] = "revenue"  # excludes marketing_share in a valid questionnaire, not here

Path = tuple[str | int, ...]

POOL: list[Any] = [
    *("", " ", "\u3000", "\t", "x", "テキスト", "ok\x07", "a\u202eb", "line\nbreak", "x" * 300),
    *("yes", "No", "ON", "off", "y", "N", "true", "null", "12", "1.10", "1.2.3.4.5", "0o17"),
    *("2026-02-30", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2026-13-01"),
    *("2026-1-1", "JPY", "jpy", "#1F5C99", "#1F5C9", "a@b.co", "a@b", "+81 3-1234-5678", "03-1234-5678"),
    *("1234", "12a4", "marketing", "Marketing", "m" * 63, "m" * 64, "-x", "x_1", "ACME-SLA.2027", "week"),
    *(0, 1, -1, 2, 3, 4, 5, 0.5, -0.5, 100.0, 99, 100, 101, -1000, -1001, 1000, 1001, 10**7, 10**20, 1e308),
    *(math.inf, -math.inf, True, False, None),
    ["x"],
    [],
    {"ja": "x"},
    {"ja": "x", "en": "z"},
    {"fr": "x"},
    {},
    {"value": 3, "unit": "days"},
]


# --- writing a value as a person types it --------------------------------------------------------------


def typed(value: Any) -> str:
    """The YAML for a value: a text plain where YAML 1.2 reads it back as that text, else quoted."""
    if isinstance(value, str):
        if value and value == value.strip() and re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*", value):
            try:
                if load_bytes(f"v: {value}\n".encode(), "v").data["v"] == value:
                    return value
            except ValidationFailed as failed:  # a bare yes/no: written plain, as typed
                if "true/false" in failed.message("en"):
                    return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return (
            ".inf"
            if value == math.inf
            else "-.inf"
            if value == -math.inf
            else ".nan"
            if value != value
            else repr(value)
        )
    return json.dumps(value, ensure_ascii=False)


# --- the two verdicts ------------------------------------------------------------------------------


def _replace(data: Any, path: Path, value: Any) -> Any:
    """A copy of `data` with the value at `path` replaced (only the containers on the way are copied)."""
    if not path:
        return value
    out = copy.copy(data)
    out[path[0]] = _replace(data[path[0]], path[1:], value)
    return out


def _rekey(data: Any, path: Path, key: str) -> Any:
    """A copy of `data` with the last key of `path` renamed."""
    *head, old = path
    parent = _at(data, tuple(head))
    renamed = {(key if k == old else k): v for k, v in parent.items()}
    return _replace(data, tuple(head), renamed)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def validator_accepts_without(path: Path) -> bool:
    """Whether the questionnaire is valid with the key at `path` left out (required or not)."""
    *head, last = path
    parent = {k: v for k, v in _at(BASE, tuple(head)).items() if k != last}
    try:
        Agreement.model_validate(_replace(BASE, tuple(head), parent))
    except ValidationError as exc:
        return not any(tuple(error["loc"][: len(path)]) == path for error in exc.errors())
    return True


def schema_accepts_without(path: Path) -> bool:
    *head, last = path
    node = SCHEMA
    for part in head:
        node = _step(node, part)[0]
    branches = node.get("anyOf", [node])
    named = next((b for b in branches if last in b.get("properties", {})), None)
    return named is None or last not in named.get("required", [])  # a key chosen by the user may go


def validator_accepts(path: Path, text: str, key: bool = False) -> bool:
    """The loader on the written text, then the models on the whole questionnaire; only errors at `path` count."""
    snippet = f"{text}: 1\n" if key else f"v: {text}\n"
    try:
        loaded = load_bytes(snippet.encode("utf-8"), "v.yaml")
    except ValidationFailed:
        return False
    data = _rekey(BASE, path, next(iter(loaded.data))) if key else _replace(BASE, path, loaded.data["v"])
    try:
        Agreement.model_validate(data)
    except ValidationError as exc:
        where = path[:-1] if key else path
        return not any(tuple(error["loc"][: len(where)]) == where for error in exc.errors())
    return True


def schema_accepts(node: dict[str, Any], value: Any) -> bool:
    return jsonschema.Draft202012Validator(node).is_valid(value)


# --- walking the questionnaire and the schema together ----------------------------------------------


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """The schema is written out without references; kept as one place to follow one, should it gain any."""
    assert "$ref" not in node
    return node


def _step(node: dict[str, Any], part: str | int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The schema of a child, and for a key chosen by the user (a mapping of ids) the schema of keys."""
    branches = [_resolve(b) for b in node.get("anyOf", [])] or [_resolve(node)]
    for branch in branches:
        if isinstance(part, int) and "items" in branch:
            return branch["items"], None
        if isinstance(part, str) and part in branch.get("properties", {}):
            return branch["properties"][part], None
    for branch in branches:
        if isinstance(part, str) and isinstance(branch.get("additionalProperties"), dict):
            return branch["additionalProperties"], branch["propertyNames"]
    raise AssertionError(f"the schema has no place for {part!r}")


def positions() -> Iterator[tuple[Path, str, dict[str, Any], dict[str, Any] | None]]:
    """Each kind of place in the questionnaire once: its path, kind, schema, and for user keys the key schema."""
    seen: set[tuple[Any, ...]] = set()

    def visit(data: Any, node: dict[str, Any], path: Path, shape: tuple[Any, ...]) -> Iterator[Any]:
        if shape not in seen:
            seen.add(shape)
            yield path, "value", node, None
        if isinstance(data, dict):
            for part, child in data.items():
                child_node, keys = _step(node, part)
                if keys is not None and (*shape, "{}") not in seen:
                    yield (*path, part), "key", child_node, keys
                yield from visit(child, child_node, (*path, part), (*shape, "{}" if keys is not None else part))
        elif isinstance(data, list):
            for index, child in enumerate(data):
                yield from visit(child, _step(node, index)[0], (*path, index), (*shape, "[]"))

    for part, child in BASE.items():
        yield from visit(child, SCHEMA["properties"][part], (part,), (part,))


def _suggested(node: dict[str, Any]) -> list[Any]:
    """Values the schema itself points at: bounds and their neighbours, choices, default, examples."""
    found: list[Any] = []

    def collect(n: dict[str, Any]) -> None:
        n = _resolve(n)
        for key in ("minimum", "maximum"):
            if key in n and abs(n[key]) < 1e300:
                found.extend([n[key] - 1, n[key], n[key] + 1])
        for key in ("minItems", "maxItems", "minLength", "maxLength"):
            if key in n:
                found.extend(["m" * (n[key] + 1), ["x"] * (n[key] + 1)])
        found.extend(n.get("enum", []))
        found.extend([n["default"]] if "default" in n else [])
        found.extend(n.get("examples", []))
        for branch in n.get("anyOf", []):
            collect(branch)

    collect(node)
    return found


def _known_difference(node: dict[str, Any], value: Any) -> bool:
    """A whole-number float where the schema says integer: JSON Schema counts 100.0 as the integer 100."""
    types = {_resolve(b).get("type") for b in [node, *node.get("anyOf", [])]}
    return isinstance(value, float) and math.isfinite(value) and value.is_integer() and "integer" in types


CASES = list(positions())


def test_the_walk_reaches_every_field() -> None:
    """complete.yaml sets every property the schema knows, so the walk compares every field."""
    from sla_docgen.schema.catalog import walk

    reached = {format_path(path) for path, _, _, _ in CASES}
    refs = set()
    for path, _, _, _ in CASES:
        from sla_docgen.schema.guidance import entry_at

        entry = entry_at(path) if not isinstance(path[-1], int) else None
        if entry is not None:
            refs.add(entry.ref)
    missing = sorted(e.ref for e in walk() if e.ref not in refs)
    assert not missing, f"set these fields in {COMPLETE.name}: {missing}"
    assert len(reached) > 150


@pytest.mark.parametrize("path,kind,node,keys", CASES, ids=[f"{format_path(c[0])}:{c[1]}" for c in CASES])
def test_schema_and_validator_agree(path: Path, kind: str, node: dict[str, Any], keys: Any) -> None:
    disagree = []
    if kind == "key":
        for key in ("marketing", "Marketing", "yes", "no", "1st", "m" * 64, "x_1", "a b"):
            text = typed(key)
            verdicts = (validator_accepts(path, text, key=True), schema_accepts(keys, key))
            if verdicts[0] != verdicts[1]:
                disagree.append((key, verdicts))
    else:
        for value in [*POOL, *_suggested(node)]:
            verdicts = (validator_accepts(path, typed(value)), schema_accepts(node, value))
            if verdicts[0] != verdicts[1] and not (verdicts == (False, True) and _known_difference(node, value)):
                disagree.append((value, f"validator {'accepts' if verdicts[0] else 'refuses'}"))
        if isinstance(path[-1], str) and validator_accepts_without(path) != schema_accepts_without(path):
            disagree.append(("<left out>", f"validator {'accepts' if validator_accepts_without(path) else 'refuses'}"))
    assert not disagree, f"{format_path(path)}: schema and validator disagree on {disagree}"


def test_defaults_and_examples_are_valid_everywhere() -> None:
    """What the schema offers (a default, an example, what completion inserts) passes both."""
    for path, kind, node, _ in CASES:
        if kind != "value":
            continue
        offered = ([node["default"]] if "default" in node else []) + node.get("examples", [])
        for value in offered:
            assert schema_accepts(node, value), (format_path(path), value)
            assert validator_accepts(path, typed(value)), (format_path(path), value)


def test_completion_never_inserts_an_invalid_number() -> None:
    """yaml-language-server completes a number field with its default, else its first example, else 0."""
    for path, kind, node, _ in CASES:
        resolved = _resolve(node)
        if kind != "value" or resolved.get("type") not in ("integer", "number"):
            continue
        inserted = node.get("default", (node.get("examples") or [0])[0])
        assert schema_accepts(node, inserted) and validator_accepts(path, typed(inserted)), (
            format_path(path),
            inserted,
        )


# --- the inherent differences, pinned ---------------------------------------------------------------


def test_a_whole_number_written_with_a_decimal_point() -> None:
    path: Path = ("lead_scoring", "mql_threshold")
    node = SCHEMA["properties"]["lead_scoring"]["properties"]["mql_threshold"]
    assert not validator_accepts(path, "100.0")
    assert schema_accepts(node, 100.0)  # the same value as 100 to JSON Schema


def test_a_quoted_yes() -> None:
    path: Path = ("overview", "purpose")
    node = SCHEMA["properties"]["overview"]["properties"]["purpose"]
    assert validator_accepts(path, '"yes"') and not validator_accepts(path, "yes")
    assert not schema_accepts(node, "yes")  # the schema cannot see the quotes


def test_not_a_number() -> None:
    path: Path = ("goals", "company", 0, "target")
    assert not validator_accepts(path, ".nan")
