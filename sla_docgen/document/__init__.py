"""The format-neutral Document and the builder that makes it from an Agreement."""

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


def build(*args, **kwargs):  # type: ignore[no-untyped-def]
    """See `sla_docgen.document.build.build` (imported lazily: it pulls in Babel)."""
    from sla_docgen.document.build import build as _build

    return _build(*args, **kwargs)
