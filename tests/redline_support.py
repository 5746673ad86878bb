"""Accepting or rejecting every change of a redline Document, and pairs of versions to compare (no tests here)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sla_docgen.document import Document, ItemList, Paragraph, PartyColumns, Section, SignatureBlock, Table, Text
from sla_docgen.document.blocks import Chart, PartyRow, Variant
from tests.conftest import ROOT, replace_once

V1 = ROOT / "samples" / "review" / "acme-ja-v1.2.yaml"
V2 = ROOT / "samples" / "review" / "acme-ja-v1.3.yaml"
BILINGUAL = ROOT / "samples" / "acme-bilingual.yaml"


def bilingual_pair(folder: Path) -> tuple[Path, Path]:
    """The bilingual sample and a reviewed version of it: a threshold, a sentence in both languages, a KPI."""
    old = folder / "bilingual-old.yaml"
    old.write_bytes(BILINGUAL.read_bytes())
    text = BILINGUAL.read_text(encoding="utf-8")
    text = replace_once(text, "  mql_threshold: 100\n", "  mql_threshold: 110\n")
    start = text.index("  purpose:\n")
    end = text.index("\n", text.index("    en: ", start))
    text = (
        text[:start]
        + "  purpose:\n    ja: 新規受注目標を3部門で確実に達成するため、リードの定義と引き渡しの約束を文書にする。\n"
        + "    en: To reach the new-bookings goal together, the three departments write down what a lead is"
        " and how it is handed over." + text[end:]
    )
    new = folder / "bilingual-new.yaml"
    new.write_text(text, encoding="utf-8")
    return old, new


def accepted(document: Document) -> Document:
    """The redline with every change accepted: what NEW says."""
    return _walk(document, keep="inserted", text=lambda v: v.text)


def rejected(document: Document) -> Document:
    """The redline with every change rejected: what OLD says."""
    return _walk(document, keep="deleted", text=lambda v: v.old_text)


def _walk(document: Document, *, keep: str, text: Any) -> Document:
    drop = "deleted" if keep == "inserted" else "inserted"

    def t(value: Text) -> Text:
        return Text.of([Variant(v.lang, text(v), v.fallback) for v in value.variants])

    def cell(lines: tuple[Text, ...]) -> tuple[Text, ...]:
        return tuple(t(line) for line in lines if not _gone(line, text))

    def node(x: Any) -> Any:
        if getattr(x, "edit", None) == drop:
            return None
        if isinstance(x, Section):
            return replace(
                x, title=t(x.title), children=tuple(c for c in map(node, x.children) if c is not None), edit=None
            )
        if isinstance(x, Paragraph):
            return replace(x, text=t(x.text), edit=None)
        if isinstance(x, ItemList):
            edits = x.edits or (None,) * len(x.items)
            return replace(x, items=tuple(t(i) for i, e in zip(x.items, edits, strict=True) if e != drop), edits=())
        if isinstance(x, Table):
            edits = x.row_edits or (None,) * len(x.rows)
            rows = tuple(tuple(cell(c) for c in r) for r, e in zip(x.rows, edits, strict=True) if e != drop)
            columns = tuple(replace(c, header=t(c.header)) for c in x.columns)
            return replace(x, columns=columns, rows=rows, row_edits=(), edit=None)
        if isinstance(x, PartyColumns):
            rows = tuple(
                PartyRow(t(r.label) if r.label else None, tuple(cell(c) for c in r.cells))
                for r in x.rows
                if r.edit != drop
            )
            return replace(x, rows=rows, edit=None)
        if isinstance(x, SignatureBlock):
            signatures = tuple(
                replace(s, party=replace(s.party, name=t(s.party.name)), name=t(s.name), title=t(s.title), edit=None)
                for s in x.signatures
                if s.edit != drop
            )
            return replace(x, signatures=signatures, edit=None)
        if isinstance(x, Chart):
            return replace(x, edit=None)
        return x

    fields = tuple(replace(f, value=t(f.value)) for f in document.metadata.fields)
    sections = tuple(s for s in map(node, document.sections) if s is not None)
    return replace(document, metadata=replace(document.metadata, fields=fields), sections=sections, redline=None)


def _gone(line: Text, text: Any) -> bool:
    """A line of a cell wholly inserted or deleted, on the side where it is not."""
    return all(v.marks and not text(v) for v in line.variants)


def words(document: Document) -> list[str]:
    """Every wording of every text in the body and title-block fields, in reading order (all languages)."""
    import dataclasses

    out: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, Text):
            out.extend(f"{v.lang}:{v.text}" for v in value.variants)
        elif isinstance(value, tuple):
            for item in value:
                visit(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name not in ("number", "edit", "edits", "row_edits", "data"):
                    visit(getattr(value, f.name))

    visit(document.metadata.fields)
    visit(document.sections)
    return out
