"""The body of a DOCX agreement: title block, table of contents, then sections and their blocks in order.

Words come out in exactly the Document's order, so the DOCX text matches the Markdown and PDF.
The table of contents is a Word TOC field inside a content control: its entries are written out
(without page numbers, which Word adds when the field is updated) and readers that walk body
paragraphs, such as python-docx's `Document.paragraphs`, skip it.
"""

from __future__ import annotations

from lxml import etree

from sla_docgen.document import (
    Block,
    Chart,
    Document,
    ItemList,
    Paragraph,
    PartyColumns,
    Section,
    SignatureBlock,
    Table,
    Text,
)
from sla_docgen.render.docx import tables as docx_tables
from sla_docgen.render.docx.context import Context
from sla_docgen.render.docx.tables import TableBuilder, column_widths
from sla_docgen.render.docx.tracked import variant_segments
from sla_docgen.render.docx.xml import element, field_begin, field_end, sub

MAX_HEADING = 3
EMU_PER_TWIP = 635
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
TOC_LEVELS = 2


def number_prefix(section: Section, number: str | None = None) -> str:
    """The number before a heading as the Markdown shows it: "3. " for a section, "3.2 " below it."""
    number = section.number if number is None else number
    if not number:
        return ""
    return f"{number}. " if section.level == 1 else f"{number} "


def old_prefix(ctx: Context, section: Section) -> str | None:
    """In a redline, the number before the heading in the old version (sections before it may have come or gone)."""
    number = ctx.old_numbers.get(id(section))
    return None if number is None else number_prefix(section, number)


def title_block(ctx: Context, document: Document) -> list[etree._Element]:
    """Title, company and the title-block fields (effective period, version, last updated ...)."""
    meta = document.metadata
    out = ctx.paragraphs(meta.title, "Title")
    out += ctx.paragraphs(meta.company, "Subtitle")
    if meta.fields:
        labels, values = [f.label for f in meta.fields], [f.value for f in meta.fields]
        widths = column_widths(ctx, [1.0, 2.6], [labels, values])
        builder = TableBuilder(ctx, "SLA Fields", widths, first_row=False, first_col=True)
        for item in meta.fields:
            builder.row([ctx.paragraphs(item.label, "Table Heading"), ctx.paragraphs(item.value, "Table Text")])
        out.append(builder.tbl)
    return out


def contents(ctx: Context, document: Document) -> list[etree._Element]:
    """A table of contents in a content control, entries written out for readers that do not update fields."""
    label = document.labels.get("contents")
    if label is None or not document.sections:
        return []
    sdt = element("sdt")
    pr = sub(sdt, "sdtPr")
    part = sub(pr, "docPartObj")
    sub(part, "docPartGallery", val="Table of Contents")
    sub(part, "docPartUnique")
    body = sub(sdt, "sdtContent")
    body.extend(ctx.paragraphs(label, "TOC Heading"))
    entries = [s for s in document.walk() if s.level <= TOC_LEVELS]
    lang = document.langs[0] if document.langs else "en"
    for index, section in enumerate(entries):
        with ctx.whole(section.edit):
            p = ctx.para(f"toc {section.level}", "", lang)
            if index == 0:
                field_begin(p, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
            style = ctx.run_style(section.title.primary.lang, ctx.styles.id(f"toc {section.level}"))
            ctx.runs(
                p, variant_segments(section.title.primary, number_prefix(section), old_prefix(ctx, section)), style
            )
            if index == len(entries) - 1:
                field_end(p)
        body.append(p)
    return [sdt]


def section(ctx: Context, node: Section, labels: dict[str, Text]) -> list[etree._Element]:
    level = min(node.level, MAX_HEADING)
    with ctx.whole(node.edit):
        out = ctx.paragraphs(
            node.title, f"Heading {level}", prefix=number_prefix(node), old_prefix=old_prefix(ctx, node)
        )
        for child in node.children:
            if isinstance(child, Section):
                out += section(ctx, child, labels)
            else:
                out += block(ctx, child, labels)
    return out


def item_list(ctx: Context, node: ItemList) -> list[etree._Element]:
    style = "List Number" if node.ordered else "List Bullet"
    num_id = ctx.numbering.list_num_id(node.ordered)
    out: list[etree._Element] = []
    for index, item in enumerate(node.items):
        with ctx.whole(node.edits[index] if node.edits else None):
            out += ctx.paragraphs(item, style, num=(num_id, 0))
    return out


def block(ctx: Context, node: Block, labels: dict[str, Text]) -> list[etree._Element]:
    with ctx.whole(getattr(node, "edit", None)):  # an ItemList has one change per item instead
        return _block(ctx, node, labels)


def _block(ctx: Context, node: Block, labels: dict[str, Text]) -> list[etree._Element]:
    if isinstance(node, Paragraph):
        return ctx.paragraphs(node.text, "Note" if node.kind == "note" else "Body Text")
    if isinstance(node, ItemList):
        return item_list(ctx, node)
    if isinstance(node, Table):
        return [*docx_tables.table(ctx, node), spacer(ctx)]
    if isinstance(node, PartyColumns):
        return [*docx_tables.party_columns(ctx, node), spacer(ctx)]
    if isinstance(node, SignatureBlock):
        return docx_tables.signature_block(ctx, node, labels)
    if isinstance(node, Chart):
        return chart(ctx, node)
    raise TypeError(f"unknown block {type(node).__name__}")  # pragma: no cover


def chart(ctx: Context, node: Chart) -> list[etree._Element]:
    """The chart's title as a caption, the chart as a PNG picture the text width wide, what it shows beneath."""
    import io

    from sla_docgen.render.charts import png, png_size

    width_px, height_px = png_size()
    width = ctx.text_width * EMU_PER_TWIP
    inline = ctx.part.new_pic_inline(io.BytesIO(png(node)), width, width * height_px // width_px)
    doc_pr = inline.find(f"{{{WP_NS}}}docPr")
    if doc_pr is not None:  # alternative text for screen readers
        doc_pr.set("title", node.title.primary.text)
        doc_pr.set("descr", node.description.primary.text)
    lang = node.title.primary.lang
    picture = ctx.para("Body Text", "", lang)
    run = element("r")
    sub(run, "drawing").append(inline)
    ctx.append_run(picture, run)
    return [*ctx.paragraphs(node.title, "Caption"), picture, *ctx.paragraphs(node.description, "Note")]


def spacer(ctx: Context) -> etree._Element:
    """An empty body paragraph after a table, so two tables never merge and text does not touch them."""
    return ctx.para("Body Text", "", "en")


def body(ctx: Context, document: Document) -> list[etree._Element]:
    out = title_block(ctx, document)
    out += contents(ctx, document)
    for node in document.sections:
        out += section(ctx, node, document.labels)
    return out
