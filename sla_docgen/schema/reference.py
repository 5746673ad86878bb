"""The field reference: every section and field of the questionnaire as Markdown, read off the JSON Schema."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from sla_docgen.i18n import N_, translate
from sla_docgen.schema.catalog import catalog, fields, models, walk
from sla_docgen.schema.generate import section_schema

MSG_TITLE = N_("Questionnaire reference")
MSG_INTRO = N_(
    "Every section and field of the sla-docgen questionnaire, in the order of the file. "
    "Editors show the same words when you hover over a field (see the README, Editor support)."
)
MSG_HEADERS = (N_("Key"), N_("Item"), N_("Required"), N_("Value"), N_("Meaning"))
MSG_YES = N_("required")
MSG_TEXT = N_("text")
MSG_NAME = N_("text, the same in every language")
MSG_NUMBER = N_("number")
MSG_INTEGER = N_("whole number")
MSG_RANGE = N_("{kind}, {min} to {max}")
MSG_AT_LEAST = N_("{kind}, at least {min}")
MSG_AT_MOST = N_("{kind}, at most {max}")
MSG_DATE = N_("date YYYY-MM-DD")
MSG_PATTERNED = N_("text in a set form")
MSG_CHOICE = N_("one of the values listed")
MSG_LIST = N_("list of {item}")
MSG_MAP = N_("{key} → {item}")
MSG_SECTION = N_("see {name}")
MSG_DEFAULT = N_("Default: {value}")
MSG_EXAMPLE = N_("Example: {value}")
MSG_OR_TEXT = N_("text, or {item}")
MSG_USED_IN = N_("Used in: {fields}")


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.users = _users()

    def t(self, msgid: str, **params: Any) -> str:
        return translate(msgid, self.lang).format(**params)

    def value(self, node: dict[str, Any], section: str | None, nested: bool = False) -> str:
        """A short phrase for what a field takes; `section` names the section it holds, if any."""
        if "anyOf" in node and any(branch.get("type") == "null" for branch in node["anyOf"]):
            node = next(branch for branch in node["anyOf"] if branch.get("type") != "null")
        kind = node.get("type")
        link = f"[{section}](#{(section or '').lower()})"
        if "anyOf" in node:  # a text, or a text and a section (a missed-goal step)
            return self.t(MSG_OR_TEXT, item=link) if section else self.t(MSG_TEXT)
        if kind == "object" and "properties" in node:
            return link if nested else self.t(MSG_SECTION, name=link)
        if "enum" in node:
            return self.t(MSG_CHOICE)
        if kind == "array":
            return self.t(MSG_LIST, item=self.value(node["items"], section, nested=True))
        if kind == "object":
            return self.t(MSG_MAP, key="id", item=self.value(node["additionalProperties"], section, nested=True))
        if kind in ("number", "integer"):
            word = self.t(MSG_INTEGER if kind == "integer" else MSG_NUMBER)
            low, high = node.get("minimum"), node.get("maximum")
            low = None if low is not None and abs(low) > 1e300 else low
            high = None if high is not None and abs(high) > 1e300 else high
            if low is not None and high is not None:
                return self.t(MSG_RANGE, kind=word, min=_n(low), max=_n(high))
            if low is not None:
                return self.t(MSG_AT_LEAST, kind=word, min=_n(low))
            if high is not None:
                return self.t(MSG_AT_MOST, kind=word, max=_n(high))
            return word
        if node.get("pattern", "").startswith("^(?!0000)"):
            return self.t(MSG_DATE)
        if "pattern" in node:
            return self.t(MSG_PATTERNED)
        return self.t(MSG_NAME)

    def meaning(self, prop: dict[str, Any]) -> str:
        text = str(prop["description"])
        node = prop
        if "anyOf" in node:
            node = next((b for b in node["anyOf"] if b.get("type") != "null"), node)
        if node.get("type") == "array":
            node = node["items"]
        if "enum" in node:
            text += "<br>" + "<br>".join(
                f"`{value}`: {words}" for value, words in zip(node["enum"], node["enumDescriptions"], strict=True)
            )
        if "default" in prop:
            text += "<br>" + self.t(MSG_DEFAULT, value=f"`{prop['default']}`")
        if "examples" in prop:
            text += "<br>" + self.t(MSG_EXAMPLE, value=f"`{prop['examples'][0]}`")
        return text.replace("|", "\\|").replace("\n", " ")

    def section(self, model: type[BaseModel]) -> list[str]:
        node = section_schema(model, self.lang)
        if "anyOf" in node:
            node = next(branch for branch in node["anyOf"] if "action" in branch.get("properties", {}))
        name = model.__name__
        out = [f"## {name}", "", catalog().model(model, self.lang), ""]
        users = self.users.get(name)
        if users:
            out += [self.t(MSG_USED_IN, fields=", ".join(f"[{m}](#{m.lower()}).`{k}`" for m, k in users)), ""]
        out.append("| " + " | ".join(self.t(h) for h in MSG_HEADERS) + " |")
        out.append("|" + " --- |" * len(MSG_HEADERS))
        required = set(node.get("required", []))
        for entry in fields(model):
            prop = node["properties"][entry.key]
            held = _models_in(entry.info.annotation)
            cells = [
                f"`{entry.key}`",
                str(prop["title"]),
                self.t(MSG_YES) if entry.key in required else "",
                self.value(prop, held[0].__name__ if held else None),
                self.meaning(prop),
            ]
            out.append("| " + " | ".join(cells) + " |")
        return [*out, ""]

    def document(self) -> str:
        lines = [f"# {self.t(MSG_TITLE)}", "", self.t(MSG_INTRO), ""]
        for model in models():
            lines += self.section(model)
        return "\n".join(lines).rstrip("\n") + "\n"


def _users() -> dict[str, list[tuple[str, str]]]:
    """For each section, the fields (section, key) that hold it."""
    found: dict[str, list[tuple[str, str]]] = {}
    for entry in walk():
        for model in _models_in(entry.info.annotation):
            found.setdefault(model.__name__, []).append((entry.model.__name__, entry.key))
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def reference(lang: str) -> str:
    """The Markdown field reference in `lang`."""
    return _Writer(lang).document()
