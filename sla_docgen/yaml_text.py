"""A questionnaire edited as text, by position: where each node stands, and edits that leave the rest untouched.

`sla-docgen bump` must keep comments, quoting, key order, indentation, blank lines, CRLF line
endings and a byte order mark exactly as the author wrote them. A YAML round trip cannot promise
that, so the file is parsed once more for the character span of every node, and only the spans
that must change are replaced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from sla_docgen.loader import FieldPath

BOM = "\ufeff"


@dataclass(slots=True)
class Node:
    """A node of the YAML tree with its span in the text (character indices, end exclusive)."""

    kind: Literal["scalar", "mapping", "sequence"]
    start: int
    end: int
    flow: bool = False
    style: str | None = None
    """A scalar's quoting: None (plain), "'", '"', "|" or ">"."""
    value: str = ""
    children: dict[str | int, Node] = field(default_factory=dict)
    """Values of a mapping by key (in the file's order), or items of a sequence by index."""


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str


class YamlText:
    """The decoded text of a questionnaire and the tree of its nodes."""

    def __init__(self, source: bytes) -> None:
        text = source.decode("utf-8")
        self.bom = text.startswith(BOM)
        self.text = text[1:] if self.bom else text
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self.root = _parse(self.text)

    def node(self, path: FieldPath) -> Node:
        """The node at a field path such as ("agreement", "version"); KeyError if there is none."""
        current = self.root
        for part in path:
            current = current.children[part]
        return current

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """The index just after the line break that ends the line holding `index` (or the text's end)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def apply(self, edits: list[Edit]) -> bytes:
        """The text with every edit made (spans must not overlap), encoded as the source was."""
        text = self.text
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _parse(text: str) -> Node:
    from ruamel.yaml import YAML
    from ruamel.yaml import events as ev

    stack: list[tuple[Node, Any]] = []  # (container, pending mapping key or None)
    root: Node | None = None

    def place(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, key = stack[-1]
        if parent.kind == "sequence":
            parent.children[len(parent.children)] = node
        else:
            parent.children[key] = node
            stack[-1] = (parent, None)

    for event in YAML(typ="safe").parse(text):
        if isinstance(event, ev.CollectionStartEvent):
            kind: Literal["mapping", "sequence"] = "mapping" if isinstance(event, ev.MappingStartEvent) else "sequence"
            node = Node(kind, event.start_mark.index, event.start_mark.index, flow=bool(event.flow_style))
            place(node)
            stack.append((node, None))
        elif isinstance(event, ev.CollectionEndEvent):
            node, _ = stack.pop()
            node.end = event.end_mark.index
        elif isinstance(event, ev.ScalarEvent):
            parent_key = stack[-1] if stack else None
            if parent_key is not None and parent_key[0].kind == "mapping" and parent_key[1] is None:
                stack[-1] = (parent_key[0], event.value)
                continue
            place(
                Node(
                    "scalar", event.start_mark.index, event.end_mark.index, style=event.style or None, value=event.value
                )
            )
    assert root is not None, "the loader accepted the file, so it has a root"
    return root


# --- writing scalars ---------------------------------------------------------------------------------

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]|:(?=\S)|(?<=\S)#)*$")
_RESOLVES = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?[0-9][0-9_.:eE+-]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
)
"""Plain words that a YAML reader would take for something other than text (numbers in a wide sense)."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""Dates are written plain as the files write them: the loader reads YAML 1.2, where a date is text."""


def scalar(value: str, *, flow: bool = False, quote: str | None = None) -> str:
    """`value` written as a YAML scalar that reads back as the same text.

    `quote` asks for the style of a neighbouring value ('"' or "'"); plain when it is safe and
    no quote was asked for, otherwise double-quoted with JSON's escapes (valid YAML).
    """
    if quote == "'" and "\n" not in value and value == value.strip() and value:
        return "'" + value.replace("'", "''") + "'"
    if quote is None and _DATE.match(value):
        return value
    plain_ok = (
        quote is None
        and value == value.strip()
        and bool(_PLAIN_SAFE.match(value))
        and not _RESOLVES.match(value)
        and not (flow and re.search(r"[,\[\]{}]", value))
        and value.isprintable()
    )
    return value if plain_ok else json.dumps(value, ensure_ascii=False)
