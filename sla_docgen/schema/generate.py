"""The JSON Schema of the questionnaire in one language, made from the models and the description catalogue.

Every part is written out where it is used, with no `$ref`: yaml-language-server (VS Code's YAML
engine) titles its hover with the nearest title it last saw on a shared definition, so a shared
`Text` or `Duration` would show another field's name. Written out, each field shows its own.

Each single-field rule of the models becomes a schema keyword here, read from the same
metadata pydantic validates with (ranges, lengths, patterns, choices). What the loader
refuses in any text (control characters, YAML 1.1's yes/no/on/off) is added to every
string. The editor-only keywords of VS Code and yaml-language-server (`patternErrorMessage`,
`markdownEnumDescriptions`) carry messages in the schema's language.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from typing import Any

import annotated_types
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic.functional_validators import PlainValidator

from sla_docgen.i18n import N_, translate
from sla_docgen.model import business_calendar as model_calendar
from sla_docgen.model import funnel as model_funnel
from sla_docgen.model import types as model_types
from sla_docgen.schema.catalog import Catalog, FieldEntry, catalog, enum_name, fields

DATE_PATTERN = (
    r"^(?!0000)(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
)
"""YYYY-MM-DD of a real Gregorian date, leap years included (JSON Schema's "date" format lets 02-30 pass)."""

MARK = "The sla-docgen questionnaire schema, made by sla-docgen"
"""Starts the schema's $comment: how `init` recognises a schema file it may refresh."""

FINITE = sys.float_info.max
"""Numbers are bounded by the largest float, so that YAML's .inf is refused as the validator refuses it."""

MSG_PATTERN = {
    model_types.ID_PATTERN: N_("Use lower-case letters, digits, '-' and '_', starting with a letter."),
    model_types.EMAIL_PATTERN: N_("Write an e-mail address such as name@example.com."),
    model_types.VERSION_PATTERN: N_('Write a version such as "1.2", in quotes.'),
    model_types.CURRENCY_PATTERN: N_("Write a three-letter currency code such as JPY."),
    model_types.COLOR_PATTERN: N_('Write a colour as "#RRGGBB", in quotes.'),
    model_types.AGREEMENT_ID_PATTERN: N_("Use letters, digits, '.', '-' and '_', starting with a letter or digit."),
    model_types.PHONE_PATTERN: N_(
        "Write a phone number with digits, spaces, '-', '(' and ')', and an optional leading '+'."
    ),
    DATE_PATTERN: N_("Write a date that exists in the calendar, as YYYY-MM-DD."),
    model_funnel.GOAL_REF_PATTERN: N_("Write a goal's id, or PARTY.ID where several goals share the id."),
    model_funnel.FINDING_CODE_PATTERN: N_("Write a finding's code as validate shows it, e.g. handoff-stage-owner."),
    model_calendar.TIME_PATTERN: N_("Write a time of day as HH:MM on the 24-hour clock, e.g. 09:00."),
}
MSG_BLANK = N_("Write some text; it must not be empty.")
MSG_YAML11 = N_("yes, no, on, off, y and n alone are true or false to some YAML tools: say it in other words.")
MSG_CONTROL = N_("Control characters and invisible direction marks are not allowed.")


def _yaml11_words() -> list[str]:
    from sla_docgen.loader import _YAML11_BOOL

    return _YAML11_BOOL.pattern.removeprefix("^(?:").removesuffix(")$").split("|")


def _forbidden_class() -> str:
    """The loader's forbidden characters as a regex class that JSON and ECMAScript can carry."""
    from sla_docgen.loader import _FORBIDDEN_CHAR

    return re.sub(r"[^\x20-\x7e]", lambda m: f"\\u{ord(m.group()):04x}", _FORBIDDEN_CHAR.pattern)


class _Builder:
    """Builds the schema of one language."""

    def __init__(self, lang: str, words: Catalog) -> None:
        self.lang = lang
        self.words = words

    def t(self, msgid: str) -> str:
        return translate(msgid, self.lang)

    # --- strings ------------------------------------------------------------------------------------

    def string(
        self,
        pattern: str | None = None,
        max_length: int | None = None,
        text: bool = False,
        min_length: int | None = None,
    ) -> dict[str, Any]:
        """A string that passes the loader: no control characters, not a bare YAML 1.1 boolean word."""
        rules: list[dict[str, Any]] = []
        if text:
            rules.append({"pattern": r"\S", "patternErrorMessage": self.t(MSG_BLANK)})
        words = "|".join(_yaml11_words())
        rules.append({"pattern": f"^(?!(?:{words})$)", "patternErrorMessage": self.t(MSG_YAML11)})
        rules.append(
            {"pattern": f"^{_forbidden_class()}*$".replace("[", "[^", 1), "patternErrorMessage": self.t(MSG_CONTROL)}
        )
        schema: dict[str, Any] = {"type": "string"}
        if text or min_length is not None:
            schema["minLength"] = 1 if text else min_length
        if pattern is not None:
            schema["pattern"] = pattern
            schema["patternErrorMessage"] = self.t(MSG_PATTERN[pattern])
        if max_length is not None:
            schema["maxLength"] = max_length
        schema["allOf"] = rules
        return schema

    def text(self) -> dict[str, Any]:
        """A non-empty text in any language: a string, or a mapping with the text per language."""
        per_lang = self.words.extra("TextPerLanguage", self.lang)
        langs = {}
        for lang in ("ja", "en"):
            words = self.words.extra(lang, self.lang)
            langs[lang] = {"title": words.title, "description": words.description, **self.string(text=True)}
        return {
            "anyOf": [
                self.string(text=True),
                {
                    "type": "object",
                    "description": per_lang.description,
                    "properties": langs,
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }

    # --- any annotation -----------------------------------------------------------------------------

    def schema(self, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
        annotation, metadata = _unwrap(annotation, metadata)
        origin = typing.get_origin(annotation)
        validator = next((m.func for m in metadata if isinstance(m, PlainValidator)), None)
        if origin in (typing.Union, types.UnionType) and validator is None:
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            inner = (
                self.schema(members[0], []) if len(members) == 1 else {"anyOf": [self.schema(m, []) for m in members]}
            )
            return {"anyOf": [inner, {"type": "null"}]} if type(None) in typing.get_args(annotation) else inner
        limits = _limits(metadata)
        if validator is not None:
            return self.custom(validator, metadata, limits)
        if origin is list:
            schema = {"type": "array", "items": self.schema(typing.get_args(annotation)[0], [])}
            return schema | _rename(limits, {"min_length": "minItems", "max_length": "maxItems"})
        if origin is dict:
            key, value = typing.get_args(annotation)
            return {
                "type": "object",
                "propertyNames": self.schema(key, []),
                "additionalProperties": self.schema(value, []),
            }
        if origin is typing.Literal:
            return self.choice(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.model(annotation)
        if annotation is int:
            schema = {"type": "integer"}
            return schema | _rename(limits, {"ge": "minimum", "le": "maximum"})
        if annotation is str:
            pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
            return self.string(
                pattern=pattern, max_length=limits.get("max_length"), min_length=limits.get("min_length")
            )
        raise TypeError(f"no JSON Schema for {annotation!r}")

    def custom(self, validator: Any, metadata: list[Any], limits: dict[str, Any]) -> dict[str, Any]:
        """Types the models validate with a function of their own."""
        if validator is model_types._local_text:
            return self.text()
        if validator is model_types._nonempty_str:
            return self.string(text=True)
        if validator is model_types._number:
            bounds = {"minimum": -FINITE, "maximum": FINITE} | _rename(limits, {"ge": "minimum", "le": "maximum"})
            return {"type": "number", **bounds}
        if validator is model_types._date:
            return self.string(pattern=DATE_PATTERN)
        if validator is model_types._phone:
            return self.string(pattern=model_types.PHONE_PATTERN)
        given = next((m.json_schema for m in metadata if isinstance(m, WithJsonSchema)), None)
        raise TypeError(f"no JSON Schema for the validator {validator!r} (its own says {given!r})")

    def choice(self, literal: Any) -> dict[str, Any]:
        name = enum_name(literal)
        values = [str(v) for v in typing.get_args(literal)]
        described = [self.words.value(name, v, self.lang) for v in values]
        return {
            "type": "string",
            "enum": values,
            "enumDescriptions": described,
            "markdownEnumDescriptions": described,
        }

    def element(self, annotation: Any) -> dict[str, Any]:
        """A list item or mapping value; an item that is a section carries the section's description."""
        schema = self.schema(annotation, [])
        base, _ = _unwrap(annotation, [])
        if isinstance(base, type) and issubclass(base, BaseModel):
            schema = {"description": self.words.model(base, self.lang), **schema}
        return schema

    # --- models and their fields --------------------------------------------------------------------

    def field(self, entry: FieldEntry) -> dict[str, Any]:
        words = self.words.field(entry, self.lang)
        schema = self.schema(entry.info.annotation, list(entry.info.metadata))
        schema = {"title": words.title, "description": words.description, **schema}
        default = entry.info.default
        if not entry.info.is_required() and default not in (None, [], {}) and not isinstance(default, BaseModel):
            schema["default"] = default
        example = self.words.example(entry)
        if example is not None:
            schema["examples"] = [example]
        return schema

    def model(self, model: type[BaseModel]) -> dict[str, Any]:
        entries = fields(model)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {e.key: self.field(e) for e in entries},
            "required": [e.key for e in entries if e.info.is_required()],
            "additionalProperties": False,
        }
        if getattr(model, "ALSO_TEXT", False):
            schema = {"anyOf": [*self.text()["anyOf"], schema]}
        return schema


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """`Annotated[T, ...]` → T and its metadata, a nested Field's constraints included."""
    metadata = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            if isinstance(item, FieldInfo):
                metadata.extend(item.metadata)
            else:
                metadata.append(item)
        annotation = base
    return annotation, metadata


def _limits(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in metadata:
        for kind, name in (
            (annotated_types.Ge, "ge"),
            (annotated_types.Le, "le"),
            (annotated_types.MinLen, "min_length"),
            (annotated_types.MaxLen, "max_length"),
        ):
            if isinstance(m, kind):
                out[name] = getattr(m, name)
        if isinstance(m, (annotated_types.Gt, annotated_types.Lt)):
            raise TypeError("use ge/le: the validator has no message for gt/lt")
    return out


def _rename(limits: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names[k]: v for k, v in limits.items() if k in names}


def build_schema(lang: str) -> dict[str, Any]:
    """The schema as a JSON value, for `lang`."""
    from sla_docgen import __version__
    from sla_docgen.model import Agreement

    builder = _Builder(lang, catalog())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"{MARK} {__version__}; to refresh: sla-docgen schema --lang {lang} --output FILE",
        "title": builder.words.extra("Agreement", lang).title,
        "description": builder.words.model(Agreement, lang),
        **builder.model(Agreement),
    }


def section_schema(model: type[BaseModel], lang: str) -> dict[str, Any]:
    """The schema of one section (model) as it is written out wherever the section is used."""
    return _Builder(lang, catalog()).model(model)
