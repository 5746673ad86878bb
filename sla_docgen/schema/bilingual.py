"""A bilingual init template made from the two monolingual ones: every text becomes `{ja: ..., en: ...}`.

templates/init/ja.yaml and en.yaml have the same structure (a test checks it). The first
language's template gives the structure, ids and numbers; each free text is paired with the
text at the same place in the other template, and each block of advice comments is followed
by the other language's block. `init --lang ja+en` and `en+ja` use this, so a bilingual
questionnaire never drifts from the monolingual ones.
"""

from __future__ import annotations

import typing
from typing import Any

from sla_docgen.loader import FieldPath, Loaded, load_bytes
from sla_docgen.model import types as model_types
from sla_docgen.schema.guidance import OPTIONAL, container, entry_at

SCHEMA_LINE = "# yaml-language-server:"


def _is_text(path: FieldPath) -> bool:
    """True where the questionnaire takes a text that may differ per language."""
    item = isinstance(path[-1], int)
    entry = entry_at(path[:-1] if item else path)
    if entry is None:
        return False
    if not item:
        return _local_text(entry.info.annotation, entry.info.metadata)
    annotation = container(entry.info.annotation)
    if typing.get_origin(annotation) is not list:
        return False
    element = typing.get_args(annotation)[0]
    return bool(getattr(container(element), "ALSO_TEXT", False)) or _local_text(element, [])


def _local_text(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a type (or its optional form) is the per-language text of the models."""
    if any(getattr(m, "func", None) is model_types._local_text for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _local_text(base, extra)
    return any(_local_text(arg, []) for arg in typing.get_args(annotation) if arg is not type(None))


def _load(template: str) -> Loaded:
    return load_bytes(OPTIONAL.sub(r"\1", template).encode("utf-8"), "<init template>")


def _comment_groups(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of consecutive advice comments (not the `#~` optional settings)."""
    groups: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        comment = line.lstrip().startswith("#") and not OPTIONAL.match(line)
        if comment and start is None:
            start = number
        elif not comment and start is not None:
            groups.append((start, number))
            start = None
    return groups


def merge(first: str, second: str, langs: tuple[str, str]) -> str:
    """The bilingual template: `first`'s structure, each text as {langs[0]: first's, langs[1]: second's}."""
    one, two = _load(first), _load(second)
    lines, other = first.split("\n"), second.split("\n")
    replaced: dict[int, list[str]] = {}
    languages = one.values[("agreement", "languages")]
    line = lines[languages.line - 1]
    replaced[languages.line - 1] = [line[: languages.column - 1] + f"[{', '.join(langs)}]"]
    for path, mark in one.values.items():
        if not isinstance(_at(one.data, path), str) or not _is_text(path):
            continue
        there = two.values.get(path)
        if there is None or not isinstance(_at(two.data, path), str):
            raise ValueError(f"the init templates differ at {path}: no {langs[1]} text there")
        text = OPTIONAL.sub(r"\1", other[there.line - 1])[there.column - 1 :]
        replaced[mark.line - 1] = _pair(lines[mark.line - 1], mark.column, text, langs)
    other_groups = _comment_groups(other)
    extra = {
        end: other[start:stop] for (_, end), (start, stop) in zip(_comment_groups(lines), other_groups, strict=True)
    }
    out: list[str] = []
    for number, line in enumerate(lines):
        if number in extra:
            out += [text for text in extra[number] if not text.startswith(SCHEMA_LINE)]
        out += replaced.get(number, [line])
    return "\n".join(out)


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _pair(line: str, column: int, other: str, langs: tuple[str, str]) -> list[str]:
    """`key: text` → `key:` + one line per language; `- text` → `- ja: text` + `  en: text`."""
    optional = OPTIONAL.match(line)
    margin = f"{optional.group(1)}#~ " if optional else ""
    plain = OPTIONAL.sub(r"\1", line)
    head, text = plain[: column - 1], plain[column - 1 :]
    body = head[len(optional.group(1)) :] if optional else head
    if body.rstrip().endswith(":"):  # key: text, perhaps as the first key of a list item (- key: text)
        rest = body.lstrip(" ")
        key_column = len(body) - len(rest) + (2 if rest.startswith("- ") else 0)
        indent = " " * (key_column + 2)
        return [margin + body.rstrip(), f"{margin}{indent}{langs[0]}: {text}", f"{margin}{indent}{langs[1]}: {other}"]
    indent = " " * len(body)  # - text
    return [f"{margin}{body}{langs[0]}: {text}", f"{margin}{indent}{langs[1]}: {other}"]
