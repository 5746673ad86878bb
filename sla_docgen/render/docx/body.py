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
from sla_docgen.render.docx.xml import add_runs, element, field_begin, field_end, sub

MAX_HEADING = 3
EMU_PER_TWIP = 635
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
TOC_LEVELS = 2


def number_prefix(section: Section) -> str:
    """The number before a heading as the Markdown shows it: "3. " for a section, "3.2 " below it."""
    if not section.number:
        return ""
    return f"{section.number}. " if section.level == 1 else f"{section.number} "


def heading_text(section: Section) -> str:
    """The number and title of a section as its heading shows them ("3. Hand-offs", "3.2 MQL")."""
    return number_prefix(section) + section.title.primary.text


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
        p = ctx.para(f"toc {section.level}", "", lang)
        if index == 0:
            field_begin(p, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
        style = ctx.run_style(section.title.primary.lang, ctx.styles.id(f"toc {section.level}"))
        add_runs(p, heading_text(section), style)
        if index == len(entries) - 1:
            field_end(p)
        body.append(p)
    return [sdt]


def section(ctx: Context, node: Section, labels: dict[str, Text]) -> list[etree._Element]:
    level = min(node.level, MAX_HEADING)
    title = node.title
    out = ctx.paragraphs(title, f"Heading {level}", prefix=number_prefix(node))
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
    for item in node.items:
        out += ctx.paragraphs(item, style, num=(num_id, 0))
    return out


def block(ctx: Context, node: Block, labels: dict[str, Text]) -> list[etree._Element]:
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
    sub(sub(picture, "r"), "drawing").append(inline)
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
