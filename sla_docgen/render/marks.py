"""A redline's change marks in HTML (and so in the PDF): <ins> and <del> for words, a class for each changed block.

The classes (`edit-inserted`, `edit-deleted`, `edit-changed`) carry the non-colour cues the
stylesheet draws: underline and strike-through for words, a bar in the margin beside a changed
paragraph, row or list item, so that the report survives a black-and-white printer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup, escape

from sla_docgen.document.blocks import Cell, ItemList, Paragraph, PartyRow, Section, Signature, Table, Text, Variant

_TAGS = {"insert": "ins", "delete": "del"}


def words(variant: Variant) -> Markup:
    """A wording, escaped, line breaks as <br>; its changed words in <ins> and <del> when it has marks."""
    if not variant.marks:
        return _lines(variant.text)
    out = Markup()
    for op, text in variant.marks:
        tag = _TAGS.get(op)
        out += Markup(f"<{tag}>{_lines(text)}</{tag}>") if tag else _lines(text)
    return out


def _lines(text: str) -> Markup:
    return Markup("<br>").join(escape(part) for part in text.replace("\r\n", "\n").split("\n"))


def edit_class(node: Any) -> str:
    """ " edit-inserted", " edit-deleted" or " edit-changed" for a block or row that changed, else ""."""
    edit = getattr(node, "edit", None)
    if edit is not None:
        return f" edit-{edit}"
    return " edit-changed" if _changed(_texts(node)) else ""


def row_class(table: Table, index: int) -> str:
    """The class of a table's row `index`."""
    if table.row_edits and table.row_edits[index] is not None:
        return f" edit-{table.row_edits[index]}"
    return " edit-changed" if _changed(t for cell in table.rows[index] for t in cell) else ""


def item_class(block: ItemList, index: int) -> str:
    """The class of a list's item `index`."""
    if block.edits and block.edits[index] is not None:
        return f" edit-{block.edits[index]}"
    return " edit-changed" if _changed([block.items[index]]) else ""


def _changed(texts: Any) -> bool:
    return any(v.marks for text in texts for v in text.variants)


def _texts(node: Any) -> Iterator[Text]:
    if isinstance(node, Paragraph):
        yield node.text
    elif isinstance(node, PartyRow):
        if node.label is not None:
            yield node.label
        yield from _cells(node.cells)
    elif isinstance(node, Signature):
        yield from (node.party.name, node.name, node.title)
    elif isinstance(node, Section):
        yield node.title


def _cells(cells: tuple[Cell, ...]) -> Iterator[Text]:
    for cell in cells:
        yield from cell
