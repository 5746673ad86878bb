"""The questionnaire's fields, walked from the models, with their descriptions from `descriptions.toml`.

`descriptions.toml` is the one source of the words that explain the questionnaire to the person
filling it in, in Japanese and English: a title and a description for every field, a description
for every section (model) and for every allowed value of a choice. The JSON Schema, the guidance
comments `init` writes and the field reference are all made from it.
"""

from __future__ import annotations

import tomllib
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

DESCRIPTIONS = Path(__file__).with_name("descriptions.toml")
LANGS = ("ja", "en")


@dataclass(frozen=True, slots=True)
class Words:
    """A title (may be empty) and a description, in one language."""

    title: str
    description: str


@dataclass(frozen=True, slots=True)
class FieldEntry:
    """One field of one model: its key in the YAML, its type and its pydantic field."""

    model: type[BaseModel]
    name: str
    """The attribute name (`from_`)."""
    key: str
    """The key written in the questionnaire (`from`)."""
    info: FieldInfo

    @property
    def ref(self) -> str:
        return f"{self.model.__name__}.{self.key}"


def models() -> list[type[BaseModel]]:
    """Every model reachable from the Agreement, in the order the questionnaire first meets them."""
    from sla_docgen.model import Agreement

    seen: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.append(annotation)
            for field in annotation.model_fields.values():
                visit(field.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(Agreement)
    return seen


def fields(model: type[BaseModel]) -> list[FieldEntry]:
    return [FieldEntry(model, name, info.alias or name, info) for name, info in model.model_fields.items()]


@cache
def enums() -> dict[str, Any]:
    """The named choices (`Literal` aliases) of the model modules, by name."""
    from sla_docgen.model import business_calendar, funnel, goals, leads, sections, types

    found: dict[str, Any] = {}
    for module in (types, goals, leads, sections, funnel, business_calendar):
        for name, value in vars(module).items():
            if typing.get_origin(value) is typing.Literal and not name.startswith("_"):
                found.setdefault(name, value)
    return found


def enum_name(literal: Any) -> str:
    """The name of a `Literal` used in a model; every choice must have one, to find its descriptions."""
    for name, value in enums().items():
        if value == literal:
            return name
    raise LookupError(f"the choice {literal} has no name in the model modules; give it one")


class Catalog:
    """Lookups into descriptions.toml; a missing entry is a KeyError (a test checks there are none)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def model(self, model: type[BaseModel], lang: str) -> str:
        return str(self.data["model"][model.__name__][lang])

    def field(self, entry: FieldEntry, lang: str) -> Words:
        item = self.data["field"][entry.ref]
        return Words(str(item["title"][lang]), str(item[lang]))

    def example(self, entry: FieldEntry) -> Any:
        """A language-neutral example value of the field, if descriptions.toml gives one."""
        return self.data["field"][entry.ref].get("example")

    def value(self, enum: str, value: str, lang: str) -> str:
        table = self.data["enum"][enum]
        while value not in table and "extends" in table:  # RequirementFrequency extends Frequency
            table = self.data["enum"][table["extends"]]
        return str(table[value][lang])

    def extra(self, name: str, lang: str) -> Words:
        """Words for what is not a model field: the kinds of text, for instance."""
        item = self.data["type"][name]
        return Words(str(item.get("title", {}).get(lang, "")), str(item[lang]))


@cache
def catalog() -> Catalog:
    with open(DESCRIPTIONS, "rb") as stream:
        return Catalog(tomllib.load(stream))


def walk() -> Iterator[FieldEntry]:
    """Every field of every model, models in questionnaire order."""
    for model in models():
        yield from fields(model)
