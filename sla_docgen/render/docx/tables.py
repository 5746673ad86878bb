"""Word tables for the DOCX renderer: grids, field lists, version history, party columns, signatures.

Every table has fixed column widths that follow the content and fill the text width (docx_widths;
w:tblLayout fixed, w:gridCol, w:tcW),
a header row repeated on every page it spans (w:tblHeader), rows that do not split across pages,
and a table style from the reference document picked by role.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from lxml import etree

from sla_docgen.document import Cell, PartyColumns, Signature, SignatureBlock, Table, Text
from sla_docgen.document.blocks import Edit
from sla_docgen.render.docx.context import Context
from sla_docgen.render.docx.tracked import line_edit
from sla_docgen.render.docx.widths import fit_widths, max_em, min_em, twips
from sla_docgen.render.docx.xml import element, sub, w

TABLE_STYLE = {"grid": "SLA Table", "history": "SLA Table", "fields": "SLA Fields"}


def style_shading(ctx: Context, style_name: str, kind: str) -> etree._Element | None:
    """The cell shading a table style gives its header row or first column (w:tblStylePr).

    It is repeated on the cells themselves because LibreOffice ignores a table style's conditional
    shading; the colour still comes from the reference document, so a company's style decides it.
    """
    style = ctx.styles.element(style_name)
    for conditional in style.findall(w("tblStylePr")):
        if conditional.get(w("type")) == kind:
            return conditional.find(f"{w('tcPr')}/{w('shd')}")
    return None


class TableBuilder:
    """One w:tbl being written: its grid first, then rows of cells."""

    def __init__(
        self,
        ctx: Context,
        style_name: str,
        widths: list[int],
        *,
        first_row: bool = True,
        first_col: bool = False,
    ) -> None:
        self.ctx = ctx
        self.widths = widths
        self.first_col = first_col
        self._shading = {kind: style_shading(ctx, style_name, kind) for kind in ("firstRow", "firstCol")}
        self.tbl = element("tbl")
        tblpr = sub(self.tbl, "tblPr")
        sub(tblpr, "tblStyle", val=ctx.styles.id(style_name))
        sub(tblpr, "tblW", w=str(sum(widths)), type="dxa")
        sub(tblpr, "tblLayout", type="fixed")
        sub(
            tblpr,
            "tblLook",
            val="0000",
            firstRow="1" if first_row else "0",
            lastRow="0",
            firstColumn="1" if first_col else "0",
            lastColumn="0",
            noHBand="1",
            noVBand="1",
        )
        grid = sub(self.tbl, "tblGrid")
        for width in widths:
            sub(grid, "gridCol", w=str(width))

    def row(self, cells: Sequence[list[etree._Element]], *, header: bool = False) -> etree._Element:
        """Append a row; each cell is a list of paragraphs (an empty list gets one empty paragraph)."""
        tr = sub(self.tbl, "tr")
        trpr = sub(tr, "trPr")
        sub(trpr, "cantSplit")
        if header:
            sub(trpr, "tblHeader")
        for index, (width, paragraphs) in enumerate(zip(self.widths, cells, strict=True)):
            tc = sub(tr, "tc")
            tcpr = sub(tc, "tcPr")
            sub(tcpr, "tcW", w=str(width), type="dxa")
            shading = self._shading["firstRow"] if header else None
            if shading is None and index == 0 and self.first_col:
                shading = self._shading["firstCol"]
            if shading is not None:
                tcpr.append(copy.deepcopy(shading))
            if paragraphs:
                tc.extend(paragraphs)
            else:
                tc.append(self.ctx.para("Table Text", "", "en"))
        if self.ctx.tracker is not None:
            self.ctx.tracker.mark_row(tr, self.ctx.edit)
        return tr


def cell_paragraphs(ctx: Context, cell: Cell, style: str = "Table Text") -> list[etree._Element]:
    out: list[etree._Element] = []
    for line in cell:
        with ctx.whole(line_edit(line) if ctx.tracker is not None else None):
            out.extend(ctx.paragraphs(line, style))
    return out


def _text_cell(ctx: Context, text: Text | None, style: str) -> list[etree._Element]:
    return [] if text is None else ctx.paragraphs(text, style)


def _all_empty(texts: Sequence[Text | None], old: bool = False) -> bool:
    """True when no text has words (in the old version of a redline, with `old`)."""
    return all(t is None or not any((v.old_text if old else v.text).strip() for v in t.variants) for t in texts)


def _header_edit(headers: Sequence[Text]) -> Edit:
    """In a redline, a header row that only one version shows (the other's headers are all empty)."""
    new, old = not _all_empty(headers), not _all_empty(headers, old=True)
    return None if new == old else ("inserted" if new else "deleted")


def caption(ctx: Context, text: Text) -> list[etree._Element]:
    return ctx.paragraphs(text, "Caption")


def column_widths(ctx: Context, weights: Sequence[float], columns: Sequence[Sequence[Text | None]]) -> list[int]:
    """Widths that follow the content (`docx_widths.fit_widths`): no column narrower than the widest piece
    it must keep whole (an amount, a number with its unit, an e-mail address, a short value)."""
    size = ctx.styles.font_size("Table Text")
    minimums, maximums = [], []
    for texts in columns:
        words = [
            words
            for t in texts
            if t is not None
            for v in t.variants
            for words in ((v.text, v.old_text) if v.marks else (v.text,))
        ]
        minimums.append(twips(min_em(words), size) if words else 0)
        maximums.append(twips(max_em(words), size) if words else 0)
    return fit_widths(weights, minimums, maximums, ctx.text_width)


def table(ctx: Context, block: Table) -> list[etree._Element]:
    """A Document Table: caption above, header row unless every column header is empty."""
    out = caption(ctx, block.caption) if block.caption is not None else []
    headers = [c.header for c in block.columns]
    show_header = not _all_empty(headers) or (ctx.tracker is not None and not _all_empty(headers, old=True))
    contents: list[list[Text | None]] = [[h] if show_header else [] for h in headers]
    for row in block.rows:
        for index, cell in enumerate(row):
            contents[index].extend(cell)
    widths = column_widths(ctx, [c.width for c in block.columns], contents)
    fields = block.role == "fields"
    builder = TableBuilder(
        ctx, TABLE_STYLE.get(block.role, "SLA Table"), widths, first_row=show_header, first_col=fields
    )
    if show_header:
        with ctx.whole(_header_edit(headers) if ctx.tracker is not None else None):
            builder.row([_text_cell(ctx, h, "Table Heading") for h in headers], header=True)
    for number, row in enumerate(block.rows):
        with ctx.whole(block.row_edits[number] if block.row_edits else None):
            cells = [
                cell_paragraphs(ctx, cell, "Table Heading" if fields and index == 0 else "Table Text")
                for index, cell in enumerate(row)
            ]
            builder.row(cells)
    out.append(builder.tbl)
    return out


def party_columns(ctx: Context, block: PartyColumns) -> list[etree._Element]:
    """One column per party (plus a row-label column when rows are labelled), party names as header."""
    labelled = block.corner is not None or any(row.label is not None for row in block.rows)
    count = len(block.parties)
    # The label column gets half a party column when there are two parties, a bit more with three or more.
    weights = ([1.0 if count <= 2 else 0.7] if labelled else []) + [2.0 if labelled and count <= 2 else 1.0] * count
    contents: list[list[Text | None]] = ([[block.corner]] if labelled else []) + [[p.name] for p in block.parties]
    for row in block.rows:
        if labelled:
            contents[0].append(row.label)
        for index, cell in enumerate(row.cells):
            contents[index + (1 if labelled else 0)].extend(cell)
    widths = column_widths(ctx, weights, contents)
    builder = TableBuilder(ctx, "SLA Table", widths, first_row=True, first_col=labelled)
    header = [_text_cell(ctx, block.corner, "Table Heading")] if labelled else []
    header += [ctx.paragraphs(party.name, "Table Heading") for party in block.parties]
    builder.row(header, header=True)
    for row in block.rows:
        with ctx.whole(row.edit):
            cells = [_text_cell(ctx, row.label, "Table Heading")] if labelled else []
            cells += [cell_paragraphs(ctx, cell) for cell in row.cells]
            builder.row(cells)
    return [builder.tbl]


def _signature_cell(ctx: Context, sig: Signature, labels: dict[str, Text]) -> list[etree._Element]:
    """One party's signature: party, name, title, a line for the date, then the line to sign on."""
    out = ctx.paragraphs(sig.party.name, "Signature Party")
    for key, value in (("name", sig.name), ("title", sig.title)):
        label = labels.get(key)
        if label is not None:
            out += ctx.paragraphs(label, "Signature Label")
        out += ctx.paragraphs(value, "Table Text")
    for key, line_style in (("date", "Date Line"), ("signature", "Signature Line")):
        label = labels.get(key)
        if label is not None:
            out += ctx.paragraphs(label, "Signature Label")
        out.append(ctx.para(line_style, "", "en"))
    return out


def signature_block(ctx: Context, block: SignatureBlock, labels: dict[str, Text]) -> list[etree._Element]:
    """Signatures two to a row, each party's lines in one cell, in the same order as the PDF."""
    per_row = min(2, len(block.signatures)) or 1
    gutter = 567
    column = (ctx.text_width - gutter * (per_row - 1)) // per_row
    widths: list[int] = []
    for index in range(per_row):
        widths.append(column)
        if index < per_row - 1:
            widths.append(gutter)
    widths[-1] += ctx.text_width - sum(widths)
    builder = TableBuilder(ctx, "SLA Signature", widths, first_row=False)
    for row, edit in signature_rows(block.signatures, per_row):
        with ctx.whole(edit):
            cells: list[list[etree._Element]] = []
            for index, sig in enumerate(row):
                if index:
                    cells.append([])
                cells.append(_signature_cell(ctx, sig, labels) if sig is not None else [])
            builder.row(cells)
    return [builder.tbl]


SignatureRow = tuple[Signature | None, ...]


def signature_rows(signatures: Sequence[Signature], per_row: int) -> list[tuple[SignatureRow, Edit]]:
    """The rows of the signature grid; in a redline where a party came or went, the rows from there on
    as they were (deleted) and as they are (inserted), since the signatures after it move to other cells."""

    def rows(sigs: Sequence[Signature]) -> list[SignatureRow]:
        padded = [*sigs, *[None] * (-len(sigs) % per_row)]
        return [tuple(padded[start : start + per_row]) for start in range(0, len(padded), per_row)]

    if not any(s.edit for s in signatures):
        return [(row, None) for row in rows(signatures)]
    old = rows([s for s in signatures if s.edit != "inserted"])
    new = rows([s for s in signatures if s.edit != "deleted"])

    def parties(row: SignatureRow) -> list[str | None]:
        return [s.party.id if s else None for s in row]

    same = 0
    while same < min(len(old), len(new)) and parties(old[same]) == parties(new[same]):
        same += 1
    out: list[tuple[SignatureRow, Edit]] = [(row, None) for row in new[:same]]
    out += [(row, "deleted") for row in old[same:]]
    out += [(row, "inserted") for row in new[same:]]
    return out
