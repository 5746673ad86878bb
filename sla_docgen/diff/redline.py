"""The redline: NEW's Document with what changed from OLD's marked in place, built once for every renderer.

Both versions are built into Documents in the same languages, then walked side by side:
sections by key, blocks by kind, rows, list items and lines of a cell by their words (equal ones
wherever they stand, similar ones as one text edited). What only OLD has comes back marked
deleted, what only NEW has is marked inserted, and a text in both carries its changed words as
marks. Accepting every mark gives NEW's words exactly, rejecting every one OLD's.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from sla_docgen.diff.text import diff_text
from sla_docgen.document.blocks import (
    Block,
    Cell,
    Chart,
    Document,
    Edit,
    Field,
    ItemList,
    Op,
    Paragraph,
    PartyColumns,
    PartyRow,
    Redline,
    Section,
    Signature,
    SignatureBlock,
    Table,
    Text,
    Variant,
)

SIMILAR = 0.5
"""Two rows, items or lines left over at the same place are one edited when their words are this similar."""

T = TypeVar("T")
Node = Block | Section


def redline(old: Document, new: Document, info: Redline) -> Document:
    """NEW with the changes from OLD marked (both built in the same languages)."""
    before, after = old.metadata, new.metadata
    metadata = replace(
        after,
        title=merge_text(before.title, after.title, new.langs),
        company=merge_text(before.company, after.company, new.langs),
        fields=_fields(before.fields, after.fields, new.langs),
    )
    sections = tuple(_children(old.sections, new.sections, new.langs))
    return replace(new, metadata=metadata, sections=sections, redline=info)  # type: ignore[arg-type]


# --- texts -------------------------------------------------------------------------------------------


def merge_text(old: Text, new: Text, langs: Sequence[str]) -> Text:
    """NEW's text with the words changed from OLD marked, language by language."""
    variants = []
    for lang in langs:
        before, after = old.variant(lang), new.variant(lang)
        marks = tuple(diff_text(before.text, after.text)) if before.text != after.text else ()
        variants.append(Variant(lang, after.text, after.fallback, marks))
    return Text.of(variants)


def marked(text: Text, edit: Edit) -> Text:
    """A text wholly inserted or deleted."""
    if edit is None:
        return text
    op: Op = "insert" if edit == "inserted" else "delete"
    return Text(
        tuple(
            Variant(v.lang, v.text if op == "insert" else "", v.fallback, ((op, v.text),) if v.text else ())
            for v in text.variants
        )
    )


def _words(text: Text) -> str:
    return " ".join(v.text for v in text.variants)


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


# --- aligning two sequences -------------------------------------------------------------------------


def align(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Any], words: Callable[[T], str]
) -> list[tuple[int | None, int | None]]:
    """Pairs (i, j) in reading order: equal keys matched, leftovers at the same place paired when similar;
    (i, None) for what only OLD has (placed where it stood), (None, j) for what only NEW has."""
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    out: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        i, j = i1, j1
        while i < i2 or j < j2:
            if i < i2 and j < j2 and _similar(words(old[i]), words(new[j])):
                out.append((i, j))
                i, j = i + 1, j + 1
            elif i < i2:
                out.append((i, None))
                i += 1
            else:
                out.append((None, j))
                j += 1
    return out


# --- blocks ------------------------------------------------------------------------------------------


def _signature(node: Node) -> tuple[str, str]:
    return ("section", node.key) if isinstance(node, Section) else (type(node).__name__, "")


def _children(old: Sequence[Node], new: Sequence[Node], langs: Sequence[str]) -> list[Node]:
    out: list[Node] = []
    for i, j in align(old, new, _signature, lambda node: str(_signature(node))):
        if i is not None and j is not None and _signature(old[i]) == _signature(new[j]):
            out += _node(old[i], new[j], langs)
        else:
            if i is not None:
                out.append(whole(old[i], "deleted"))
            if j is not None:
                out.append(whole(new[j], "inserted"))
    return out


def _node(old: Node, new: Node, langs: Sequence[str]) -> list[Node]:
    if isinstance(old, Section) and isinstance(new, Section):
        title = merge_text(old.title, new.title, langs)
        return [replace(new, title=title, children=tuple(_children(old.children, new.children, langs)))]
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        return [replace(new, text=merge_text(old.text, new.text, langs))]
    if isinstance(old, ItemList) and isinstance(new, ItemList):
        items, edits = _texts(old.items, new.items, langs)
        return [replace(new, items=items, edits=edits)]
    if isinstance(old, Table) and isinstance(new, Table) and len(old.columns) == len(new.columns):
        return [_table(old, new, langs)]
    if isinstance(old, PartyColumns) and isinstance(new, PartyColumns) and _same_parties(old, new):
        return [_party_columns(old, new, langs)]
    if isinstance(old, SignatureBlock) and isinstance(new, SignatureBlock):
        return [_signatures(old, new, langs)]
    if isinstance(old, Chart) and isinstance(new, Chart) and old.data == new.data:
        title, description = (
            merge_text(old.title, new.title, langs),
            merge_text(old.description, new.description, langs),
        )
        return [replace(new, title=title, description=description)]
    return [whole(old, "deleted"), whole(new, "inserted")]


def _texts(old: Sequence[Text], new: Sequence[Text], langs: Sequence[str]) -> tuple[tuple[Text, ...], tuple[Edit, ...]]:
    texts: list[Text] = []
    edits: list[Edit] = []
    for i, j in align(old, new, _words, _words):
        if i is not None and j is not None:
            texts.append(merge_text(old[i], new[j], langs))
            edits.append(None)
        elif i is not None:
            texts.append(marked(old[i], "deleted"))
            edits.append("deleted")
        elif j is not None:
            texts.append(marked(new[j], "inserted"))
            edits.append("inserted")
    return tuple(texts), tuple(edits) if any(edits) else ()


def _cell(old: Cell, new: Cell, langs: Sequence[str]) -> Cell:
    return _texts(old, new, langs)[0]


def _cells(cells: Sequence[Cell], edit: Edit) -> tuple[Cell, ...]:
    return tuple(tuple(marked(text, edit) for text in cell) for cell in cells)


def _row_words(row: Sequence[Cell]) -> str:
    return " ".join(_words(text) for cell in row for text in cell)


def _row_key(row: Sequence[Cell]) -> str:
    return _words(row[0][0]) if row and row[0] else ""


def _table(old: Table, new: Table, langs: Sequence[str]) -> Table:
    columns = tuple(
        replace(c, header=merge_text(o.header, c.header, langs)) for o, c in zip(old.columns, new.columns, strict=True)
    )
    rows: list[tuple[Cell, ...]] = []
    edits: list[Edit] = []
    for i, j in align(old.rows, new.rows, _row_key, _row_words):
        if i is not None and j is not None:
            rows.append(tuple(_cell(o, n, langs) for o, n in zip(old.rows[i], new.rows[j], strict=True)))
            edits.append(None)
        elif i is not None:
            rows.append(_cells(old.rows[i], "deleted"))
            edits.append("deleted")
        elif j is not None:
            rows.append(_cells(new.rows[j], "inserted"))
            edits.append("inserted")
    caption = merge_text(old.caption, new.caption, langs) if old.caption and new.caption else new.caption
    return replace(
        new, columns=columns, rows=tuple(rows), row_edits=tuple(edits) if any(edits) else (), caption=caption
    )


def _same_parties(old: PartyColumns, new: PartyColumns) -> bool:
    return [p.id for p in old.parties] == [p.id for p in new.parties]


def _party_columns(old: PartyColumns, new: PartyColumns, langs: Sequence[str]) -> PartyColumns:
    rows: list[PartyRow] = []

    def label(row: PartyRow) -> str:
        return _words(row.label) if row.label is not None else ""

    def words(row: PartyRow) -> str:
        return label(row) + " " + _row_words(row.cells)

    for i, j in align(old.rows, new.rows, words, words):
        if i is not None and j is not None:
            a, b = old.rows[i], new.rows[j]
            merged_label = merge_text(a.label, b.label, langs) if a.label and b.label else b.label
            cells = tuple(_cell(o, n, langs) for o, n in zip(a.cells, b.cells, strict=True))
            rows.append(PartyRow(merged_label, cells))
        elif i is not None:
            rows.append(_party_row(old.rows[i], "deleted"))
        elif j is not None:
            rows.append(_party_row(new.rows[j], "inserted"))
    return replace(new, rows=tuple(rows))


def _party_row(row: PartyRow, edit: Edit) -> PartyRow:
    return PartyRow(marked(row.label, edit) if row.label else None, _cells(row.cells, edit), edit)


def _signatures(old: SignatureBlock, new: SignatureBlock, langs: Sequence[str]) -> SignatureBlock:
    """Signatures matched by party; one that came or went stays where it stands in its version."""
    out: list[Signature] = []

    def party(signature: Signature) -> str:
        return signature.party.id

    for i, j in align(old.signatures, new.signatures, party, party):
        before = old.signatures[i] if i is not None else None
        after = new.signatures[j] if j is not None else None
        if before is not None and after is not None and party(before) == party(after):
            name, title = merge_text(before.name, after.name, langs), merge_text(before.title, after.title, langs)
            out.append(replace(after, name=name, title=title))
            continue
        if before is not None:
            out.append(_signature_marked(before, "deleted"))
        if after is not None:
            out.append(_signature_marked(after, "inserted"))
    return replace(new, signatures=tuple(out))


def _signature_marked(signature: Signature, edit: Edit) -> Signature:
    party = replace(signature.party, name=marked(signature.party.name, edit))
    return replace(
        signature, party=party, name=marked(signature.name, edit), title=marked(signature.title, edit), edit=edit
    )


def _fields(old: Sequence[Field], new: Sequence[Field], langs: Sequence[str]) -> tuple[Field, ...]:
    by_label = {_words(f.label): f for f in old}
    out = []
    for field in new:
        before = by_label.get(_words(field.label))
        out.append(replace(field, value=merge_text(before.value, field.value, langs)) if before else field)
    return tuple(out)


# --- a whole block inserted or deleted ---------------------------------------------------------------


def whole(node: Node, edit: Edit) -> Node:
    """A section or block that only one version has, with every text in it marked."""
    if isinstance(node, Section):
        children = tuple(whole(child, edit) for child in node.children)
        return replace(node, title=marked(node.title, edit), children=children, edit=edit)
    if isinstance(node, Paragraph):
        return replace(node, text=marked(node.text, edit), edit=edit)
    if isinstance(node, ItemList):
        return replace(node, items=tuple(marked(t, edit) for t in node.items), edits=(edit,) * len(node.items))
    if isinstance(node, Table):
        columns = tuple(replace(c, header=marked(c.header, edit)) for c in node.columns)
        rows = tuple(_cells(row, edit) for row in node.rows)
        return replace(node, columns=columns, rows=rows, row_edits=(edit,) * len(node.rows), edit=edit)
    if isinstance(node, PartyColumns):
        return replace(node, rows=tuple(_party_row(row, edit) for row in node.rows), edit=edit)
    if isinstance(node, SignatureBlock):
        return replace(node, signatures=tuple(_signature_marked(s, edit) for s in node.signatures), edit=edit)
    if isinstance(node, Chart):
        return replace(node, title=marked(node.title, edit), description=marked(node.description, edit), edit=edit)
    return replace(node, edit=edit)
