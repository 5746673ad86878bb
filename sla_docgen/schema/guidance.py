"""Guidance comments for `init`: each field's title, description and choices above its first appearance.

An init template (templates/init/LANG.yaml) holds the example answers and the advice for each
section. Lines starting with `#~ ` are optional settings, shown commented out. This module adds
the words from the description catalogue above the first occurrence of every field, in the
template's language (both, for a bilingual one), so the questionnaire and the editor say the same.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from typing import Any

from pydantic import BaseModel

from sla_docgen.loader import FieldPath, load_bytes
from sla_docgen.schema.catalog import FieldEntry, catalog, enum_name, fields

OPTIONAL = re.compile(r"^(\s*)#~ ", re.MULTILINE)
WIDTH = 100
"""Comment lines are wrapped to this many columns, a wide (Japanese) character counting two."""
SEPARATOR = {"ja": "：", "en": ": "}


def entry_at(path: FieldPath) -> FieldEntry | None:
    """The model field that a key path of the questionnaire stands for, e.g. ("parties", 0, "id") → Party.id."""
    from sla_docgen.model import Agreement

    annotation: Any = Agreement
    found: FieldEntry | None = None
    for part in path:
        annotation = container(annotation)
        origin = typing.get_origin(annotation)
        if isinstance(part, int) and origin is list:
            annotation, found = typing.get_args(annotation)[0], None
        elif isinstance(part, str) and origin is dict:
            annotation, found = typing.get_args(annotation)[1], None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found = next((e for e in fields(annotation) if e.key == part), None)
            if found is None:
                return None
            annotation = found.info.annotation
        else:
            return None
    return found


def container(annotation: Any) -> Any:
    """Strip Annotated and Optional down to the model, list or dict inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _choices(entry: FieldEntry) -> tuple[str, list[str]] | None:
    """The choice (Literal) a field takes, directly or as list items: its name and values."""
    annotation = container(entry.info.annotation)
    if typing.get_origin(annotation) is list:
        annotation = container(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is typing.Literal:
        return enum_name(annotation), [str(v) for v in typing.get_args(annotation)]
    return None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


NO_LINE_START = set("、。，．・：；）」』】！？")
"""Japanese punctuation that must not begin a line (it stays on the line before, a little over the width)."""


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` columns: between words in English, between characters in Japanese."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[!-~]+| +|[^ -~]", text):
        if _width(line + token) > width and line.strip() and token not in NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def comment_lines(entry: FieldEntry, langs: list[str], indent: str) -> list[str]:
    """The guidance for one field: title and description, then its choices, in each language."""
    words = catalog()
    out: list[str] = []
    room = WIDTH - _width(indent) - 2
    choices = _choices(entry)
    for lang in langs:
        field = words.field(entry, lang)
        out += [f"{indent}# {line}" for line in wrap(field.title + SEPARATOR[lang] + field.description, room)]
        if choices:
            name, values = choices
            for value in values:
                text = f"{value} … {words.value(name, value, lang)}"
                out += [f"{indent}#   {line}" for line in wrap(text, room - 2)]
    return out


def annotate(template: str, langs: list[str]) -> str:
    """The template with guidance above every field's first appearance and its optional lines commented out."""
    plain = OPTIONAL.sub(r"\1", template)
    keys = load_bytes(plain.encode("utf-8"), "<init template>").keys
    lines = template.split("\n")
    seen: set[str] = set()
    inserts: dict[int, list[str]] = {}
    for path, mark in sorted(keys.items(), key=lambda item: (item[1].line, item[1].column)):
        entry = entry_at(path)
        if entry is None or entry.ref in seen:
            continue
        optional = OPTIONAL.match(lines[mark.line - 1])
        before = OPTIONAL.sub(r"\1", lines[mark.line - 1])[: mark.column - 1]
        if before.strip() not in ("", "-"):
            continue  # a key inside a flow mapping `{a: 1, b: 2}` is explained where it stands alone
        seen.add(entry.ref)
        indent = before[: before.index("-")] if "-" in before else before
        if optional:  # inside a commented-out block the guidance is a comment once the block is uncommented
            margin = optional.group(1)
            indent = f"{margin}# {indent[len(margin) :]}"
        inserts.setdefault(mark.line - 1, []).extend(comment_lines(entry, langs, indent))
    out: list[str] = []
    for number, line in enumerate(lines):
        out += inserts.get(number, [])
        out.append(OPTIONAL.sub(r"\1# ", line))
    return "\n".join(out)


def init_template(langs: list[str]) -> str:
    """The init template for one language, or for a pair made from the two (see `bilingual`)."""
    from sla_docgen.resources import templates_root
    from sla_docgen.schema.bilingual import merge

    texts = [(templates_root() / "init" / f"{lang}.yaml").read_text(encoding="utf-8") for lang in langs]
    return texts[0] if len(texts) == 1 else merge(texts[0], texts[1], (langs[0], langs[1]))
