"""The format-neutral Document; `sla_docgen.document.build` makes it from an Agreement."""

from sla_docgen.document.blocks import (
    Block,
    Cell,
    Column,
    Document,
    Field,
    ItemList,
    Metadata,
    Paragraph,
    PartyColumns,
    PartyRef,
    PartyRow,
    Section,
    Signature,
    SignatureBlock,
    Table,
    Text,
    Variant,
)

__all__ = [
    "Block",
    "Cell",
    "Column",
    "Document",
    "Field",
    "ItemList",
    "Metadata",
    "Paragraph",
    "PartyColumns",
    "PartyRef",
    "PartyRow",
    "Section",
    "Signature",
    "SignatureBlock",
    "Table",
    "Text",
    "Variant",
]

