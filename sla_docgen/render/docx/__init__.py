"""DOCX output: the Document written with python-docx onto a styled reference document.

The reference document (the built-in templates/docx/reference.docx, or a company's own given as
`reference_docx`) brings the styles, page size and margins, header and footer; its body is
replaced by the agreement. Content is added by style name, page numbers go in the footer,
properties come from the metadata, and the zip is written so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from sla_docgen.document import Document, Text
from sla_docgen.errors import InputError, RenderError
from sla_docgen.reading import read_input
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import body as docx_body
from sla_docgen.render.docx import branding as docx_branding
from sla_docgen.render.docx import package as docx_package
from sla_docgen.render.docx.context import Context
from sla_docgen.render.docx.numbering import Numbering
from sla_docgen.render.docx.styles import StyleBook, builtin_styles
from sla_docgen.render.docx.tracked import Tracker, keep_tracking, old_numbers, settle
from sla_docgen.render.docx.xml import add_runs, field, has_field, paragraph, text_of, w
from sla_docgen.resources import template_dirs

REFERENCE = "reference.docx"
DEFAULT_TEXT_WIDTH = 9412


def builtin_reference() -> Path:
    return template_dirs("docx")[0] / REFERENCE


def reference_path(options: RenderOptions) -> Path:
    """The company's reference document if given (or found in its template folder), else the built-in one."""
    if options.reference_docx is not None:
        return options.reference_docx
    for folder in template_dirs("docx", options.template_dir):
        if (folder / REFERENCE).is_file():
            return folder / REFERENCE
    return builtin_reference()


MAX_REFERENCE_BYTES = 32 * 1024 * 1024
MAX_REFERENCE_UNZIPPED = 256 * 1024 * 1024
"""A reference document's parts, all together, once decompressed (a zip bomb stops here)."""


def open_reference(path: Path) -> Any:
    """The reference document, read as a regular file within the limits and checked to be a sound zip."""
    import docx

    try:
        data = read_input(path, limit=MAX_REFERENCE_BYTES)
    except InputError as error:
        raise RenderError("cannot read the reference document {path}: {reason}", **error.params) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(max(entry.file_size, 0) for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise RenderError("the reference document {path} is not a Word (.docx) file", path=str(path)) from None
    if unzipped > MAX_REFERENCE_UNZIPPED:
        raise RenderError(
            "the reference document {path} unpacks to {size} bytes; the limit is {limit} bytes",
            path=str(path),
            size=unzipped,
            limit=MAX_REFERENCE_UNZIPPED,
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package (KeyError, lxml errors ...)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RenderError(
            "cannot use {path} as a reference document: {reason}", path=str(path), reason=reason
        ) from None


def _twips(sect_pr: etree._Element | None, tag: str, attr: str) -> int:
    node = sect_pr.find(w(tag)) if sect_pr is not None else None
    value = node.get(w(attr)) if node is not None else None
    try:
        return int(float(value)) if value else 0
    except ValueError:
        return 0


def text_width(sect_pr: etree._Element | None) -> int:
    """The width between the margins of the reference document's page, in twentieths of a point."""
    width = _twips(sect_pr, "pgSz", "w") - _twips(sect_pr, "pgMar", "left") - _twips(sect_pr, "pgMar", "right")
    width -= _twips(sect_pr, "pgMar", "gutter")
    return width if width > 1440 else DEFAULT_TEXT_WIDTH


def _theme(doc: Any) -> bytes | None:
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            blob: bytes = rel.target_part.blob
            return blob
    return None


def clear_body(body: etree._Element) -> etree._Element | None:
    """Remove the reference document's sample content, keeping its final section properties."""
    sect_pr = body.find(w("sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    return sect_pr


def page_number_paragraph(ctx: Context, label: Text | None, lang: str) -> etree._Element:
    """Page numbers "{n} / {m}" in the document's language, {n} and {m} as PAGE and NUMPAGES fields."""
    text = label.primary.text if label is not None else "{n} / {m}"
    lang = label.primary.lang if label is not None else lang
    style_id = ctx.styles.id("Footer")
    run_style = ctx.run_style(lang, style_id)
    p = paragraph(style_id)
    for piece in re.split(r"(\{n\}|\{m\})", text):
        if piece == "{n}":
            field(p, "PAGE", "1", run_style)
        elif piece == "{m}":
            field(p, "NUMPAGES", "1", run_style)
        else:
            add_runs(p, piece, run_style)
    return p


def page_footer(doc: Any, ctx: Context, document: Document) -> None:
    """Put localized page numbers in the default footer, replacing the reference's page-number line."""
    footer = doc.sections[-1].footer
    if footer.is_linked_to_previous:
        footer.is_linked_to_previous = False
    root = footer._element
    lang = document.langs[0] if document.langs else "en"
    new = page_number_paragraph(ctx, document.labels.get("page_n_of_m"), lang)
    paragraphs = root.findall(w("p"))
    target = next((p for p in paragraphs if has_field(p, "PAGE")), None)
    if target is None and len(paragraphs) == 1 and not text_of(paragraphs):
        target = paragraphs[0]
    if target is None:
        root.append(new)
        return
    ppr, own = target.find(w("pPr")), new.find(w("pPr"))
    if ppr is not None and own is not None:
        new.replace(own, ppr)
    target.addprevious(new)
    root.remove(target)


def page_header(doc: Any, ctx: Context, document: Document) -> None:
    """Title and agreement id in the default header, when the reference document's header is empty."""
    header = doc.sections[-1].header
    if header.is_linked_to_previous:
        return
    root = header._element
    paragraphs = root.findall(w("p"))
    if root.find(w("tbl")) is not None or text_of(paragraphs) or any(has_field(p, "") for p in paragraphs):
        return
    meta = document.metadata
    for p in paragraphs:
        root.remove(p)
    title = meta.title.primary
    p = ctx.para("Header", title.text, title.lang)
    style = ctx.run_style("en", ctx.styles.id("Header"))
    add_runs(p, f"\u2003{meta.agreement_id}", style)
    root.append(p)


def tracker(doc: Any, document: Document) -> Tracker:
    """The redline's author and date (the last update, midnight UTC), ids after any the reference document
    already uses (its headers may hold bookmarks, whose ids Word counts with those of changes)."""
    assert document.redline is not None
    used = [
        int(value)
        for part in doc.part.package.iter_parts()
        if hasattr(part, "element")
        for node in part.element.iter()
        if (value := node.get(w("id"))) is not None and value.lstrip("-").isdigit()
    ]
    moment = document.metadata.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Tracker(document.redline.author, moment, first_id=max(used, default=0) + 1)


def render(document: Document, options: RenderOptions) -> bytes:
    """The DOCX bytes of `document`."""
    path = reference_path(options)
    doc = open_reference(path)
    styles = StyleBook(doc.styles.element, builtin_styles(builtin_reference()), _theme(doc))
    numbering = Numbering(doc.part.numbering_part.element, styles)
    body = doc.element.body
    sect_pr = clear_body(body)
    tracking = tracker(doc, document) if document.redline is not None else None
    ctx = Context(
        styles, numbering, text_width(sect_pr), document.labels.get("fallback"), part=doc.part, tracker=tracking
    )
    if tracking is not None:
        ctx.old_numbers = old_numbers(document)
    docx_branding.apply_accent(styles, document.metadata.accent_color)
    logo = docx_branding.logo_paragraph(doc, styles, document.metadata.logo)
    nodes = ([logo] if logo is not None else []) + docx_body.body(ctx, document)
    if nodes and nodes[-1].tag == w("tbl"):  # Word ends a body with a paragraph, never a table
        nodes.append(ctx.para("Body Text", "", document.langs[0] if document.langs else "en"))
    for node in nodes:
        if sect_pr is not None:
            sect_pr.addprevious(node)
        else:
            body.append(node)
    if ctx.tracker is not None:
        settle(ctx.tracker)
        if ctx.tracker.revisions:
            keep_tracking(doc.settings.element)
    page_header(doc, ctx, document)
    page_footer(doc, ctx, document)
    docx_package.set_properties(doc, document.metadata, document.langs)
    return docx_package.save(doc)
